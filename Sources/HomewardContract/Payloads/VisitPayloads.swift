/// `visit.scheduled.v1`: a follow-up visit is planned.
public struct VisitScheduled: Codable, Sendable, Hashable {
    /// The visit.
    public var visitId: Identifier
    /// When it is due.
    public var dueAt: Timestamp
    /// Creates the payload.
    public init(visitId: Identifier, dueAt: Timestamp) { self.visitId = visitId; self.dueAt = dueAt }
}

/// `visit.completed.v1`: a visit took place.
public struct VisitCompleted: Codable, Sendable, Hashable {
    /// The visit.
    public var visitId: Identifier
    /// When it took place.
    public var completedAt: Timestamp
    /// Whether the child was seen on their own.
    public var childSeenAlone: Bool
    /// Child Status Index scores by domain, if scored.
    public var wellbeing: WellbeingScores?
    /// Risk categories the caseworker is concerned about (may be empty).
    public var concerns: [RiskCategory]?

    /// Creates the payload.
    public init(visitId: Identifier, completedAt: Timestamp, childSeenAlone: Bool,
                wellbeing: WellbeingScores? = nil, concerns: [RiskCategory]? = nil) {
        self.visitId = visitId
        self.completedAt = completedAt
        self.childSeenAlone = childSeenAlone
        self.wellbeing = wellbeing
        self.concerns = concerns
    }
}

/// Child Status Index scores, keyed by domain.
public struct WellbeingScores: Codable, Sendable, Hashable {
    /// The scores.
    public var scores: [WellbeingDomain: WellbeingScore]

    /// Creates the scores.
    public init(_ scores: [WellbeingDomain: WellbeingScore]) { self.scores = scores }

    /// Decodes an object of domain → score, naming an unknown domain or a bad score.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DomainKey.self)
        var scores: [WellbeingDomain: WellbeingScore] = [:]
        for key in container.allKeys {
            guard let domain = WellbeingDomain(rawValue: key.stringValue) else {
                throw DecodingError.dataCorrupted(DecodingError.Context(
                    codingPath: container.codingPath + [key], debugDescription: "unknown domain",
                    underlyingError: ContractMismatch(
                        expected: "a Child Status Index domain (\(WellbeingDomain.allCases.map(\.rawValue).joined(separator: "|")))",
                        found: "\"\(key.stringValue.escapingControlCharacters.prefix(40))\"", kind: .enumeration)))
            }
            scores[domain] = try container.decode(WellbeingScore.self, forKey: key)
        }
        self.scores = scores
    }

    /// Encodes as an object, domains in alphabetical order.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DomainKey.self)
        for (domain, score) in scores.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            try container.encode(score, forKey: DomainKey(stringValue: domain.rawValue)!)
        }
    }

    struct DomainKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { return nil }
    }
}

/// `visit.missed.v1`: a planned visit did not take place.
public struct VisitMissed: Codable, Sendable, Hashable {
    /// The visit.
    public var visitId: Identifier
    /// When it was missed.
    public var missedAt: Timestamp
    /// Why.
    public var reason: MissedVisitReason
    /// Creates the payload.
    public init(visitId: Identifier, missedAt: Timestamp, reason: MissedVisitReason) {
        self.visitId = visitId; self.missedAt = missedAt; self.reason = reason
    }
}
