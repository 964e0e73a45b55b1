public import HomewardContract
public import HomewardProcessing

/// The escalator's rules and responses. Loaded from
/// `config/policies/escalator.yaml` and validated at start-up; every number
/// is a setting.
public struct EscalationPolicy: Sendable, Hashable {
    /// Signals of these categories at or above `severity` → `level` (rule `severe-harm`).
    public var severeHarm: CategoryRule
    /// Signals at or above this severity, any category → `level` (rule `highest-severity`).
    public var highestSeverity: SeverityRule
    /// Signals of these categories, any severity → `level` (rule `child-safety-event`).
    public var safetyEvents: CategoryRule
    /// Repeated signals within a sliding window (rule `repeated-signals`).
    public var repeatedSignals: RepeatedSignals
    /// Any other signal at or above a severity → `level` (rule `risk-signal`).
    public var otherSignals: SeverityRule
    /// Overdue-visit reminders by occurrence (rule `visit-overdue`).
    public var overdueVisits: [OccurrenceLevel]
    /// Consecutive completed visits without seeing the child alone (rule `child-not-seen-alone`).
    public var childNotSeenAlone: ConsecutiveVisits
    /// Risk levels assessed → escalation level (rule `risk-level-assessed`).
    public var riskLevels: [RiskLevel: EscalationLevel]
    /// Each concern listed on a completed visit counts as a signal of that
    /// category with this severity, source caseworker.
    public var concernSeverity: Int
    /// A signal on a closed case → this level (rule `signal-on-closed-case`).
    public var signalOnClosedCase: EscalationLevel
    /// What each level asks for.
    public var responses: [EscalationLevel: Response]
    /// Escalations go out with caseworker and team ids `unassigned` until a
    /// case's caseworker is known (an emergency never waits); in this language.
    public var defaultLanguage: Language

    /// A rule on signal categories.
    public struct CategoryRule: Sendable, Hashable {
        /// The categories.
        public var categories: [RiskCategory]
        /// The least severity (1 = any).
        public var severityAtLeast: Int
        /// The level it leads to.
        public var level: EscalationLevel
    }

    /// A rule on severity alone.
    public struct SeverityRule: Sendable, Hashable {
        /// The least severity.
        public var severityAtLeast: Int
        /// The level it leads to.
        public var level: EscalationLevel
    }

    /// Repeated signals.
    public struct RepeatedSignals: Sendable, Hashable {
        /// Signals counted have at least this severity.
        public var severityAtLeast: Int
        /// The window, by `observedAt` (a signal exactly this long before counts).
        public var window: PolicyDuration
        /// Levels by count, highest count first.
        public var levels: [CountLevel]
    }

    /// A level from a count.
    public struct CountLevel: Sendable, Hashable {
        /// The least count.
        public var atLeast: Int
        /// The level.
        public var level: EscalationLevel
    }

    /// A level from a reminder's occurrence.
    public struct OccurrenceLevel: Sendable, Hashable {
        /// The least occurrence.
        public var occurrenceAtLeast: Int
        /// The level.
        public var level: EscalationLevel
    }

    /// Consecutive visits.
    public struct ConsecutiveVisits: Sendable, Hashable {
        /// How many in a row.
        public var count: Int
        /// The level.
        public var level: EscalationLevel
    }

    /// The response to a level.
    public struct Response: Sendable, Hashable {
        /// What Homeward recommends.
        public var recommendation: EscalationRecommendation
        /// Acknowledge within this (none for `watch`).
        public var respondWithin: PolicyDuration?
        /// Who is told when raised at (or raised to) this level.
        public var notify: [NotifyRole]
        /// Re-sent up the chain while not acknowledged, each `after` the raise.
        public var chain: [ChainStep]
    }

    /// One step of the chain.
    public struct ChainStep: Sendable, Hashable {
        /// Time after the raise (or the level raise).
        public var after: PolicyDuration
        /// Who is told.
        public var notify: [NotifyRole]
    }

    /// The response to `level` (validation guarantees there is one).
    public func response(to level: EscalationLevel) -> Response {
        responses[level]!
    }
}
