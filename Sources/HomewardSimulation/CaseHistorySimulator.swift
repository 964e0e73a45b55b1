public import HomewardContract

/// A deterministic generator of synthetic, pseudonymous case histories for
/// `homeward simulate`: cases open staggered over the first months, go through
/// the Guidelines' stages, return home (or not), are monitored, break down,
/// close and reopen, with court orders, risk signals, escalations and
/// caseworker changes along the way.
///
/// The same settings always produce the same events. Nothing is read from a
/// clock or a system random source; no event carries a name, address or date
/// of birth.
///
/// Internally it is a discrete-event simulation: each case plans actions, one
/// queue orders all cases' actions by time, and every event happens at the
/// moment of the action that records it, so the output comes out in order
/// while only the cases' small states and planned actions are held.
public struct CaseHistorySimulator: Sendable {
    /// What is simulated.
    public let settings: SimulationSettings

    /// Creates a simulator.
    public init(settings: SimulationSettings) {
        self.settings = settings
    }

    /// Every event of every case, ordered by event time, ties broken by case
    /// number, then by the event's sequence within its case.
    public func events() -> [CaseEvent] {
        var events: [CaseEvent] = []
        forEachEvent { events.append($0) }
        return events
    }

    /// Streams the same events as ``events()``, in the same order, to `body`
    /// without holding them: memory grows with the number of open cases, not
    /// with the number of events. An error thrown by `body` stops the run.
    public func forEachEvent(_ body: (CaseEvent) throws -> Void) rethrows {
        let caseCount = max(0, settings.cases)
        guard caseCount > 0 else { return }
        let context = SimulationContext(settings: settings)
        var queue = ActionQueue(capacity: caseCount)
        for number in 1...caseCount {
            let opensAt = context.openingTime(ofCase: number)
            if opensAt <= context.horizon {
                queue.push(ScheduledAction(time: opensAt, caseNumber: number, serial: 0, action: .open))
            }
        }
        var processes: [Int: CaseProcess] = [:]
        while let next = queue.pop() {
            var process = processes.removeValue(forKey: next.caseNumber)
                ?? CaseProcess(number: next.caseNumber, context: context)
            process.pendingActions -= 1
            process.handle(next.action, at: next.time)
            for payload in process.recorded {
                process.eventsSoFar += 1
                let id = SimulatedIdentifiers.event(seed: context.seed, case: process.number, sequence: process.eventsSoFar)
                try body(CaseEvent(id: Identifier(trusted: id), source: context.source,
                                   time: Timestamp(millisecondsSinceEpoch: next.time), subject: process.caseId, payload: payload))
            }
            process.recorded.removeAll(keepingCapacity: true)
            for (time, action) in process.planned where time <= context.horizon {
                queue.push(ScheduledAction(time: time, caseNumber: process.number, serial: process.plannedSoFar, action: action))
                process.plannedSoFar += 1
                process.pendingActions += 1
            }
            process.planned.removeAll(keepingCapacity: true)
            if process.pendingActions > 0 { processes[next.caseNumber] = process }
        }
    }
}
