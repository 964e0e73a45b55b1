import HomewardContract

/// Risk signals and the escalations they cause, and caseworker turnover.
extension CaseProcess {
    /// Starts the recurring signal and reassignment chains of the current ``chain``.
    mutating func startChains() {
        planNextSignal()
        let gap = max(1, Int(random.around(CourseOfCase.daysBetweenReassignments)))
        plan(.reassignCaseworker(chain: chain), at: officeMoment(onOrAfter: now + days(gap)))
    }

    /// Plans the next recurring signal, at a rate set by the case's risk and stage.
    mutating func planNextSignal() {
        let perMonth = CourseOfCase.signalsPerMonth[riskProfile]! * CourseOfCase.signalFactor(stage)
        let gap = max(1, Int(random.around(30.4 / perMonth)))
        let at = SimulationCalendar.wakingMoment(onDayOf: now + days(gap), notBefore: now + 1, using: &random)
        plan(.reportSignal(chain: chain), at: at)
    }

    /// A recurring signal: any category, severity mostly low.
    mutating func reportRecurringSignal(chain: Int) {
        guard chain == self.chain, !closed else { return }
        let category = random.pick(SimulationTables.signalCategories)
        var severity = random.pick(SimulationTables.severities(for: category))
        if riskProfile == .high, severity < 4, random.chance(0.15) { severity += 1 }
        reportSignal(category: category, severity: severity, source: random.pick(SimulationTables.sources(for: category)))
        planNextSignal()
    }

    /// A warning sign in the weeks before a breakdown.
    mutating func reportPrecursor(epoch: Int) {
        guard epoch == aftercareEpoch, !closed, stage == .reunified else { return }
        let category = random.element(of: [RiskCategory.familyConflict, .caregiverSubstanceAbuse, .childWishesToLeave,
                                           .neglect, .domesticViolence])
        reportSignal(category: category, severity: random.integer(in: 2...3), source: random.pick(SimulationTables.sources(for: category)))
    }

    /// A caseworker follows up a concern noted at a visit.
    mutating func reportVisitConcern(_ category: RiskCategory) {
        guard !closed else { return }
        reportSignal(category: category, severity: random.pick(SimulationTables.visitConcernSeverities), source: .caseworker)
    }

    /// Records a signal; a severe one (3–4), or one with a known outcome, leads to an escalation.
    mutating func reportSignal(category: RiskCategory, severity: Int, source: SignalSource,
                               escalationOutcome: ResolutionOutcome? = nil) {
        signals += 1
        let delay = severity >= 3 ? random.integer(in: 5...360) : random.integer(in: 30...4_320)
        record(.riskSignalReported(RiskSignalReported(
            signalId: Identifier(trusted: SimulatedIdentifiers.signal(case: number, signals)), category: category,
            severity: Severity(unchecked: severity), source: source, observedAt: timestamp(now - minutes(delay)))))
        if severity >= 3 {
            lastSevereSignalAt = now
            if stage == .reunified, !closed, random.chance(0.4) {
                plan(.assessRisk(riskProfile == .low ? .medium : .high), at: officeMoment(inDays: 2...10))
            }
        }
        if severity >= 3 || escalationOutcome != nil || (severity == 2 && random.chance(0.1)) {
            openEscalation(severity: severity, outcome: escalationOutcome)
        }
    }

    /// Plans the acknowledgement (hours later) and resolution (days later) of
    /// the escalation Homeward raises for a signal; a few are never acknowledged.
    mutating func openEscalation(severity: Int, outcome: ResolutionOutcome?) {
        escalations += 1
        let escalation = escalations
        guard random.chance(0.93) else { return }
        let acknowledgedAt = moment(inMinutes: severity >= 4 ? 20...180 : 60...480)
        plan(.acknowledgeEscalation(number: escalation), at: acknowledgedAt)
        guard random.chance(0.92) else { return }
        let resolvedAt = officeMoment(onOrAfter: acknowledgedAt + days(random.integer(in: 1...14)))
        let decided = outcome ?? random.pick(SimulationTables.outcomesBySeverity[severity - 1])
        plan(.resolveEscalation(number: escalation, outcome: decided), at: resolvedAt)
    }

    /// The caseworker or the supervisor takes charge of an escalation.
    mutating func acknowledgeEscalation(_ escalation: Int) {
        let by = random.chance(0.7) ? caseworkerId : supervisorId
        record(.escalationAcknowledged(EscalationAcknowledged(escalationId: escalationId(escalation), acknowledgedBy: by,
                                                              acknowledgedAt: timestamp(now))))
    }

    /// An escalation is dealt with, mostly by the supervisor.
    mutating func resolveEscalation(_ escalation: Int, outcome: ResolutionOutcome) {
        let by = random.chance(0.6) ? supervisorId : caseworkerId
        record(.escalationResolved(EscalationResolved(escalationId: escalationId(escalation), resolvedBy: by,
                                                      resolvedAt: timestamp(now), outcome: outcome)))
    }

    /// Another caseworker takes the case, usually from the same team.
    mutating func reassignCaseworker(chain: Int) {
        guard chain == self.chain, !closed else { return }
        let teams = SimulatedIdentifiers.teams.count
        let count = context.caseworkerCount
        var next = random.chance(0.75)
            ? teamIndex + 1 + teams * random.below(count / teams)
            : random.integer(in: 1...count)
        if next == caseworker { next = next + teams > count ? next + teams - count : next + teams }
        caseworker = next
        record(.caseworkerAssigned(CaseworkerAssigned(caseworkerId: caseworkerId, teamId: teamId)))
        let gap = max(1, Int(random.around(CourseOfCase.daysBetweenReassignments)))
        plan(.reassignCaseworker(chain: chain), at: officeMoment(onOrAfter: now + days(gap)))
    }

    /// The id of escalation `escalation` of this case.
    func escalationId(_ escalation: Int) -> Identifier {
        Identifier(trusted: SimulatedIdentifiers.escalation(case: number, escalation))
    }
}
