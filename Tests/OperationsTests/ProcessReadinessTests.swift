import Foundation
import HomewardOperations
import HomewardRuntime
import Testing

@Suite("Process readiness: every worker ready, and at least one")
struct ProcessReadinessTests {
    static let ready = WorkerReadiness(worker: "notifier-fanout", assigned: [0, 1], restored: [0, 1])
    static let waiting = WorkerReadiness(worker: "notifier-delivery", assigned: [], restored: [])

    @Test("a process whose workers are all ready is ready")
    func allReady() {
        #expect(ProcessReadiness([Self.ready, Self.ready]).isReady)
    }

    @Test("one worker not ready makes the process not ready")
    func oneWaiting() {
        #expect(!ProcessReadiness([Self.ready, Self.waiting]).isReady)
    }

    @Test("a process with no worker is not ready")
    func noWorkers() {
        #expect(!ProcessReadiness([]).isReady)
    }

    @Test("the report names each worker, whether it is ready, why not, and its partitions")
    func report() throws {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ProcessReadiness([Self.ready, Self.waiting]).json.utf8)) as? [String: Any])
        #expect(json["ready"] as? Bool == false)
        let workers = try #require(json["workers"] as? [[String: Any]])
        #expect(workers.map { $0["worker"] as? String } == ["notifier-fanout", "notifier-delivery"])
        #expect(workers.map { $0["ready"] as? Bool } == [true, false])
        #expect(workers[0]["reason"] == nil)
        #expect(workers[1]["reason"] as? String == "no partitions assigned yet")
        #expect(workers[0]["assigned"] as? [Int] == [0, 1] && workers[0]["restored"] as? [Int] == [0, 1])
    }
}
