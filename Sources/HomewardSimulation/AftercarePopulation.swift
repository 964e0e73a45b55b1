public import HomewardContract

/// A synthetic population of cases entering aftercare, for benchmarks: per
/// case `case.opened`, `case.reunified`, and for some a risk-level
/// assessment (60%) and an OTS court order (40%). Openings are spread
/// evenly over 14 days, so the events come in time order. Deterministic for
/// a seed; pseudonymous ids only.
public struct AftercarePopulation: Sendable {
    /// One encoded event and its case (the record key).
    public struct Event: Sendable {
        /// The case id.
        public let caseId: String
        /// The CloudEvent, encoded.
        public let value: [UInt8]
    }

    /// The first opening.
    public static let start = Timestamp(millisecondsSinceEpoch: 1_767_600_000_000)  // 2026-01-05T08:00:00Z
    private static let span: Int64 = 14 * 86_400_000
    private static let teams = ["team-north", "team-east", "team-south", "team-west"]

    private let cases: Int
    private let seed: UInt64
    private var nextCase = 0
    private var pending: [Event] = []

    /// Creates a population of `cases` cases.
    public init(cases: Int, seed: UInt64) {
        self.cases = cases
        self.seed = seed
    }

    /// The next events, at least one case's and about `limit`; `nil` at the end.
    public mutating func next(upTo limit: Int) -> [Event]? {
        guard nextCase < cases else { return nil }
        var chunk: [Event] = []
        chunk.reserveCapacity(limit + 4)
        while chunk.count < limit, nextCase < cases {
            chunk += events(ofCase: nextCase)
            nextCase += 1
        }
        return chunk
    }

    private func events(ofCase number: Int) -> [Event] {
        var random = SeededGenerator(seed: seed, stream: UInt64(number))
        let caseId = SimulatedIdentifiers.caseId(number)
        let opened = Self.start.adding(milliseconds: Self.span * Int64(number) / Int64(max(cases, 1)))
        var events: [Event] = []
        func event(_ type: String, _ sequence: Int, at time: Timestamp, _ data: (inout JSONObjectWriter) -> Void) {
            let value = JSONObjectWriter.object(capacity: 384) { writer in
                writer.member("specversion", "1.0")
                writer.member("id", "evt-\(number)-\(sequence)")
                writer.member("source", "/bench/population")
                writer.member("type", "org.homeward.\(type).v1")
                writer.member("time", time.rfc3339)
                writer.member("subject", caseId)
                writer.member("datacontenttype", "application/json")
                writer.object("data", data)
            }
            events.append(Event(caseId: caseId, value: value))
        }
        event("case.opened", 1, at: opened) { data in
            data.member("caseworkerId", SimulatedIdentifiers.caseworker(random.below(400)))
            data.member("teamId", random.element(of: Self.teams))
            data.member("language", random.chance(0.8) ? "nl" : "en")
            data.object("placement") { placement in
                placement.member("type", "foster")
                placement.member("since", opened.adding(days: -random.integer(in: 60...400)).rfc3339)
            }
        }
        let reunified = opened.adding(hours: 1)
        event("case.reunified", 2, at: reunified) { $0.member("reunifiedAt", reunified.rfc3339) }
        if random.chance(0.6) {
            let assessed = opened.adding(hours: 2)
            let level = random.element(of: ["low", "medium", "high"])
            event("case.risk-level-assessed", 3, at: assessed) { data in
                data.member("level", level)
                data.member("assessedAt", assessed.rfc3339)
            }
        }
        if random.chance(0.4) {
            let issued = opened.adding(hours: 3)
            let ends = opened.adding(days: random.integer(in: 120...330))
            event("court-order.issued", 4, at: issued) { data in
                data.member("orderId", "order-\(number)-1")
                data.member("kind", "ots")
                data.member("startsAt", opened.adding(days: -30).rfc3339)
                data.member("endsAt", ends.rfc3339)
            }
        }
        return events
    }
}
