/// `case.opened.v1`: a case enters Homeward.
public struct CaseOpened: Codable, Sendable, Hashable {
    /// Where the child stayed, and since when.
    public struct Placement: Codable, Sendable, Hashable {
        /// The kind of placement.
        public var type: PlacementType
        /// When it began.
        public var since: Timestamp
        /// Creates a placement.
        public init(type: PlacementType, since: Timestamp) { self.type = type; self.since = since }
    }

    /// The responsible caseworker.
    public var caseworkerId: Identifier
    /// The caseworker's team.
    public var teamId: Identifier
    /// The language for messages about this case.
    public var language: Language
    /// The family's time zone; `Europe/Amsterdam` when absent.
    public var timezone: TimeZoneName?
    /// The placement before the return home.
    public var placement: Placement
    /// The child's birth year (never a date of birth), if known.
    public var birthYear: BirthYear?
    /// The legal basis, if known.
    public var legalBasis: LegalBasis?

    /// Creates the payload.
    public init(caseworkerId: Identifier, teamId: Identifier, language: Language, timezone: TimeZoneName? = nil,
                placement: Placement, birthYear: BirthYear? = nil, legalBasis: LegalBasis? = nil) {
        self.caseworkerId = caseworkerId
        self.teamId = teamId
        self.language = language
        self.timezone = timezone
        self.placement = placement
        self.birthYear = birthYear
        self.legalBasis = legalBasis
    }

    /// The time zone, with the default applied.
    public var effectiveTimezone: TimeZoneName { timezone ?? .amsterdam }
}

/// `case.stage-changed.v1`: the case moves to another stage or branch.
public struct CaseStageChanged: Codable, Sendable, Hashable {
    /// The new stage.
    public var stage: CaseStage
    /// When the change takes effect.
    public var effectiveAt: Timestamp
    /// Creates the payload.
    public init(stage: CaseStage, effectiveAt: Timestamp) { self.stage = stage; self.effectiveAt = effectiveAt }
}

/// `case.reunified.v1`: the child returned home.
public struct CaseReunified: Codable, Sendable, Hashable {
    /// When the child returned home.
    public var reunifiedAt: Timestamp
    /// Creates the payload.
    public init(reunifiedAt: Timestamp) { self.reunifiedAt = reunifiedAt }
}

/// `case.caseworker-assigned.v1`: another caseworker takes the case.
public struct CaseworkerAssigned: Codable, Sendable, Hashable {
    /// The new caseworker.
    public var caseworkerId: Identifier
    /// Their team.
    public var teamId: Identifier
    /// Creates the payload.
    public init(caseworkerId: Identifier, teamId: Identifier) { self.caseworkerId = caseworkerId; self.teamId = teamId }
}

/// `case.risk-level-assessed.v1`: a (re)assessment of the case's risk.
public struct RiskLevelAssessed: Codable, Sendable, Hashable {
    /// The assessed level.
    public var level: RiskLevel
    /// When it was assessed.
    public var assessedAt: Timestamp
    /// Creates the payload.
    public init(level: RiskLevel, assessedAt: Timestamp) { self.level = level; self.assessedAt = assessedAt }
}

/// `case.closed.v1`: the case is closed (with supervisor approval).
public struct CaseClosed: Codable, Sendable, Hashable {
    /// Why.
    public var reason: ClosureReason
    /// Who approved the closure.
    public var approvedBy: Identifier
    /// Creates the payload.
    public init(reason: ClosureReason, approvedBy: Identifier) { self.reason = reason; self.approvedBy = approvedBy }
}

/// `case.reopened.v1`: a closed case is reopened.
public struct CaseReopened: Codable, Sendable, Hashable {
    /// Why.
    public var reason: ReopenReason
    /// Creates the payload.
    public init(reason: ReopenReason) { self.reason = reason }
}
