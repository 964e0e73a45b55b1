import CRdkafka
import CRdkafkaShims
public import Logging
import Synchronization

/// Produces records to Kafka through librdkafka.
///
/// - `send(_:)` awaits the broker's acknowledgement of one record.
/// - `send(contentsOf:)` hands a whole batch over and awaits every report.
/// - `enqueue(_:)` hands a batch over and returns at once; its reports can be
///   collected later from the returned ``KafkaPendingDeliveries``.
///
/// The producer is idempotent by default. When the local queue is full a send
/// waits (asynchronously) for room instead of failing; while brokers are down
/// records wait in the queue and are delivered when they return, up to
/// ``KafkaProducerConfiguration/deliveryTimeout``. Delivery reports are served
/// on a dedicated thread. Call ``shutdown(timeout:)`` to flush before exit.
public final class KafkaProducer: Sendable {
    private let client: RDKafkaClient
    private let topics: RDKafkaTopicHandles
    private let room: ProducerRoom
    private let pollThread: RDKafkaPollThread
    private let closed = Latch()
    private let logger: Logger

    /// Creates a producer; fails if a property is unknown or invalid.
    public init(
        configuration: KafkaProducerConfiguration,
        logger: Logger = Logger(label: "homeward.kafka.producer")
    ) throws(KafkaError) {
        let callbacks = RDKafkaCallbacks(logger: logger, onDelivery: { message in
            KafkaProducer.deliver(message)
        })
        let client = try RDKafkaClient(
            type: RD_KAFKA_PRODUCER,
            properties: configuration.librdkafkaProperties,
            callbacks: callbacks
        )
        let room = ProducerRoom()
        self.client = client
        self.topics = RDKafkaTopicHandles(client: client)
        self.room = room
        self.logger = logger
        self.pollThread = RDKafkaPollThread(name: "homeward.kafka.producer.poll") { _ in
            let served = rd_kafka_poll(client.handle, 50)
            room.served(events: Int(served))
            return true
        }
    }

    deinit {
        if !closed.isSet {
            pollThread.requestStop()
        }
    }

    /// Produces one record and waits until the broker acknowledged it.
    ///
    /// - Returns: where the record was written.
    /// - Throws: ``KafkaError`` with operation `.produce` if librdkafka refused
    ///   the record, or `.delivery` if the broker did not acknowledge it in time.
    @discardableResult
    public func send(_ record: KafkaProducerRecord) async throws(KafkaError) -> KafkaDeliveryReport {
        let report = try await enqueue([record]).reports()[0]
        if let error = report.error { throw error }
        return report
    }

    /// Produces `records` and waits until every one has a delivery report.
    ///
    /// Records keep their order per partition. Each report says whether its
    /// record was delivered; the call itself throws only if the producer is shut down.
    public func send(contentsOf records: [KafkaProducerRecord]) async throws(KafkaError) -> [KafkaDeliveryReport] {
        try await enqueue(records).reports()
    }

    /// Hands `records` to librdkafka and returns without waiting for the broker.
    ///
    /// Waits only while the local queue is full. The returned value collects
    /// the delivery reports as they arrive.
    public func enqueue(_ records: [KafkaProducerRecord]) async throws(KafkaError) -> KafkaPendingDeliveries {
        try await enqueue(records[...])
    }

