import HomewardContract
import HomewardSimulation
import Testing

@Suite("Order and horizon")
struct OrderingTests {
    @Test("events come in time order, ties broken by case number, then sequence")
    func timeOrder() {
        let events = SimulatedRuns.standard
        var outOfOrder = 0
        for (earlier, later) in zip(events, events.dropFirst()) {
            let before = (earlier.time.millisecondsSinceEpoch, earlier.caseNumber, earlier.sequence)
            let after = (later.time.millisecondsSinceEpoch, later.caseNumber, later.sequence)
            if !(before < after) { outOfOrder += 1 }
        }
        #expect(outOfOrder == 0)
    }

    @Test("each case's events are numbered 1, 2, 3… in order")
    func sequencesAreContiguous() {
        for (_, events) in SimulatedRuns.standardByCase {
            #expect(events.map(\.sequence) == Array(1...events.count))
        }
    }

    @Test("no event is later than start plus the months, and the period is used to its end")
    func horizon() {
        let settings = SimulatedRuns.standardSettings
        #expect(settings.horizon.rfc3339 == "2028-01-01T00:00:00Z")
        let last = SimulatedRuns.standard.last!.time
        #expect(last <= settings.horizon)
        #expect(last > settings.horizon.adding(days: -7))
        #expect(SimulatedRuns.standard.first!.time >= settings.start)
    }

    @Test("a start in the middle of a day and month is honoured, months are calendar months")
    func customStart() throws {
        let start = try Timestamp(rfc3339: "2025-08-31T13:45:00+02:00")
        let settings = SimulationSettings(cases: 60, months: 6, seed: 3, start: start)
        #expect(settings.horizon.rfc3339 == "2026-02-28T11:45:00Z")
        let events = CaseHistorySimulator(settings: settings).events()
        #expect(!events.isEmpty)
        #expect(events.allSatisfy { $0.time >= start && $0.time <= settings.horizon })
    }

    @Test("cases open staggered over the first months, on working days")
    func staggeredOpenings() {
        let openings = SimulatedRuns.standard.filter { $0.type == .caseOpened }.map(\.time)
        let start = SimulatedRuns.standardSettings.start
        #expect(openings.count == SimulatedRuns.standardSettings.cases)
        let months = Set(openings.map { $0.rfc3339.prefix(7) })
        #expect(months.count >= 6)
        #expect(openings.allSatisfy { $0 < start.adding(days: 190) })
        let weekend = openings.filter { moment in
            let days = moment.millisecondsSinceEpoch / 86_400_000
            return (days + 3) % 7 >= 5
        }
        #expect(weekend.isEmpty)
    }

    @Test("nothing is simulated for zero cases or zero months")
    func emptyRuns() {
        #expect(CaseHistorySimulator(settings: SimulationSettings(cases: 0, months: 12, seed: 1)).events().isEmpty)
        #expect(CaseHistorySimulator(settings: SimulationSettings(cases: 10, months: 0, seed: 1)).events().isEmpty)
    }

    @Test("forEachEvent streams exactly the events of events(), in the same order")
    func streamingEqualsCollecting() {
        let simulator = CaseHistorySimulator(settings: SimulationSettings(cases: 200, months: 18, seed: 11))
        var streamed: [CaseEvent] = []
        simulator.forEachEvent { streamed.append($0) }
        #expect(!streamed.isEmpty)
        #expect(streamed == simulator.events())
    }

    @Test("an error thrown by the consumer stops the stream")
    func streamingStopsOnError() {
        struct Enough: Error {}
        var seen = 0
        #expect(throws: Enough.self) {
            try CaseHistorySimulator(settings: SimulationSettings(cases: 50, months: 12, seed: 1)).forEachEvent { _ in
                seen += 1
                if seen == 10 { throw Enough() }
            }
        }
        #expect(seen == 10)
    }
}
