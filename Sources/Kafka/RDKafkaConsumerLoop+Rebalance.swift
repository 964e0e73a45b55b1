import CRdkafka

/// librdkafka's rebalance callback, on the consumer thread.
///
/// An assignment runs the handler's `partitionsAssigned` before any record
/// of the partitions is fetched, and applies the start offsets it chose. A
/// revocation first drops the buffered records of the revoked partitions,
/// then waits until the application has finished its batch in hand (so no
/// record of a revoked partition is being processed when it moves), runs the
/// handler's `partitionsRevoked`, commits what was marked processed, and only
/// then lets the partitions go.
extension RDKafkaConsumerLoop {
    func rebalance(handle: OpaquePointer, error: rd_kafka_resp_err_t, partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) {
        let list = RDKafkaPartitionList.entries(of: partitions).map(\.topicPartition)
        let cooperative = String(cString: rd_kafka_rebalance_protocol(handle)) == "COOPERATIVE"
        switch error {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            assign(list, partitions: partitions, handle: handle, cooperative: cooperative)
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            revoke(list, partitions: partitions, handle: handle, cooperative: cooperative)
        default:
            logger.error("rebalance failed", metadata: ["error": "\(String(cString: rd_kafka_err2str(error)))"])
            locked { $0.assignmentLost() }
            rd_kafka_assign(handle, nil)
        }
    }

    private func assign(_ list: [KafkaTopicPartition], partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>,
                        handle: OpaquePointer, cooperative: Bool) {
        locked { $0.assigned(list) }
        logger.info("partitions assigned", metadata: ["kafka.partitions": "\(list.count)"])
        let context = KafkaRebalanceContext(handle: SendablePointer(handle))
        handler?.partitionsAssigned(list, consumer: context)
        let starts = context.startOffsets.withLock { $0 }
        if !starts.isEmpty {
            for index in 0..<Int(partitions.pointee.cnt) {
                let element = partitions.pointee.elems[index]
                let tp = KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition)
                if let offset = starts[tp] { partitions.pointee.elems[index].offset = offset }
            }
        }
        if cooperative {
            if let error = rd_kafka_incremental_assign(handle, partitions) {
                logger.error("incremental assign failed", metadata: ["error": "\(KafkaError(operation: .assignment, consuming: error))"])
            }
        } else {
            rd_kafka_assign(handle, partitions)
        }
        // Where state was restored past the committed offset (a crash
        // after the state was written, before the commit), commit that
        // position too: otherwise a partition with nothing left to read
        // would show the old lag until new records arrive.
        if !starts.isEmpty {
            do { try KafkaConsumer.store(starts.map { ($0.key, $0.value) }, handle: handle) } catch {
                logger.error("marking restored positions failed", metadata: ["error": "\(error)"])
            }
        }
    }

    private func revoke(_ list: [KafkaTopicPartition], partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>,
                        handle: OpaquePointer, cooperative: Bool) {
        let lost = rd_kafka_assignment_lost(handle) != 0
        locked { $0.revoked(Set(list)) }
        waitForBatchInHand()
        logger.info("partitions revoked", metadata: ["kafka.partitions": "\(list.count)", "lost": "\(lost)"])
        handler?.partitionsRevoked(list, lost: lost, consumer: KafkaRebalanceContext(handle: SendablePointer(handle)))
        if !lost {
            do { try KafkaConsumer.checkCommit(rd_kafka_commit(handle, nil, 0)) } catch {
                logger.error("commit on revocation failed", metadata: ["error": "\(error)"])
            }
        }
        if cooperative {
            if let error = rd_kafka_incremental_unassign(handle, partitions) {
                logger.error("incremental unassign failed", metadata: ["error": "\(KafkaError(operation: .assignment, consuming: error))"])
            }
        } else {
            rd_kafka_assign(handle, nil)
        }
    }
}
