import HomewardContract
import HomewardNotification
import Kafka
import Logging
import Synchronization

/// Reads `notifications` from its start (assigned, no group) and keeps
/// which case each notification is about, so that `bench alert` can tell
/// whose signal an e-mail answers from its `X-Homeward-Notification`
/// header. Not on the measured path: it only names the e-mails.
final class NotificationCaseReader: Sendable {
    private let consumer: KafkaConsumer
    private let cases = NotificationCases()
    private let reading: Task<Void, Never>

    /// Starts reading every partition of `topic`.
    init(client: KafkaClientConfiguration, topic: String, partitions: Int32, logger: Logger) throws {
        var configuration = KafkaConsumerConfiguration(client: client, offsetReset: .earliest, autoCommitInterval: nil)
        configuration.fetchWait = .milliseconds(50)
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        try consumer.assign((0..<partitions).map { KafkaTopicPartition(topic: topic, partition: $0) })
        self.consumer = consumer
        let cases = self.cases
        reading = Task {
            do {
                for try await batch in consumer.batches {
                    let read = batch.compactMap { record in record.withUnsafeValue { try? StaffNotification(decoding: $0) } }
                    cases.map.withLock { cases in
                        for notification in read { cases[notification.notificationId.rawValue] = notification.caseId }
                    }
                }
            } catch {
                // The consumer closed: the bench has what it read.
            }
        }
    }

    /// How many notifications were read so far.
    var count: Int { cases.map.withLock { $0.count } }

    /// The case of each notification read, by notification id.
    var caseOfNotification: [String: Identifier] { cases.map.withLock { $0 } }

    /// Stops reading.
    func close() async {
        await consumer.close()
        await reading.value
    }
}

/// The case of each notification read, shared by the reading task and the bench.
private final class NotificationCases: Sendable {
    let map = Mutex<[String: Identifier]>([:])
}
