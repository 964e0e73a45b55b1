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

/// Child Status Index scores, keyed by domain. Held in one word (four bits
/// per domain), so a visit's scores cost no allocation.
public struct WellbeingScores: Codable, Sendable, Hashable {
    /// Four bits per domain, in ``WellbeingDomain/allCases`` order; 0 = not scored.
    private var packed: UInt64 = 0

    private static let domains = WellbeingDomain.allCases

    /// No scores.
    public init() {}

    /// Creates the scores.
    public init(_ scores: [WellbeingDomain: WellbeingScore]) { self.scores = scores }

    /// The scores, by domain.
    public var scores: [WellbeingDomain: WellbeingScore] {
        get {
            var scores: [WellbeingDomain: WellbeingScore] = [:]
            for domain in Self.domains { if let score = self[domain] { scores[domain] = score } }
            return scores
        }
        set {
            packed = 0
            for (domain, score) in newValue { self[domain] = score }
        }
    }

    /// The score of `domain`, or nil when it was not scored.
    public subscript(domain: WellbeingDomain) -> WellbeingScore? {
        get {
            let nibble = (packed >> Self.shift(of: domain)) & 0xF
            return nibble == 0 ? nil : WellbeingScore(unchecked: Int(nibble))
        }
        set {
            let shift = Self.shift(of: domain)
            packed &= ~(0xF << shift)
            if let score = newValue {
                precondition(WellbeingScore.range.contains(score.value), "wellbeing score \(score.value) out of range")
                packed |= UInt64(score.value) << shift
            }
        }
    }

    private static func shift(of domain: WellbeingDomain) -> UInt64 {
        UInt64(domains.firstIndex(of: domain)!) * 4
    }

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
