public import HomewardContract
public import Kafka
public import Logging
import HomewardNotification
public import ServiceLifecycle

/// Builds the board's view from Kafka, like any client: every partition
/// of its topics by manual assignment, from the start, with no consumer
/// group and no commits. A second board is simply a second reader; a
/// restart rebuilds the view. Marks the view caught up once it has read
/// up to where the topics ended when it started.
public struct BoardFeed: Service {
    private let client: KafkaClientConfiguration
    private let topics: BoardTopics
    private let view: BoardView
    private let days: BoardDay
    private let now: @Sendable () -> Timestamp
    private let logger: Logger

    /// A feed of `topics` into `view`, counting today by `days` on the clock `now`.
    public init(client: KafkaClientConfiguration, topics: BoardTopics, view: BoardView, days: BoardDay,
                now: @escaping @Sendable () -> Timestamp, logger: Logger) {
        self.client = client
        self.topics = topics
        self.view = view
        self.days = days
        self.now = now
        self.logger = logger
    }

    /// Reads until graceful shutdown or cancellation.
    ///
    /// - Throws: ``BoardFeedError`` when a topic does not exist; what the
    ///   consumer throws, as it is.
    public func run() async throws {
        let partitions = try await BoardFeedPartitions.of(topics.read, client: client, logger: logger)
        var configuration = KafkaConsumerConfiguration(client: client, autoCommitInterval: nil)
        // A fetch returns within 50 ms even when a broker holds it for more data (as the embedded one does): a live row waits no longer.
        configuration.fetchWait = .milliseconds(50)
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        try consumer.assign(partitions, offsets: Dictionary(uniqueKeysWithValues: partitions.map { ($0, KafkaOffset.beginning) }))
        let progress = BoardFeedProgress(ends: try await KafkaTopicReader.highWatermarks(of: consumer))
        if progress.isDone { caughtUp(progress) }
        await cancelWhenGracefulShutdown { await consume(consumer, progress) }
        await consumer.close()
        // Ends the live streams, so that the HTTP server's graceful stop does not wait on them.
        view.finish()
    }

    /// Applies every batch until the consumer ends, noting when the view catches up.
    private func consume(_ consumer: KafkaConsumer, _ start: BoardFeedProgress) async {
        var progress = start
        do {
            for try await batch in consumer.batches {
                apply(batch)
                if progress.advance(past: batch) { caughtUp(progress) }
            }
        } catch {
            logger.error("the board's feed stopped", metadata: ["error": "\(error)"])
        }
    }

    private func caughtUp(_ progress: BoardFeedProgress) {
        view.update { state in
            state.forgetClosedOutcomes()
            return []
        }
        view.markCaughtUp()
        logger.notice("board view caught up", metadata: ["records": "\(progress.recordsRead)",
                                                          "escalations.open": "\(view.read { $0.open.count })"])
    }

    private func apply(_ batch: KafkaRecordBatch) {
        let day = days.day(of: now())
        view.update { state in
            state.today.move(to: day)
            var changes: [BoardChange] = []
            for record in batch {
                changes += BoardRecordDecoding.apply(record, topics: topics, to: &state, logger: logger)
            }
            return changes
        }
    }
}