    /// Hands a slice of records to librdkafka; see ``enqueue(_:)-([KafkaProducerRecord])``.
    public func enqueue(_ records: ArraySlice<KafkaProducerRecord>) async throws(KafkaError) -> KafkaPendingDeliveries {
        guard !closed.isSet else {
            throw KafkaError(operation: .produce, code: RD_KAFKA_RESP_ERR__DESTROY.rawValue,
                             message: "the producer is shut down", isRetriable: false)
        }
        let batch = DeliveryBatch(count: records.count)
        var lastTopic: String? = nil
        var lastHandle: OpaquePointer? = nil
        var topicIndex: Int32 = -1
        var index = 0
        while index < records.count {
            // As many records as librdkafka takes without waiting, read in
            // place (no copy of each record); then wait for room, if full.
            let (handed, fullAt) = try records.withUnsafeBufferPointer { buffer throws(KafkaError) -> (Int, UInt64?) in
                var next = index
                while next < buffer.count {
                    if buffer[next].topic != lastTopic {
                        lastHandle = try topics.handle(for: buffer[next].topic)
                        lastTopic = buffer[next].topic
                        topicIndex = batch.topicIndex(buffer[next].topic)
                    }
                    let generation = room.generation
                    let result = produce(buffer.baseAddress! + next, topic: lastHandle!, opaque: batch.prepare(next, topicIndex: topicIndex))
                    if result == RD_KAFKA_RESP_ERR__QUEUE_FULL { return (next, generation) }
                    if result != RD_KAFKA_RESP_ERR_NO_ERROR {
                        batch.fail(index: next, error: KafkaError(
                            operation: .produce, code: result,
                            context: "record \(next) for \(buffer[next].topic)"))
                    }
                    next += 1
                    if next & 1023 == 0 {
                        // Serve delivery reports inline (non-blocking), as a C
                        // producer loop would, instead of waking the poll thread.
                        room.served(events: Int(rd_kafka_poll(client.handle, 0)))
                    }
                }
                return (next, nil)
            }
            index = handed
            if let fullAt { await room.waitForRoom(after: fullAt) }
        }
        return KafkaPendingDeliveries(batch: batch)
    }

    /// Hands one record to librdkafka, which copies it; read in place (a
    /// copy of the record would retain and release each of its buffers).
    private func produce(_ record: UnsafePointer<KafkaProducerRecord>, topic: OpaquePointer, opaque: UnsafeMutableRawPointer) -> rd_kafka_resp_err_t {
        var headers: OpaquePointer? = nil
        if !record.pointee.headers.isEmpty {
            headers = rd_kafka_headers_new(record.pointee.headers.count)
            for header in record.pointee.headers {
                // The name by pointer and length: passing the String itself
                // would make a C string (an allocation) per record.
                var name = header.name
                name.withUTF8 { utf8 in
                    withOptionalBytes(UnsafeRawBufferPointer(utf8)) { name in
                        withOptionalBytes(header.value) { value in
                            _ = rd_kafka_header_add(headers, name.baseAddress!.assumingMemoryBound(to: CChar.self), name.count,
                                                    value.baseAddress, value.count)
                        }
                    }
                }
            }
        }
        let result = record.pointee.keyStorage.withBytes { key in
            withOptionalBytes(record.pointee.value) { value in
                homeward_produce(
                    client.handle, topic, record.pointee.partition ?? RD_KAFKA_PARTITION_UA,
                    key.baseAddress, key.count, value.baseAddress, value.count,
                    headers, record.pointee.timestampMilliseconds ?? 0, opaque)
            }
        }
        if result != RD_KAFKA_RESP_ERR_NO_ERROR, let headers {
            rd_kafka_headers_destroy(headers)
        }
        return result
    }

