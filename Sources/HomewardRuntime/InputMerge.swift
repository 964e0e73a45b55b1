import HomewardContract
import HomewardProcessing
import Kafka

/// For a worker with several co-partitioned inputs (the escalator reads
/// `case-events` and `reminders`): takes one partition's records of all
/// inputs in time order, as Kafka Streams does (KIP-695). A record is
/// released only when every input has a record buffered to compare it with,
/// or an input without one is caught up (nothing more on the broker). An
/// input that is behind, or whose end is not known yet, is waited for (at
/// most `maxBehind`, in case its records vanish).
/// Equal times go in input order. Each input's own order is kept;
/// undecodable records go at once (to dead-letter).
struct InputMerge<Input: WorkerInput>: Sendable {
    struct Pending: Sendable {
        let record: KafkaRecord
        let decoded: Result<Input, EventRejection>
    }

    private let topics: [String]
    private var queues: [[Pending]]
    private var emptySince: [ContinuousClock.Instant?]

    /// A merge of `topics`, earlier topics first at equal times.
    init(topics: [String]) {
        self.topics = topics
        queues = Array(repeating: [], count: topics.count)
        emptySince = Array(repeating: nil, count: topics.count)
    }

    /// Whether records are waiting.
    var isHolding: Bool { queues.contains { !$0.isEmpty } }

    mutating func add(_ record: KafkaRecord, decoded: Result<Input, EventRejection>) {
        guard let index = topics.firstIndex(of: record.topic) else { return }
        queues[index].append(Pending(record: record, decoded: decoded))
    }

    /// How long an input known to have more on the broker is waited for.
    static var maxBehind: Duration { .seconds(60) }

    /// The records that may go now, in order. `behind(topic)` says whether
    /// the broker has records of that input of this partition not yet
    /// delivered (`nil`: not known yet).
    mutating func release(now: ContinuousClock.Instant, behind: (String) -> Bool?) -> [Pending] {
        var released: [Pending] = []
        while true {
            var best: Int?
            var waiting = false
            for index in topics.indices {
                guard let head = queues[index].first else {
                    let since = emptySince[index] ?? now
                    emptySince[index] = since
                    if behind(topics[index]) ?? true, now - since < Self.maxBehind { waiting = true }
                    continue
                }
                emptySince[index] = nil
                guard case .success(let input) = head.decoded else {
                    best = index  // undecodable: its time is unknown; it goes at once
                    break
                }
                if let current = best, case .success(let other) = queues[current].first!.decoded, other.time <= input.time { continue }
                best = index
            }
            guard let chosen = best else { break }
            if waiting, case .success = queues[chosen].first!.decoded { break }
            released.append(queues[chosen].removeFirst())
        }
        return released
    }
}
