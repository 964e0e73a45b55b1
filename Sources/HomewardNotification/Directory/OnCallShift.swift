public import HomewardContract

/// One on-call shift of a team: `person` is on call from `from` (included)
/// until `until` (excluded).
public struct OnCallShift: Sendable, Hashable {
    /// Who is on call.
    public var person: Identifier
    /// The shift's start (included).
    public var from: Timestamp
    /// The shift's end (excluded).
    public var until: Timestamp

    /// Creates a shift.
    public init(person: Identifier, from: Timestamp, until: Timestamp) {
        self.person = person
        self.from = from
        self.until = until
    }

    /// Whether the shift covers `moment`.
    public func covers(_ moment: Timestamp) -> Bool { from <= moment && moment < until }
}