    /// Waits until every queued record has a delivery report, or `timeout`.
    ///
    /// - Throws: ``KafkaError`` (`.shutdown`, `_TIMED_OUT`) if records are
    ///   still waiting when the timeout ends.
    public func flush(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        let client = self.client
        let result = await runOnDedicatedThread(name: "homeward.kafka.flush") {
            rd_kafka_flush(client.handle, Int32(clamping: timeout.milliseconds))
        }
        if result != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(operation: .shutdown, code: result,
                             context: "\(rd_kafka_outq_len(client.handle)) records still queued after \(timeout)")
        }
    }

    /// Waits, blocking the calling thread, until every queued record has a
    /// delivery report or `timeout` passes; returns whether all have one.
    /// For synchronous contexts such as a ``KafkaRebalanceHandler``; never
    /// call it from Swift's cooperative pool (use ``flush(timeout:)``).
    public func flushSynchronously(timeout: Duration = .seconds(30)) -> Bool {
        rd_kafka_flush(client.handle, Int32(clamping: timeout.milliseconds)) == RD_KAFKA_RESP_ERR_NO_ERROR
    }

    /// Produces `records` and waits, blocking the calling thread, for every
    /// report. For synchronous contexts such as a ``KafkaRebalanceHandler``;
    /// never call it from Swift's cooperative pool.
    public func sendSynchronously(_ records: [KafkaProducerRecord], timeout: Duration = .seconds(30)) -> [KafkaDeliveryReport] {
        let batch = DeliveryBatch(count: records.count)
        for (index, record) in records.enumerated() {
            let topic: OpaquePointer
            do {
                topic = try topics.handle(for: record.topic)
            } catch {
                batch.fail(index: index, error: error)
                continue
            }
            let topicIndex = batch.topicIndex(record.topic)
            while true {
                let result = withUnsafePointer(to: record) { produce($0, topic: topic, opaque: batch.prepare(index, topicIndex: topicIndex)) }
                if result == RD_KAFKA_RESP_ERR_NO_ERROR { break }
                if result == RD_KAFKA_RESP_ERR__QUEUE_FULL {
                    rd_kafka_poll(client.handle, 10)
                    continue
                }
                batch.fail(index: index, error: KafkaError(operation: .produce, code: result, context: "record \(index) for \(record.topic)"))
                break
            }
        }
        batch.sealed()
        _ = rd_kafka_flush(client.handle, Int32(clamping: timeout.milliseconds))
        return batch.isComplete ? batch.reports : batch.reports.map { $0.error == nil && $0.offset == -1 ? KafkaDeliveryReport(
            topic: $0.topic, partition: $0.partition, offset: nil,
            error: KafkaError(operation: .delivery, code: RD_KAFKA_RESP_ERR__TIMED_OUT.rawValue, message: "not acknowledged in \(timeout)")) : $0 }
    }

    /// The number of records queued or in flight.
    public var queuedRecords: Int { Int(rd_kafka_outq_len(client.handle)) }

    /// Flushes for at most `timeout`, fails what is still queued (their
    /// reports carry `_PURGE_QUEUE`/`_PURGE_INFLIGHT`) and releases the client.
    public func shutdown(timeout: Duration = .seconds(30)) async {
        guard closed.trip() else { return }
        do {
            try await flush(timeout: timeout)
        } catch {
            logger.error("producer shut down with undelivered records", metadata: ["error": "\(error)"])
            rd_kafka_purge(client.handle, Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT))
            let client = self.client
            _ = await runOnDedicatedThread(name: "homeward.kafka.purge") {
                rd_kafka_flush(client.handle, 1_000)
            }
        }
        pollThread.requestStop()
        await pollThread.join()
        topics.destroyAll()
        await client.destroy()
    }

    /// Routes a delivery report to the batch that produced the record.
    private static func deliver(_ message: UnsafePointer<rd_kafka_message_t>) {
        guard let opaque = message.pointee._private else { return }
        DeliveryBatch.complete(opaque.assumingMemoryBound(to: DeliveryEntry.self), message: message)
    }
}

/// The delivery state of one record, written by its delivery callback.
/// librdkafka's per-record opaque points at it.
struct DeliveryEntry {
    var batch: Unmanaged<DeliveryBatch>
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
final class DeliveryBatch: @unchecked Sendable {
    private let entries: UnsafeMutablePointer<DeliveryEntry>
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
        (entries + index).initialize(to: DeliveryEntry(
            batch: Unmanaged.passUnretained(self), offset: -1, partition: -1,
            error: RD_KAFKA_RESP_ERR_NO_ERROR, topicIndex: topicIndex))
        return UnsafeMutableRawPointer(entries + index)
    }

