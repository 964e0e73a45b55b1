import HomewardContract

/// Whether `case-events` still holds the opening (`case.opened`) of every
/// open case: a state rebuilt from the inputs knows a case only from its
/// opening on, so a reset must not go ahead while retention has deleted
/// the opening of a case still open.
struct OpeningCoverage: Sendable {
    /// The cases the state holds.
    let openCases: Set<String>
    /// Each open case's earliest `case.opened` time.
    private(set) var openedAt: [String: Timestamp] = [:]
    /// Each open case's earliest event still on `case-events`.
    private(set) var firstEventAt: [String: Timestamp] = [:]

    /// Coverage of `openCases`, before any event is seen.
    init(openCases: Set<String>) { self.openCases = openCases }

    /// Takes in an event of `case-events`; events of cases that are not open are ignored.
    mutating func saw(_ event: CaseEvent) {
        let caseId = event.subject.rawValue
        guard openCases.contains(caseId) else { return }
        firstEventAt[caseId] = min(event.time, firstEventAt[caseId] ?? event.time)
        if event.type == .caseOpened { openedAt[caseId] = min(event.time, openedAt[caseId] ?? event.time) }
    }

    /// The open cases whose opening is gone, oldest first: those with no
    /// event left at all, then by their earliest event left; by id within.
    var uncovered: [String] {
        openCases.filter { openedAt[$0] == nil }.sorted { a, b in
            let first = (firstEventAt[a], firstEventAt[b])
            if first.0 != first.1 {
                guard let timeA = first.0 else { return true }
                guard let timeB = first.1 else { return false }
                return timeA < timeB
            }
            return a < b
        }
    }

    /// The open case opened first, and when, if any open case's opening is on `case-events`.
    var oldestOpened: (caseId: String, at: Timestamp)? {
        openedAt.min { ($0.value, $0.key) < ($1.value, $1.key) }.map { ($0.key, $0.value) }
    }
}
