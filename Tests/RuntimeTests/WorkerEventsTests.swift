@testable import HomewardRuntime
import Testing

/// Events with batches and completions that are plain values.
typealias TestEvents = WorkerEvents<Int, String>

extension WorkerEvent where Batch == Int, Completion == String {
    /// The event in one word, for comparisons.
    var name: String {
        switch self {
        case .records(let batch): "records \(batch)"
        case .acknowledged: "acknowledged"
        case .timerDue: "timer due"
        case .completed(let result): "completed \(result)"
        case .revocation(let revocation): "revocation \(revocation.partitions)"
        case .stop(let failure): failure.map { "stop \($0)" } ?? "stop"
        }
    }
}

extension TestEvents {
    /// The next `count` events, by name.
    func names(_ count: Int) async -> [String] {
        var names: [String] = []
        for _ in 0..<count { names.append(await next()?.name ?? "closed") }
        return names
    }
}

/// Something a test opens once, for tasks that wait on it.
final class Gate: Sendable {
    private let opened = AsyncStream<Void>.makeStream()

    func wait() async {
        for await _ in opened.stream { return }
    }

    func open() {
        opened.continuation.yield()
        opened.continuation.finish()
    }
}

@Suite("A worker's events: one source for records, acknowledgements, timers, completions, revocations and stop", .timeLimit(.minutes(1)))
struct WorkerEventsTests {
    @Test("events come out in the order they went in")
    func order() async {
        let events = TestEvents(batchCapacity: 10)
        _ = await events.deliver(1)
        events.post(.acknowledged)
        _ = await events.deliver(2)
        events.post(.completed("sent"))
        events.stop()
        #expect(await events.names(5) == ["records 1", "acknowledged", "records 2", "completed sent", "stop"])
    }

    @Test("a wake-up already waiting is not queued again; other events always are")
    func wakeUpsCoalesce() async {
        let events = TestEvents()
        events.post(.acknowledged)
        events.post(.timerDue)
        events.post(.acknowledged)
        events.post(.completed("a"))
        events.post(.completed("a"))
        events.post(.timerDue)
        events.stop()
        #expect(await events.names(5) == ["acknowledged", "timer due", "completed a", "completed a", "stop"])
    }

    @Test("a loop waiting for an event is woken by the next one put in")
    func wakesWaitingLoop() async {
        let events = TestEvents()
        let waiting = Task { await events.names(2) }
        _ = await events.deliver(7)
        events.post(.timerDue)
        #expect(await waiting.value == ["records 7", "timer due"])
    }

    @Test("delivering waits while the batch capacity is reached, and goes on once the loop takes a batch")
    func deliverWaitsForRoom() async {
        let events = TestEvents(batchCapacity: 2)
        #expect(await events.deliver(1))
        #expect(events.hasQueuedBatch)
        let second = Task { await events.deliver(2) }
        while events.queuedBatches < 2 { await Task.yield() }
        #expect(await events.names(1) == ["records 1"])
        #expect(await second.value, "taken batch 1 made room")
        #expect(await events.names(1) == ["records 2"])
        #expect(!events.hasQueuedBatch)
    }

    @Test("nothing is lost or repeated when batches and completions come in from many tasks at once")
    func noEventLost() async {
        let events = TestEvents(batchCapacity: 2)
        let feeder = Task { for batch in 0..<200 { _ = await events.deliver(batch) } }
        for n in 0..<200 { events.perform { "\(n)" } }
        var batches: [Int] = [], completions: Set<String> = []
        while batches.count < 200 || completions.count < 200 {
            switch await events.next() {
            case .records(let batch): batches.append(batch)
            case .completed(let result): #expect(completions.insert(result).inserted, "\(result) once")
            default: Issue.record("unexpected event")
            }
        }
        await feeder.value
        #expect(batches == Array(0..<200), "every batch, in order")
        #expect(completions.count == 200)
    }

    @Test("a timer wakes the loop once at its deadline, and not again")
    func timerOnce() async {
        let events = TestEvents()
        events.wake(at: .now + .milliseconds(20))
        #expect(await events.names(1) == ["timer due"])
        events.post(.completed("after"))
        #expect(await events.names(1) == ["completed after"], "no second wake-up from the same timer")
    }

    @Test("an earlier deadline replaces a later one; a later one leaves the armed timer alone")
    func earlierDeadlineWins() async {
        let events = TestEvents()
        events.wake(at: .now + .seconds(3_600))
        events.wake(at: .now + .milliseconds(20))
        events.wake(at: .now + .seconds(7_200))
        #expect(await events.names(1) == ["timer due"])
    }

    @Test("an acknowledgement watch wakes the loop when its wait ends; another can be set after")
    func watch() async {
        let events = TestEvents()
        let first = Gate(), second = Gate()
        events.watch { await first.wait() }
        first.open()
        #expect(await events.names(1) == ["acknowledged"])
        events.watch { await second.wait() }
        second.open()
        #expect(await events.names(1) == ["acknowledged"])
    }

    @Test("an asynchronous effect's result comes back as a completion")
    func completion() async {
        let events = TestEvents()
        let sent = Gate()
        events.perform {
            await sent.wait()
            return "delivered"
        }
        sent.open()
        #expect(await events.names(1) == ["completed delivered"])
    }

    @Test("closing ends the loop's wait, drops queued events and fails a waiting delivery")
    func close() async {
        let events = TestEvents(batchCapacity: 1)
        let delivering = Task { await events.deliver(1) }
        while events.queuedBatches < 1 { await Task.yield() }
        events.close()
        #expect(await delivering.value == false)
        #expect(await events.next() == nil)
        #expect(await events.deliver(2) == false)
        #expect(events.post(.acknowledged) == false)
    }
}