    static func complete(_ entry: UnsafeMutablePointer<DeliveryEntry>, message: UnsafePointer<rd_kafka_message_t>) {
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

/// Delivery reports of records handed over by ``KafkaProducer/enqueue(_:)``,
/// collected as the broker answers.
public struct KafkaPendingDeliveries: Sendable {
    private let batch: DeliveryBatch

    init(batch: DeliveryBatch) {
        self.batch = batch
        batch.sealed()
    }

    /// Waits until every record has a report; reports are in record order.
    public func reports() async -> [KafkaDeliveryReport] {
        await batch.awaitCompletion()
        return batch.reports
    }

    /// Whether every record already has a report (never waits).
    public var isComplete: Bool { batch.isComplete }

    /// The failed reports, once ``isComplete`` (empty before); never waits.
    public func syncFailures() -> [KafkaDeliveryReport] {
        batch.isComplete ? batch.failedReports : []
    }

    /// Waits until every record has a report and returns only the failed
    /// ones (empty when everything was delivered), in record order.
    public func failures() async -> [KafkaDeliveryReport] {
        await batch.awaitCompletion()
        return batch.failedReports
    }
}

/// Lets a producer that found librdkafka's queue full wait until the poll
/// thread has served delivery reports (which frees room).
final class ProducerRoom: Sendable {
    private let waiters = Mutex<[CheckedContinuation<Void, Never>]>([])
    private let servedGeneration = Atomic<UInt64>(0)

    /// Changes every time the poll thread served events.
    var generation: UInt64 { servedGeneration.load(ordering: .acquiring) }

    func served(events: Int) {
        let waiting = waiters.withLock { waiters -> [CheckedContinuation<Void, Never>] in
            servedGeneration.add(1, ordering: .releasing)
            defer { waiters.removeAll() }
            return waiters
        }
        for waiter in waiting { waiter.resume() }
    }

    func waitForRoom(after generation: UInt64) async {
        await withCheckedContinuation { continuation in
            let ready = waiters.withLock { waiters -> Bool in
                if servedGeneration.load(ordering: .acquiring) != generation { return true }
                waiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }
}

/// librdkafka topic handles (`rd_kafka_topic_t`) by name, created on first use.
///
/// `@unchecked Sendable`: the dictionary is guarded by the mutex; the handles
/// are thread-safe librdkafka objects destroyed once, in `destroyAll()`.
final class RDKafkaTopicHandles: @unchecked Sendable {
    private let client: RDKafkaClient
    private let handles = Mutex<[String: OpaquePointer]>([:])

    init(client: RDKafkaClient) { self.client = client }

    func handle(for topic: String) throws(KafkaError) -> OpaquePointer {
        let client = self.client
        let found = handles.withLock { handles -> SendablePointer? in
            if let existing = handles[topic] { return SendablePointer(existing) }
            guard let created = rd_kafka_topic_new(client.handle, topic, nil) else { return nil }
            handles[topic] = created
            return SendablePointer(created)
        }
        guard let found else {
            throw KafkaError(operation: .produce, code: rd_kafka_last_error(), context: "topic '\(topic)'")
        }
        return found.pointer
    }

    func destroyAll() {
        handles.withLock { handles in
            for handle in handles.values { rd_kafka_topic_destroy(handle) }
            handles.removeAll()
        }
    }
}

// Never written or freed: librdkafka only reads 0 bytes through it.
nonisolated(unsafe) private let emptyByte = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)

/// Calls `body` with the bytes of `bytes`; `nil` becomes a NULL pointer and
/// an empty array a non-NULL pointer of length 0, so librdkafka can tell a
/// null value (tombstone) from an empty one.
func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    guard let bytes else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
    return bytes.withUnsafeBytes { withOptionalBytes($0, body) }
}

/// Calls `body` with `bytes`; when they are empty, with a non-NULL pointer
/// of length 0 (NULL would mean no value at all: a tombstone, or no key).
func withOptionalBytes<R>(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    bytes.isEmpty ? body(UnsafeRawBufferPointer(start: emptyByte, count: 0)) : body(bytes)
}

/// An opaque C pointer carried across a lock or thread boundary.
///
/// `@unchecked Sendable`: only used for librdkafka objects, which are
/// thread-safe, and only while their owner keeps them alive.
struct SendablePointer: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
}
