import ArgumentParser
import CRdkafkaBench
import Foundation
import Kafka

/// Runs the raw-C baseline loops of `CRdkafkaBench` with librdkafka
/// properties passed as C strings, on their own thread (they block).
enum RawBaseline {
    static func run(
        _ properties: [(String, String)],
        _ body: @escaping @Sendable (UnsafePointer<UnsafePointer<CChar>?>, Int32) -> homeward_bench_result
    ) async throws -> homeward_bench_result {
        let flat = properties.flatMap { [$0.0, $0.1] }
        var result = await withCheckedContinuation { continuation in
            let thread = Thread {
                let cStrings = flat.map { strdup($0) }
                defer { cStrings.forEach { free($0) } }
                let pointers = cStrings.map { UnsafePointer<CChar>($0) }
                continuation.resume(returning: pointers.withUnsafeBufferPointer { body($0.baseAddress!, Int32(flat.count / 2)) })
            }
            thread.start()
        }
        let error = withUnsafeBytes(of: &result.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        guard error.isEmpty else { throw ValidationError("raw librdkafka baseline failed: \(error)") }
        return result
    }

    /// Where a consume rate's clock starts.
    enum Timing {
        /// Before assignment: connecting and the first fetch count (as for a
        /// restore, or a Swift consumer timed the same way).
        case fromStart
        /// At the first batch received, counting the records after it (as a
        /// worker's progress is timed).
        case fromFirstBatch
    }

    /// Consumes `count` records of `topic` (partitions 0..<partitions) and
    /// returns records/s, timed as `timing` says; batches as large as a
    /// worker's by default.
    static func consumeRate(_ properties: [(String, String)], topic: String, partitions: Int32, count: Int,
                            batchSize: Int = 10_000, timing: Timing = .fromStart) async throws -> Double {
        let result = try await run(properties) { props, n in
            homeward_bench_raw_consume(props, n, topic, partitions, Int64(count), Int32(batchSize))
        }
        guard result.records >= count else { throw ValidationError("raw consume read \(result.records) of \(count) records from \(topic)") }
        if timing == .fromFirstBatch {
            guard result.steady_records > 0, result.steady_seconds > 0 else {
                throw ValidationError("raw consume of \(topic): every record arrived in the first batch, which the timing leaves out: too few to time; raise the number of records")
            }
            return Double(result.steady_records) / result.steady_seconds
        }
        return Double(result.records) / result.seconds
    }
}

extension KafkaConsumerConfiguration {
    /// How long every benchmarked consumer's fetches may wait on the broker:
    /// the raw loop's, the workers' and the restore reader's alike (the
    /// embedded broker holds a fetch for the whole wait when a partition has
    /// nothing new), so neither side of a comparison waits out a held fetch
    /// the other does not.
    static let benchmarkFetchWait: Duration = .milliseconds(10)

    /// The raw consume loop's settings: a deep prefetch, and fetches that
    /// wait on the broker no longer than ``benchmarkFetchWait``.
    static func benchmarkBaseline(client: KafkaClientConfiguration) -> KafkaConsumerConfiguration {
        var configuration = KafkaConsumerConfiguration(client: client, prefetchRecords: 1_000_000, prefetchKilobytes: 2_000_000)
        configuration.fetchWait = benchmarkFetchWait
        return configuration
    }
}

extension Array where Element == Double {
    /// The median (mean of the middle two for an even count).
    var median: Double {
        let sorted = self.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
