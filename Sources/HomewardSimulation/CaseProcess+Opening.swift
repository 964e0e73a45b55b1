import HomewardContract

/// Stages 1–3 of the Guidelines: tracing and assessment, preparation, first
/// contact, then the decision: reunification or temporary alternative care.
extension CaseProcess {
    /// Opens the case and plans its course.
    mutating func open() {
        caseworker = random.integer(in: 1...context.caseworkerCount)
        let placedAt = now - days(random.integer(in: 30...900)) - minutes(random.below(1_440))
        let placement = CaseOpened.Placement(type: random.pick(SimulationTables.placementTypes), since: timestamp(placedAt))
        let language = random.pick(SimulationTables.languages)
        let timezone = random.pick(SimulationTables.timezones).map(TimeZoneName.init(trusted:))
        legalBasis = random.pick(SimulationTables.legalBases)
        if random.chance(0.65) {
            // Born by the time of the placement, and under 18 now.
            let youngest = min(17, SimulationCalendar.year(of: now) - SimulationCalendar.year(of: placedAt))
            birthYear = SimulationCalendar.year(of: now) - random.integer(in: youngest...17)
        }
        riskProfile = random.pick(SimulationTables.riskProfiles)
        courtOrdered = legalBasis == .ots || legalBasis == .voorlopigeOTS
        willReunify = random.chance(courtOrdered ? CourseOfCase.reunificationWhenCourtOrdered : CourseOfCase.reunificationOtherwise)
        willBreakDown = willReunify && random.chance(CourseOfCase.breakdown[riskProfile]!)
        willBePlacedPermanently = !willReunify && random.chance(CourseOfCase.permanentPlacement)

        record(.caseOpened(CaseOpened(caseworkerId: caseworkerId, teamId: teamId, language: language, timezone: timezone,
                                      placement: placement, birthYear: birthYear.map(BirthYear.init(unchecked:)),
                                      legalBasis: legalBasis)))
        changeStage(to: .tracingAssessment)

        if courtOrdered || (legalBasis == .other && random.chance(0.25)) {
            plan(.recordInitialOrders, at: moment(inMinutes: 60...360))
        }
        if random.chance(0.5) { plan(.assessRisk(nil), at: officeMoment(inDays: 7...28)) }
        plan(.advance(to: .preparation), at: officeMoment(inDays: CourseOfCase.daysPerStage))
        startChains()
    }

    /// Records the court orders the child was placed under.
    mutating func recordInitialOrders() {
        if courtOrdered {
            let isProvisional = legalBasis == .voorlopigeOTS
            let startsAt = now - days(random.integer(in: isProvisional ? 0...20 : 0...45))
            issueOrder(isProvisional ? .voorlopigeOTS : .ots, startsAt: startsAt)
            if random.chance(0.07) {
                issueOrder(.spoedmachtiging, startsAt: now - days(random.integer(in: 0...7)))
            } else if random.chance(isProvisional ? 0.4 : 0.7) {
                issueOrder(.machtigingUithuisplaatsing, startsAt: startsAt)
            }
        } else {
            issueOrder(.machtigingUithuisplaatsing, startsAt: now - days(random.integer(in: 0...60)))
        }
    }

    /// Moves to preparation or contact, and plans the next step.
    mutating func advance(to next: CaseStage) {
        guard !closed else { return }
        changeStage(to: next)
        if next == .preparation {
            plan(.advance(to: .contact), at: officeMoment(inDays: CourseOfCase.daysPerStage))
        } else {
            if random.chance(0.3) { plan(.assessRisk(nil), at: officeMoment(inDays: 2...14)) }
            plan(.decide, at: officeMoment(inDays: CourseOfCase.daysToDecision))
        }
    }

    /// Reunification, or temporary alternative care.
    mutating func decide() {
        guard !closed else { return }
        if willReunify {
            reunify()
        } else {
            changeStage(to: .alternativeCare)
            if random.chance(0.5) { plan(.assessRisk(nil), at: officeMoment(inDays: 150...210)) }
            if willBePlacedPermanently { plan(.placePermanently, at: officeMoment(inDays: 180...450)) }
        }
    }

    /// The child returns home: aftercare starts.
    mutating func reunify() {
        let reunifiedAt = now - minutes(random.integer(in: 0...360))
        let variant = random.below(100)
        if variant < 95 { record(.caseReunified(CaseReunified(reunifiedAt: timestamp(reunifiedAt)))) }
        if variant < 85 || variant >= 95 {
            record(.caseStageChanged(CaseStageChanged(stage: .reunified, effectiveAt: timestamp(reunifiedAt))))
        }
        stage = .reunified
        liftPlacementOrders()
        if random.chance(0.6) { plan(.assessRisk(nil), at: officeMoment(inDays: 1...10)) }
        startAftercare(at: reunifiedAt)
        if willBreakDown {
            let breakdownAt = officeMoment(onOrAfter: reunifiedAt + days(30 + random.integer(in: 0...135) + random.integer(in: 0...135)))
            plan(.breakdown(epoch: aftercareEpoch), at: breakdownAt)
            let precursorAt = breakdownAt - days(random.integer(in: 5...30))
            if precursorAt > now, random.chance(0.7) { plan(.reportPrecursor(epoch: aftercareEpoch), at: precursorAt) }
        }
    }

    /// Records a (re)assessment of the case's risk.
    mutating func assessRisk(_ level: RiskLevel?) {
        guard !closed else { return }
        let assessed = level ?? (random.chance(0.75) ? riskProfile : random.element(of: RiskLevel.allCases))
        record(.riskLevelAssessed(RiskLevelAssessed(level: assessed, assessedAt: timestamp(now - minutes(random.below(240))))))
    }

    /// A child in alternative care gets a new permanent home.
    mutating func placePermanently() {
        guard !closed, stage == .alternativeCare else { return }
        changeStage(to: .permanentPlacement)
        if random.chance(0.7) { plan(.closeAfterPermanentPlacement, at: officeMoment(inDays: 30...180)) }
    }

    /// Closes a case whose child has a permanent home.
    mutating func closeAfterPermanentPlacement() {
        guard !closed, stage == .permanentPlacement else { return }
        close(reason: .permanentPlacement, afterAftercare: false)
    }

    /// Records a stage change effective now.
    mutating func changeStage(to next: CaseStage) {
        stage = next
        record(.caseStageChanged(CaseStageChanged(stage: next, effectiveAt: timestamp(now))))
    }
}
