import HomewardContract

/// A seeded, varied history of many cases: openings, stages, reunifications,
/// visits kept, missed and scheduled, signals, risk levels, court orders of
/// every kind (some issued late), closures and reopenings; a few cases whose
/// events come before their case.opened, and some events delivered late.
struct SimulatedHistory {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// SplitMix64.
    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    private mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }

    /// The events of `cases` cases, in delivery order, and when the last one happened.
    mutating func events(cases: Int) -> (events: [CaseEvent], last: Timestamp) {
        var delivered: [(at: Timestamp, event: CaseEvent)] = []
        for number in 1...cases {
            let caseId = Identifier(trusted: "case-\(String(number + 100_000).dropFirst())")
            var events: [CaseEvent] = []
            let start = day(number * 2, hours: int(0...23))
            var t = start
            func at(_ days: Int) -> Timestamp { t = t.adding(days: days).adding(hours: int(0...5)); return t }

            events.append(opened(at: start, case: caseId, language: chance(80) ? .nl : .en))
            events.append(stageChanged(to: .preparation, at: at(int(1...10)), case: caseId))
            if chance(60) { events.append(stageChanged(to: .contact, at: at(int(20...60)), case: caseId)) }
            if chance(30) { events.append(riskAssessed([.low, .medium, .high][int(0...2)], at: at(int(1...5)), case: caseId)) }
            if chance(50) {
                let kind = CourtOrderKind.allCases[int(0...3)]
                let issued = t.adding(days: int(0...20))
                events.append(courtOrderIssued(Identifier(trusted: "order-\(caseId.rawValue)"), kind,
                                               endsAt: issued.adding(days: int(-5...300)), at: issued, case: caseId))
                if chance(20) { events.append(courtOrderEnded(Identifier(trusted: "order-\(caseId.rawValue)"), at: issued.adding(days: int(10...60)), case: caseId)) }
            }
            if chance(25) {
                events.append(stageChanged(to: .alternativeCare, at: at(int(5...30)), case: caseId))
            } else {
                events.append(reunified(at: at(int(5...60)), case: caseId))
                let horizon = t.adding(days: int(200...460))
                var visit = 0
                while t < horizon {
                    visit += 1
                    let roll = int(1...100)
                    if roll <= 10 {
                        events.append(visitScheduled(Identifier(trusted: "visit-\(caseId.rawValue)-\(visit)"),
                                                     dueAt: t.adding(days: int(1...20)), at: at(1), case: caseId))
                    } else if roll <= 20 {
                        events.append(visitMissed(at: at(int(5...20)), case: caseId))
                    } else {
                        events.append(visitCompleted(at: at(int(5...40)), case: caseId))
                    }
                    if chance(10) { events.append(riskSignal(severity: int(1...4), at: at(int(0...3)), case: caseId)) }
                    if chance(5) { events.append(riskAssessed([.low, .medium, .high][int(0...2)], at: at(0), case: caseId)) }
                }
                if chance(40) {
                    events.append(caseClosed(at: at(int(1...30)), case: caseId))
                    if chance(25) { events.append(caseReopened(at: at(int(10...90)), case: caseId)) }
                }
            }
            let unknownAtFirst = chance(5)
            for event in events {
                var arrival = event.time.adding(hours: chance(5) ? int(1...72) : 0)
                if unknownAtFirst, event.type == .caseOpened { arrival = arrival.adding(days: 20) }
                delivered.append((arrival, event))
            }
        }
        delivered.sort { $0.at < $1.at }
        return (delivered.map(\.event), delivered.map(\.event.time).max() ?? day(0))
    }
}
