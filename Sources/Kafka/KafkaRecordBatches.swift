/// The asynchronous sequence of a consumer's record batches.
public struct KafkaRecordBatches: AsyncSequence, Sendable {
    /// The element: one batch.
    public typealias Element = KafkaRecordBatch
    /// The failure: a fatal consumer error.
    public typealias Failure = any Error

    let loop: RDKafkaConsumerLoop

    /// Creates the iterator; a consumer supports one iteration.
    public func makeAsyncIterator() -> Iterator { Iterator(loop: loop) }

    /// Hands out batches; asking for the next one finishes the previous one.
    public struct Iterator: AsyncIteratorProtocol {
        let loop: RDKafkaConsumerLoop

        /// The next batch, or `nil` once the consumer is closed.
        public mutating func next() async throws -> KafkaRecordBatch? {
            try await loop.next()
        }
    }
}
