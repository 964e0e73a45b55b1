import HomewardContract

/// Stages 4–5 of the Guidelines: monitoring after the return home, on a
/// tapering rhythm of visits; a breakdown and placement out of home again;
/// closure after a quiet year, and reopening on a new concern.
extension CaseProcess {
    /// Starts (or restarts) aftercare from `start`: the first visit and the closure review.
    mutating func startAftercare(at start: Int64) {
        aftercareEpoch += 1
        aftercareStart = start
        scheduleVisit(slot: 1, notBefore: now + hours(1))
        let reviewAt = start + days(Int(CourseOfCase.quietDaysBeforeClosure) + random.integer(in: 7...42))
        plan(.reviewClosure(epoch: aftercareEpoch), at: officeMoment(onOrAfter: reviewAt))
    }

    /// Schedules the visit of rhythm slot `slot`, not before `notBefore`.
    mutating func scheduleVisit(slot: Int, notBefore: Int64) {
        visits += 1
        let due = aftercareStart + days(CourseOfCase.visitDay(slot: slot, risk: riskProfile))
        let dueAt = officeMoment(onOrAfter: max(due, notBefore))
        record(.visitScheduled(VisitScheduled(visitId: visitId(visits), dueAt: timestamp(dueAt))))
        let heldAt = random.chance(0.15)
            ? officeMoment(onOrAfter: dueAt + days(random.integer(in: 1...3)))
            : dueAt + minutes(random.integer(in: 0...90))
        let visit = VisitPlan(epoch: aftercareEpoch, slot: slot, number: visits, heldAt: heldAt)
        // The report is written in office hours after the visit, the same day or a following working day.
        plan(.visitOutcome(visit), at: officeMoment(onOrAfter: heldAt + minutes(random.integer(in: 80...150))))
    }

    /// Records how a visit went and schedules the next (a catch-up after a missed one).
    mutating func recordVisitOutcome(_ visit: VisitPlan) {
        guard visit.epoch == aftercareEpoch, !closed, stage == .reunified else { return }
        if random.chance(CourseOfCase.missedVisit[riskProfile]!) {
            record(.visitMissed(VisitMissed(visitId: visitId(visit.number), missedAt: timestamp(visit.heldAt),
                                            reason: random.pick(SimulationTables.missedReasons))))
            scheduleVisit(slot: visit.slot, notBefore: now + days(random.integer(in: 2...6)))
            return
        }
        let childSeenAlone = random.chance(CourseOfCase.childSeenAlone)
        let wellbeing = random.chance(CourseOfCase.scoredVisit) ? wellbeingScores() : nil
        let concerns = visitConcerns()
        record(.visitCompleted(VisitCompleted(visitId: visitId(visit.number),
                                              completedAt: timestamp(visit.heldAt + minutes(random.integer(in: 30...75))),
                                              childSeenAlone: childSeenAlone, wellbeing: wellbeing, concerns: concerns)))
        if let first = concerns?.first, random.chance(0.3) {
            plan(.reportVisitConcern(first), at: officeMoment(inDays: 1...3))
        }
        scheduleVisit(slot: visit.slot + 1, notBefore: now + days(2))
    }

    /// Scores on three to seven Child Status Index domains.
    mutating func wellbeingScores() -> WellbeingScores {
        let count = random.integer(in: 3...7)
        let domains = random.sample(count, of: WellbeingDomain.allCases)
        let table = SimulationTables.wellbeingScores[riskProfile]!
        var scores: [WellbeingDomain: WellbeingScore] = [:]
        for domain in domains { scores[domain] = WellbeingScore(unchecked: random.pick(table)) }
        return WellbeingScores(scores)
    }

    /// Concerns noted at a visit: usually none (stated as an empty list or left out).
    mutating func visitConcerns() -> [RiskCategory]? {
        guard random.chance(CourseOfCase.visitWithConcerns[riskProfile]!) else { return random.chance(0.5) ? [] : nil }
        let first = random.pick(SimulationTables.visitConcerns)
        let second = random.pick(SimulationTables.visitConcerns)
        return second != first && random.chance(0.3) ? [first, second] : [first]
    }

