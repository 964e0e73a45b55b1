import Foundation
import HomewardBoard
import HomewardContract
import Kafka
import Logging
import ServiceLifecycle
import Synchronization

/// `bench dashboard`'s live figure: an embedded broker with the open
/// escalations on escalation-status, the board's feed reading it, and
/// changed escalations produced at a steady rate, each timed from its
/// produce call to the Server-Sent Event a subscriber gets for its row.
struct DashboardLiveLatency {
    let samples: DashboardBenchSamples
    let updates: Int
    let rate: Int

    func run(page: BoardPage, user: BoardUser) async throws -> LatencyHistogram {
        let logger = CommandLogging.logger("homeward.bench", level: .error)
        let broker = try EmbeddedBroker(logger: logger)
        defer { broker.shutdown() }
        let topics = BoardTopics(prefix: "bench-board.\(UUID().uuidString.prefix(8).lowercased()).")
        try await broker.createTopics((topics.read + [topics.caseEvents]).map { KafkaTopicSpec(name: $0, partitions: 8) })
        let client = KafkaClientConfiguration(brokers: broker.bootstrapServers, clientID: "homeward-bench")
        var configuration = KafkaProducerConfiguration(client: client)
        configuration.linger = .milliseconds(1)
        let producer = try KafkaProducer(configuration: configuration, logger: logger)
        let initial = (0..<samples.count).map { record($0, version: 0, topic: topics.status) }
        guard try await producer.enqueue(initial).failures().isEmpty else { throw CommandFailure("producing the escalations to the embedded broker failed") }

        let view = BoardView(day: samples.start..<samples.start.adding(days: 1))
        let feed = BoardFeed(client: client, topics: topics, view: view, days: BoardDay(timeZone: .gmt), now: { .now }, logger: logger)
        let log = LiveRowLog()
        let group = ServiceGroup(services: [feed], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            guard try await BenchWait.until(within: .seconds(120), { view.isCaughtUp && view.read { $0.open.count } == samples.count }) else {
                throw CommandFailure("the board's feed did not read the \(samples.count) escalations within 120 s")
            }
            let changes = view.changes(since: nil)
            tasks.addTask {
                var seen = 0
                for await item in changes {
                    let change = item.change
                    guard case .changed(let caseId) = change, let start = log.sent.withLock({ $0.removeValue(forKey: caseId) }) else { continue }
                    _ = BoardEventStream.event(for: change, view: view, page: page, user: user, filter: BoardFilter(), csrf: "bench", now: .now)
                    log.histogram.withLock { $0.record(ContinuousClock.now - start) }
                    seen += 1
                    if seen == updates { break }
                }
            }
            let schedule = SteadySchedule(rate: rate)
            for number in 0..<updates {
                _ = try await schedule.waitFor(number)
                let changed = (number * 7_919) % samples.count
                log.sent.withLock { $0[samples.caseId(changed)] = .now }
                _ = try await producer.enqueue([record(changed, version: number + 1, topic: topics.status)])
            }
            guard try await BenchWait.until(within: .seconds(30), { log.histogram.withLock { $0.count } >= updates }) else {
                throw CommandFailure("only \(log.histogram.withLock { $0.count }) of \(updates) changed escalations reached the board within 30 s")
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        await producer.shutdown()
        return log.histogram.withLock { $0 }
    }

    /// When each pending change was produced, and the latencies so far.
    private final class LiveRowLog: Sendable {
        let sent = Mutex<[String: ContinuousClock.Instant]>([:])
        let histogram = Mutex(LatencyHistogram())
    }

    private func record(_ number: Int, version: Int, topic: String) -> KafkaProducerRecord {
        KafkaProducerRecord(topic: topic, key: samples.caseId(number), value: samples.statusBytes(number, version: version, at: .now))
    }
}
