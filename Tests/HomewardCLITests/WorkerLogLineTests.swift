import Testing

@Suite("a worker's log lines")
struct WorkerLogLineTests {
    @Test("`offsets marked` gives the number of input records marked so far")
    func offsetsMarked() throws {
        let line = try #require(WorkerLogLine("2026-12-06T02:23:47+0000 debug homeward.worker.scheduler: records=4200 [HomewardRuntime] offsets marked"))
        #expect(line.level == "debug")
        #expect(line.label == "homeward.worker.scheduler")
        #expect(line.message == "offsets marked")
        #expect(line.offsetsMarked == 4200)
    }

    @Test("metadata values may hold spaces and brackets; other messages mark nothing")
    func otherLines() throws {
        let line = try #require(WorkerLogLine(#"2026-12-06T02:23:47+0000 notice homeward.worker.escalator: clock=stream inputs=["p.case-events", "p.reminders"] worker=escalator [HomewardRuntime] worker started"#))
        #expect(line.metadata == ["clock": "stream", "inputs": #"["p.case-events", "p.reminders"]"#, "worker": "escalator"])
        #expect(line.message == "worker started")
        #expect(line.offsetsMarked == nil)
        #expect(WorkerLogLine("2026-12-06T02:23:47+0000 debug homeward.worker.scheduler: outputs=3 records=100 [HomewardRuntime] batch handled")?.offsetsMarked == nil)
        #expect(WorkerLogLine("2026-12-06T02:23:47+0000 debug homeward.worker.scheduler: [HomewardRuntime] offsets marked")?.offsetsMarked == nil)
        #expect(WorkerLogLine("Fatal error: unexpectedly found nil") == nil)
    }

    @Test("a JSON line gives the same parts: level, logger, message, and its other members as metadata")
    func jsonLines() throws {
        let line = try #require(WorkerLogLine(#"{"time":"2026-12-06T02:23:47.120Z","level":"debug","logger":"homeward.worker.scheduler","message":"offsets marked","records":"4200","source":"HomewardRuntime"}"#))
        #expect(line.level == "debug")
        #expect(line.label == "homeward.worker.scheduler")
        #expect(line.metadata == ["records": "4200"])
        #expect(line.offsetsMarked == 4200)
        #expect(WorkerLogLine(#"{"unrelated":true}"#) == nil)
    }
}
