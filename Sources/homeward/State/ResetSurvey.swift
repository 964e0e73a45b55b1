import HomewardContract
import Kafka
import Logging

/// What a reset needs to know, read from the topics before anything is
/// changed: how far back each input reaches, what the state topic holds,
/// and whether `case-events` still holds the opening of every open case.
struct ResetSurvey: Sendable {
    /// Per input topic, in the worker's order.
    let reach: [InputReach]
    let state: StateTopicContents
    let openings: OpeningCoverage

    /// Every input partition, as the group's members are handed them.
    var inputPartitions: Set<KafkaTopicPartition> { Set(reach.flatMap(\.watermarks.keys)) }

    /// Where the group starts over: every input partition's low watermark.
    var rewind: [KafkaTopicPartition: Int64] {
        reach.reduce(into: [:]) { $0.merge($1.start) { $1 } }
    }

    /// Reads `target`'s topics: the inputs' watermarks, the state topic to
    /// its end, then the inputs to their ends.
    ///
    /// - Throws: ``CommandFailure`` if a topic does not exist; ``KafkaError``
    ///   if one cannot be read.
    static func take(of target: ResetTarget, client: KafkaClientConfiguration, logger: Logger) async throws -> ResetSurvey {
        let admin = try KafkaTopicAdmin(configuration: client, logger: logger)
        var reach: [InputReach] = []
        for topic in target.inputTopics {
            let watermarks = try await admin.watermarks(of: try await partitions(of: topic, admin: admin))
            reach.append(InputReach(topic: topic, watermarks: watermarks))
        }
        let statePartitions = try await partitions(of: target.stateTopic, admin: admin)
        let state = try await read(statePartitions, of: target.stateTopic, client: client, logger: logger)
        let (inputs, openings) = try await read(reach, caseEvents: target.caseEventsTopic, openCases: state.openCases,
                                                client: client, logger: logger)
        return ResetSurvey(reach: inputs, state: state, openings: openings)
    }

    /// Every partition of `topic`.
    private static func partitions(of topic: String, admin: KafkaTopicAdmin) async throws -> [KafkaTopicPartition] {
        guard let count = try await admin.partitionCount(of: topic) else {
            throw CommandFailure("topic \(topic) does not exist: check --brokers and --topic-prefix")
        }
        return (0..<Int32(count)).map { KafkaTopicPartition(topic: topic, partition: $0) }
    }

    /// The state topic's keys with a value.
    private static func read(_ partitions: [KafkaTopicPartition], of topic: String, client: KafkaClientConfiguration,
                             logger: Logger) async throws -> StateTopicContents {
        try await onOwnThread("state-reset.read-state") {
            var contents = StateTopicContents(topic: topic)
            _ = try KafkaPartitionReader.readToEnd(borrowing: partitions, configuration: client, logger: logger) { partition, entry in
                contents.read(partition: partition.partition, key: String(decoding: entry.key, as: UTF8.self), hasValue: entry.value != nil)
            }
            return contents
        }
    }

    /// The inputs' earliest record times and, from `caseEvents`, the open cases' events.
    private static func read(_ reach: [InputReach], caseEvents: String, openCases: Set<String>, client: KafkaClientConfiguration,
                             logger: Logger) async throws -> ([InputReach], OpeningCoverage) {
        try await onOwnThread("state-reset.read-inputs") {
            var reach = reach
            var openings = OpeningCoverage(openCases: openCases)
            let slots = Dictionary(uniqueKeysWithValues: reach.enumerated().map { ($1.topic, $0) })
            let validator = CaseEventValidator()
            _ = try KafkaPartitionReader.readToEnd(borrowing: reach.flatMap(\.watermarks.keys), configuration: client,
                                                   logger: logger) { partition, entry in
                if let timestamp = entry.timestampMilliseconds { reach[slots[partition.topic]!].saw(timestampMilliseconds: timestamp) }
                guard partition.topic == caseEvents, let value = entry.value,
                      openCases.contains(String(decoding: entry.key, as: UTF8.self)),
                      case .success(let event) = validator.validate(value) else { return }
                openings.saw(event)
            }
            return (reach, openings)
        }
    }
}
