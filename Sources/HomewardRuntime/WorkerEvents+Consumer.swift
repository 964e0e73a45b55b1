import Kafka

extension WorkerEvents where Batch == KafkaRecordBatch {
    /// Starts the task that feeds `consumer`'s batches in, until the
    /// consumer closes (then it asks the loop to stop) or fails (then with
    /// the failure), or until these events close.
    ///
    /// The consumer's rule is that asking for the next batch finishes the
    /// previous one, after which a rebalance may revoke its partitions. The
    /// task asks for the next batch only once fewer than `batchCapacity`
    /// batches wait here, so it stays that close to the loop; a batch it
    /// finished that way may still wait here unprocessed, which is safe
    /// because a revocation reaches the loop as an event behind it (see
    /// ``Revocation``): the loop processes the batch before it settles and
    /// drops the partitions.
    func feed(from consumer: KafkaConsumer) -> Task<Void, Never> {
        Task {
            do {
                for try await batch in consumer.batches {
                    guard await deliver(batch) else { return }
                }
                stop()
            } catch {
                stop(failure: error)
            }
        }
    }
}
