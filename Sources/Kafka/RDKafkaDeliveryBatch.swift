import CRdkafka
import Synchronization

/// The delivery state of one record, written by its delivery callback.
/// librdkafka's per-record opaque points at it.
struct RDKafkaDeliveryEntry {
    var batch: Unmanaged<RDKafkaDeliveryBatch>
    var offset: Int64
    var partition: Int32
    var error: rd_kafka_resp_err_t
    var topicIndex: Int32
}

/// The delivery state of one `enqueue` call: one compact entry per record,
/// turned into ``KafkaDeliveryReport`` values only when asked for.
///
/// `@unchecked Sendable`: entry *i* is written by `prepare` before record *i*
/// is handed to librdkafka, then exactly once by its delivery callback (or by
/// `fail`); entries are read only after `remaining` reached zero, which the
/// atomic decrement orders. `topics` is appended to only during `enqueue`,
/// before `sealed()`. The continuation and failures are guarded by `waiter`.
final class RDKafkaDeliveryBatch: @unchecked Sendable {
    private let entries: UnsafeMutablePointer<RDKafkaDeliveryEntry>
    private let count: Int
    private var topics: [String] = []
    private let remaining: Atomic<Int>
    private let waiter = Mutex<Waiter>(Waiter())

    private struct Waiter {
        var done = false
        var continuations: [CheckedContinuation<Void, Never>] = []
        var failures: [Int: KafkaError] = [:]
    }

    init(count: Int) {
        self.count = count
        entries = .allocate(capacity: max(count, 1))
        remaining = Atomic(count + 1)  // +1 until every record was handed over
        _ = Unmanaged.passRetained(self)  // released by the last completion
    }

    deinit {
        entries.deallocate()
    }

    func topicIndex(_ topic: String) -> Int32 {
        if let existing = topics.firstIndex(of: topic) { return Int32(existing) }
        topics.append(topic)
        return Int32(topics.count - 1)
    }

    func prepare(_ index: Int, topicIndex: Int32) -> UnsafeMutableRawPointer {
        (entries + index).initialize(to: RDKafkaDeliveryEntry(
            batch: Unmanaged.passUnretained(self), offset: -1, partition: -1,
            error: RD_KAFKA_RESP_ERR_NO_ERROR, topicIndex: topicIndex))
        return UnsafeMutableRawPointer(entries + index)
    }

    static func complete(_ entry: UnsafeMutablePointer<RDKafkaDeliveryEntry>, message: UnsafePointer<rd_kafka_message_t>) {
        let m = message.pointee
        entry.pointee.offset = m.offset
        entry.pointee.partition = m.partition
        entry.pointee.error = m.err
        entry.pointee.batch.takeUnretainedValue().release()
    }

    func fail(index: Int, error: KafkaError) {
        (entries + index).pointee.error = rd_kafka_resp_err_t(error.code)
        waiter.withLock { $0.failures[index] = error }
        release()
    }

    /// Called once every record was handed to librdkafka (or failed).
    func sealed() { release() }

    private func release() {
        guard remaining.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 else { return }
        let continuations = waiter.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.done = true
            defer { state.continuations.removeAll() }
            return state.continuations
        }
        for continuation in continuations { continuation.resume() }
        Unmanaged.passUnretained(self).release()
    }

    var isComplete: Bool { waiter.withLock { $0.done } }

    func awaitCompletion() async {
        await withCheckedContinuation { continuation in
            let done = waiter.withLock { state -> Bool in
                if state.done { return true }
                state.continuations.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    func report(_ index: Int, failures: [Int: KafkaError]) -> KafkaDeliveryReport {
        let entry = entries[index]
        let topic = entry.topicIndex >= 0 ? topics[Int(entry.topicIndex)] : ""
        if entry.error == RD_KAFKA_RESP_ERR_NO_ERROR {
            return KafkaDeliveryReport(topic: topic, partition: entry.partition, offset: entry.offset, error: nil)
        }
        let error = failures[index]
            ?? KafkaError(operation: .delivery, code: entry.error, context: "record \(index) for \(topic)")
        return KafkaDeliveryReport(topic: topic, partition: entry.partition, offset: nil, error: error)
    }

    var failureMap: [Int: KafkaError] { waiter.withLock { $0.failures } }

    var reports: [KafkaDeliveryReport] {
        let failures = failureMap
        return (0..<count).map { report($0, failures: failures) }
    }

    var failedReports: [KafkaDeliveryReport] {
        let failures = failureMap
        return (0..<count).filter { entries[$0].error != RD_KAFKA_RESP_ERR_NO_ERROR }.map { report($0, failures: failures) }
    }
}
