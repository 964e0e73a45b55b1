import Foundation
import HomewardContract
import HomewardProcessing
import HomewardTestKit
import Kafka
import Testing

/// Resetting the worker's state on a run's broker, and what a reset touches.
extension WorkerRun {
    /// Runs `homeward state reset <worker>` on the run's broker; see ``BrokerFixture/stateReset(_:_:)``.
    func stateReset(_ worker: Worker, _ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await fixture.stateReset(worker, arguments)
    }

    /// What `worker`'s state topic holds, as a restore reads it: the last
    /// value of every key (a tombstone deletes the key).
    func state(of worker: Worker) async throws -> StateTopicView {
        try await fixture.readToEnd(worker.state).reduce(into: StateTopicView()) { view, record in
            let key = record.keyString ?? ""
            if key == PartitionCheckpoint.key {
                view.checkpoints[record.partition] = record.value
            } else {
                view.cases[key] = record.value
            }
        }
    }

    /// What a reset may change: how many records `worker`'s state topic
    /// holds, and the offsets its group has committed on its inputs.
    func footprint(of worker: Worker) async throws -> (stateRecords: Int, committed: [KafkaTopicPartition: Int64]) {
        var committed: [KafkaTopicPartition: Int64] = [:]
        for input in worker.inputs {
            committed.merge(try await fixture.committedOffsets(group: WorkerProcess.group(worker, on: fixture), input)) { $1 }
        }
        return (try await fixture.recordCount(worker.state), committed)
    }

    /// Runs `worker` until its group has committed its inputs to their ends
    /// and returns the ids it published from `offsets` on (each output
    /// partition's high watermark before the run).
    func idsPublished(by worker: Worker, after offsets: [KafkaTopicPartition: Int64], within limit: Duration) async throws -> [String] {
        try await WorkerProcess.runToCompletion(worker, on: fixture, within: limit)
            .filter { $0.offset >= offsets[$0.topicPartition, default: 0] }
            .map { try PublishedEvent($0).id }
    }
}

/// A state topic's contents by what they are: each case's value, and each
/// partition's checkpoint (the checkpoint key is the same on every partition).
struct StateTopicView: Equatable {
    var cases: [String: [UInt8]] = [:]
    var checkpoints: [Int32: [UInt8]] = [:]

    /// Whether nothing is left: no case, no checkpoint.
    var isEmpty: Bool { cases.isEmpty && checkpoints.isEmpty }
}

extension BrokerFixture {
    /// Runs `homeward state reset <worker>` against the fixture's broker and
    /// the worker's group under its prefix, with `arguments` (`--yes`,
    /// `--dry-run`), and waits for it.
    func stateReset(_ worker: WorkerProcess.Worker, _ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await HomewardProcess(["state", "reset", worker.rawValue, "--brokers", bootstrapServers, "--topic-prefix", prefix,
                                   "--group", WorkerProcess.group(worker, on: self)] + arguments).wait()
    }
}