    /// The return home breaks down: a placement-breakdown signal, then placement out of home.
    mutating func breakDown(epoch: Int) {
        guard epoch == aftercareEpoch, !closed, stage == .reunified else { return }
        reportSignal(category: .placementBreakdown, severity: random.chance(0.7) ? 3 : 4,
                     source: random.pick(SimulationTables.breakdownSources),
                     escalationOutcome: random.chance(0.7) ? .protectiveMeasuresRequested : .safetyPlan)
        aftercareEpoch += 1
        plan(.placeOut, at: moment(inMinutes: 240...4_320))
    }

    /// The child is placed out of home again, often under an emergency order.
    mutating func placeOut() {
        guard !closed, stage == .reunified else { return }
        changeStage(to: .alternativeCare)
        plan(.assessRisk(.high), at: officeMoment(inDays: 1...5))
        if random.chance(courtOrdered ? 0.8 : 0.4) {
            issueOrder(.spoedmachtiging, startsAt: now - hours(random.integer(in: 0...12)))
        }
        if random.chance(0.2) { plan(.placePermanently, at: officeMoment(inDays: 180...400)) }
    }

    /// Closes the case after a quiet year of aftercare, or postpones the review.
    mutating func reviewClosure(epoch: Int) {
        guard epoch == aftercareEpoch, !closed, stage == .reunified else { return }
        let quiet = days(Int(CourseOfCase.quietDaysBeforeClosure))
        if let last = lastSevereSignalAt, now - last < quiet {
            plan(.reviewClosure(epoch: epoch), at: officeMoment(onOrAfter: last + quiet + days(random.integer(in: 7...42))))
        } else if random.chance(CourseOfCase.closureAtReview) {
            let adult = birthYear.map { SimulationCalendar.year(of: now) - $0 >= 18 } ?? false
            close(reason: adult ? .childReachedAdulthood : random.pick(SimulationTables.closureReasons), afterAftercare: true)
        } else {
            plan(.reviewClosure(epoch: epoch), at: officeMoment(inDays: 60...120))
        }
    }

    /// Closes the case with a supervisor's approval; running court orders end.
    mutating func close(reason: ClosureReason, afterAftercare: Bool) {
        record(.caseClosed(CaseClosed(reason: reason, approvedBy: supervisorId)))
        if random.chance(0.3) {
            changeStage(to: .closed)
        } else {
            stage = .closed
        }
        closed = true
        aftercareEpoch += 1
        chain += 1
        endOrdersAtClosure()
        if afterAftercare, random.chance(CourseOfCase.reopening) {
            plan(.raiseConcernAfterClosure(random.pick(SimulationTables.reopenReasons)), at: officeMoment(inDays: 30...180))
        }
    }

    /// A substantiated concern about a closed case (a family's request needs no signal).
    mutating func raiseConcernAfterClosure(_ reason: ReopenReason) {
        guard closed else { return }
        switch reason {
        case .familyRequest:
            break
        case .placementBreakdown:
            reportSignal(category: .placementBreakdown, severity: random.integer(in: 3...4),
                         source: random.pick(SimulationTables.breakdownSources), escalationOutcome: .caseReopened)
        default:
            var category = random.pick(SimulationTables.signalCategories)
            if category == .placementBreakdown { category = .neglect }
            reportSignal(category: category, severity: random.integer(in: 2...3),
                         source: random.pick(SimulationTables.sources(for: category)), escalationOutcome: .caseReopened)
        }
        plan(.reopen(reason), at: officeMoment(inDays: 2...10))
    }

    /// Reopens the case: monitoring resumes at home, or the child is placed out.
    mutating func reopen(_ reason: ReopenReason) {
        guard closed else { return }
        closed = false
        record(.caseReopened(CaseReopened(reason: reason)))
        plan(.assessRisk(riskProfile == .low ? .medium : .high), at: officeMoment(inDays: 1...7))
        startChains()
        if reason == .placementBreakdown {
            changeStage(to: .alternativeCare)
            if random.chance(0.6) { issueOrder(.spoedmachtiging, startsAt: now - hours(random.integer(in: 0...24))) }
        } else {
            if reason == .courtOrder { issueOrder(.ots, startsAt: now - days(random.integer(in: 0...14))) }
            changeStage(to: .reunified)
            startAftercare(at: now)
        }
    }

    /// The id of visit `number`.
    func visitId(_ visit: Int) -> Identifier { Identifier(trusted: SimulatedIdentifiers.visit(case: number, visit)) }
}
