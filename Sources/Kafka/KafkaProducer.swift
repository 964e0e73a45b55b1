import CRdkafka
import CRdkafkaShims
public import Logging

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
        logger: Logger = Logger(label: "kafka.producer")
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
        self.pollThread = RDKafkaPollThread(name: "kafka.producer.poll") { _ in
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
        let batch = RDKafkaDeliveryBatch(count: records.count)
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
                rdk_shim_produce(
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
        let result = await runOnDedicatedThread(name: "kafka.flush") {
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
        let batch = RDKafkaDeliveryBatch(count: records.count)
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
            _ = await runOnDedicatedThread(name: "kafka.purge") {
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
        RDKafkaDeliveryBatch.complete(opaque.assumingMemoryBound(to: RDKafkaDeliveryEntry.self), message: message)
    }
}
