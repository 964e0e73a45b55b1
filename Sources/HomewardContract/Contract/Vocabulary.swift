/// The language of a case's communication.
public enum Language: String, ContractEnum { case nl, en }

/// Where the child stayed before returning home.
public enum PlacementType: String, ContractEnum {
    case foster, residential, kinship, detention, street, trafficking
    case unaccompaniedMinor = "unaccompanied-minor"
    case other
}

/// The legal basis of the case.
public enum LegalBasis: String, ContractEnum {
    case voluntary, ots
    case voorlopigeOTS = "voorlopige-ots"
    case other
}

/// The Guidelines on Children's Reintegration's stages and branches.
public enum CaseStage: String, ContractEnum {
    case tracingAssessment = "tracing-assessment"
    case preparation, contact, reunified
    case alternativeCare = "alternative-care"
    case permanentPlacement = "permanent-placement"
    case closed
}

/// An assessed risk level.
public enum RiskLevel: String, ContractEnum { case low, medium, high }

/// What a risk signal is about.
public enum RiskCategory: String, ContractEnum {
    case physicalAbuse = "physical-abuse"
    case sexualAbuse = "sexual-abuse"
    case neglect
    case domesticViolence = "domestic-violence"
    case exploitation
    case caregiverSubstanceAbuse = "caregiver-substance-abuse"
    case caregiverMentalHealth = "caregiver-mental-health"
    case familyConflict = "family-conflict"
    case childRanAway = "child-ran-away"
    case schoolDropout = "school-dropout"
    case stigmaDiscrimination = "stigma-discrimination"
    case economicHardship = "economic-hardship"
    case childWishesToLeave = "child-wishes-to-leave"
    case placementBreakdown = "placement-breakdown"
    case other
}

/// Who reported a risk signal.
public enum SignalSource: String, ContractEnum {
    case school, police, health, child, family, community, caseworker, other
}

/// A Dutch court order's kind.
public enum CourtOrderKind: String, ContractEnum {
    case ots
    case voorlopigeOTS = "voorlopige-ots"
    case machtigingUithuisplaatsing = "machtiging-uithuisplaatsing"
    case spoedmachtiging
}

/// Why a visit did not take place.
public enum MissedVisitReason: String, ContractEnum {
    case familyNotHome = "family-not-home"
    case childNotPresent = "child-not-present"
    case familyRefused = "family-refused"
    case caseworkerUnavailable = "caseworker-unavailable"
    case rescheduled, other
}

/// Why a case was closed.
public enum ClosureReason: String, ContractEnum {
    case monitoringComplete = "monitoring-complete"
    case childReachedAdulthood = "child-reached-adulthood"
    case transferred
    case familyRelocated = "family-relocated"
    case permanentPlacement = "permanent-placement"
    case other
}

/// Why a case was reopened.
public enum ReopenReason: String, ContractEnum {
    case newConcern = "new-concern"
    case placementBreakdown = "placement-breakdown"
    case familyRequest = "family-request"
    case courtOrder = "court-order"
    case other
}

/// What was decided when an escalation was resolved.
public enum ResolutionOutcome: String, ContractEnum {
    case noFurtherAction = "no-further-action"
    case supportIntensified = "support-intensified"
    case safetyPlan = "safety-plan"
    case protectiveMeasuresRequested = "protective-measures-requested"
    case caseReopened = "case-reopened"
    case other
}

/// A Child Status Index domain scored at a visit.
public enum WellbeingDomain: String, ContractEnum {
    case foodSecurity = "food-security"
    case nutritionAndGrowth = "nutrition-and-growth"
    case shelter, care
    case abuseAndExploitation = "abuse-and-exploitation"
    case legalProtection = "legal-protection"
    case wellness
    case healthCareServices = "health-care-services"
    case emotionalHealth = "emotional-health"
    case socialBehaviour = "social-behaviour"
    case performance
    case educationAndWork = "education-and-work"

    /// Every domain by its name, for the decoder.
    static let byNameBytes = UTF8Names(allCases.map { ($0.rawValue, $0) })
}

/// An IANA time zone name such as `Europe/Amsterdam`.
public struct TimeZoneName: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The zone's name.
    public let rawValue: String

    /// The zone used when a case names none.
    public static let amsterdam = TimeZoneName(trusted: "Europe/Amsterdam")

    /// Creates a name known to be valid.
    public init(trusted rawValue: String) { self.rawValue = rawValue }

    /// Validates the name's form (`Area/Location`, or `UTC`).
    public init(validating text: String) throws(ContractMismatch) {
        guard TimeZoneName.isWellFormed(text) else {
            throw ContractMismatch(expected: "IANA time zone name such as Europe/Amsterdam",
                                   found: "\"\(text.escapingControlCharacters.prefix(40))\"", kind: .value)
        }
        rawValue = text
    }

    static func isWellFormed(_ text: String) -> Bool {
        if text == "UTC" { return true }
        // Split as bytes: splitting the String itself walks it by Character.
        let parts = text.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard text.utf8.count <= 64, (2...3).contains(parts.count) else { return false }
        for (index, part) in parts.enumerated() {
            guard !part.isEmpty else { return false }
            for (position, byte) in part.enumerated() {
                let letter = (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
                let digit = byte >= 48 && byte <= 57
                let extra = byte == UInt8(ascii: "_") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
                if index == 0 && position == 0 { guard letter else { return false } }
                guard letter || digit || extra else { return false }
            }
        }
        return true
    }

    /// Decodes and validates.
    public init(from decoder: any Decoder) throws {
        try self.init(validating: try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The name.
    public var description: String { rawValue }
}
