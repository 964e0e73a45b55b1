import HomewardContract

/// The distributions the simulated cases are drawn from. Weights are relative;
/// every member of every contract vocabulary has a non-zero weight somewhere so
/// that a large run exercises all of them.
enum SimulationTables {
    /// Where children stayed before returning home.
    static let placementTypes = WeightedTable<PlacementType>([
        (.foster, 34), (.residential, 20), (.kinship, 16), (.unaccompaniedMinor, 8),
        (.detention, 6), (.street, 5), (.trafficking, 4), (.other, 7),
    ])

    /// Mostly Dutch, some English.
    static let languages = WeightedTable<Language>([(.nl, 86), (.en, 14)])

    /// Mostly Europe/Amsterdam (stated or left to the default), a few families elsewhere.
    static let timezones = WeightedTable<String?>([
        ("Europe/Amsterdam", 72), (nil, 16), ("Europe/Brussels", 3), ("Europe/Berlin", 2),
        ("Europe/London", 2), ("America/Curacao", 2), ("America/Paramaribo", 2), ("Africa/Casablanca", 1),
    ])

    /// Often an OTS (a supervision order); absent when the case system does not know.
    static let legalBases = WeightedTable<LegalBasis?>([
        (.ots, 50), (.voorlopigeOTS, 12), (.voluntary, 25), (.other, 5), (nil, 8),
    ])

    /// A case's underlying risk, which assessments mostly report.
    static let riskProfiles = WeightedTable<RiskLevel>([(.low, 45), (.medium, 35), (.high, 20)])

    /// What recurring risk signals are about.
    static let signalCategories = WeightedTable<RiskCategory>([
        (.familyConflict, 14), (.neglect, 12), (.schoolDropout, 10), (.economicHardship, 10),
        (.domesticViolence, 8), (.caregiverMentalHealth, 8), (.caregiverSubstanceAbuse, 7),
        (.physicalAbuse, 6), (.childRanAway, 5), (.childWishesToLeave, 5), (.stigmaDiscrimination, 4),
        (.exploitation, 3), (.sexualAbuse, 2), (.placementBreakdown, 2), (.other, 4),
    ])

    /// What caseworkers note as concerns at a visit.
    static let visitConcerns = WeightedTable<RiskCategory>([
        (.familyConflict, 20), (.schoolDropout, 16), (.economicHardship, 14), (.neglect, 12),
        (.caregiverMentalHealth, 10), (.caregiverSubstanceAbuse, 8), (.childWishesToLeave, 8),
        (.domesticViolence, 6), (.stigmaDiscrimination, 4), (.other, 2),
    ])

    /// Severity of signals about abuse, exploitation and violence: serious more often.
    static let graveSeverities = WeightedTable<Int>([(1, 20), (2, 40), (3, 28), (4, 12)])
    /// Severity of most signals: high severities are rare.
    static let commonSeverities = WeightedTable<Int>([(1, 52), (2, 37), (3, 9), (4, 2)])
    /// Severity of signals about school, money and stigma.
    static let mildSeverities = WeightedTable<Int>([(1, 64), (2, 32), (3, 4)])
    /// Severity of a concern a caseworker raises after a visit.
    static let visitConcernSeverities = WeightedTable<Int>([(1, 55), (2, 35), (3, 9), (4, 1)])

    /// The severity table for a category.
    static func severities(for category: RiskCategory) -> WeightedTable<Int> {
        switch category {
        case .physicalAbuse, .sexualAbuse, .exploitation, .domesticViolence: graveSeverities
        case .schoolDropout, .economicHardship, .stigmaDiscrimination: mildSeverities
        default: commonSeverities
        }
    }

    /// Who reports signals in general.
    static let signalSources = WeightedTable<SignalSource>([
        (.caseworker, 24), (.school, 16), (.family, 14), (.health, 12), (.police, 10),
        (.community, 10), (.child, 8), (.other, 6),
    ])
    /// Who reports a school dropout.
    static let schoolSources = WeightedTable<SignalSource>([(.school, 70), (.caseworker, 15), (.family, 10), (.child, 5)])
    /// Who reports violence and abuse.
    static let violenceSources = WeightedTable<SignalSource>([
        (.police, 30), (.health, 20), (.school, 15), (.caseworker, 12), (.child, 10), (.community, 8), (.family, 5),
    ])
    /// Who reports a placement breaking down.
    static let breakdownSources = WeightedTable<SignalSource>([
        (.family, 30), (.caseworker, 30), (.police, 15), (.child, 15), (.school, 5), (.health, 5),
    ])

    /// The source table for a category.
    static func sources(for category: RiskCategory) -> WeightedTable<SignalSource> {
        switch category {
        case .schoolDropout: schoolSources
        case .physicalAbuse, .sexualAbuse, .domesticViolence: violenceSources
        case .placementBreakdown: breakdownSources
        default: signalSources
        }
    }

    /// What was decided on an escalation, by the severity of its trigger.
    static let outcomesBySeverity: [WeightedTable<ResolutionOutcome>] = [
        WeightedTable([(.noFurtherAction, 55), (.supportIntensified, 35), (.other, 10)]),
        WeightedTable([(.noFurtherAction, 55), (.supportIntensified, 35), (.other, 10)]),
        WeightedTable([(.supportIntensified, 40), (.noFurtherAction, 25), (.safetyPlan, 20),
                       (.protectiveMeasuresRequested, 8), (.other, 7)]),
        WeightedTable([(.protectiveMeasuresRequested, 35), (.safetyPlan, 30), (.supportIntensified, 25),
                       (.noFurtherAction, 5), (.other, 5)]),
    ]

    /// Why visits are missed.
    static let missedReasons = WeightedTable<MissedVisitReason>([
        (.familyNotHome, 35), (.childNotPresent, 20), (.caseworkerUnavailable, 15),
        (.familyRefused, 12), (.rescheduled, 12), (.other, 6),
    ])

    /// Why a quiet aftercare ends (a child who turned 18 is handled separately).
    static let closureReasons = WeightedTable<ClosureReason>([
        (.monitoringComplete, 88), (.familyRelocated, 5), (.transferred, 4), (.other, 3),
    ])

    /// Why a closed case is reopened.
    static let reopenReasons = WeightedTable<ReopenReason>([
        (.newConcern, 60), (.familyRequest, 15), (.courtOrder, 10), (.placementBreakdown, 8), (.other, 7),
    ])

    /// Child Status Index scores (1 serious problem … 4 good), by the case's risk.
    static let wellbeingScores: [RiskLevel: WeightedTable<Int>] = [
        .low: WeightedTable([(1, 3), (2, 10), (3, 40), (4, 47)]),
        .medium: WeightedTable([(1, 6), (2, 20), (3, 44), (4, 30)]),
        .high: WeightedTable([(1, 12), (2, 28), (3, 40), (4, 20)]),
    ]
}
