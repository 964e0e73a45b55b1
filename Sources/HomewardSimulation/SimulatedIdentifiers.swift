/// The pseudonymous references the simulator hands out. They carry numbers
/// only, never anything about a person: `case-000001`, `cw-0042`,
/// `team-north`, `sup-0007`, `visit-000001-007`, `signal-000001-003`,
/// `order-000001-02`, `esc-case-000001-1`, `sim-42-000001-0017`.
enum SimulatedIdentifiers {
    /// The teams caseworkers belong to.
    static let teams = ["team-north", "team-east", "team-south", "team-west", "team-centre"]

    /// Supervisors per team.
    static let supervisorsPerTeam = 2

    /// A case.
    static func caseId(_ number: Int) -> String { "case-" + padded(number, 6) }

    /// A caseworker.
    static func caseworker(_ number: Int) -> String { "cw-" + padded(number, 4) }

    /// A supervisor (who approves closures and may acknowledge escalations).
    static func supervisor(_ number: Int) -> String { "sup-" + padded(number, 4) }

    /// The team of caseworker `number` (caseworkers are dealt round the teams).
    static func teamIndex(ofCaseworker number: Int) -> Int { (number - 1) % teams.count }

    /// A visit of a case.
    static func visit(case number: Int, _ visit: Int) -> String { "visit-\(padded(number, 6))-\(padded(visit, 3))" }

    /// A risk signal of a case.
    static func signal(case number: Int, _ signal: Int) -> String { "signal-\(padded(number, 6))-\(padded(signal, 3))" }

    /// A court order of a case.
    static func order(case number: Int, _ order: Int) -> String { "order-\(padded(number, 6))-\(padded(order, 2))" }

    /// An escalation of a case, as referred to by acknowledgements and resolutions.
    static func escalation(case number: Int, _ escalation: Int) -> String { "esc-\(caseId(number))-\(escalation)" }

    /// An event: the run's seed, the case and the event's sequence number within the case.
    static func event(seed: UInt64, case number: Int, sequence: Int) -> String {
        "sim-\(seed)-\(padded(number, 6))-\(padded(sequence, 4))"
    }

    /// `value` in decimal, left-padded with zeros to `width` digits.
    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
