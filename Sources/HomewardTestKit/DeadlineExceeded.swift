/// What a test waited for did not happen in time: thrown by ``waitUntil(_:within:every:_:)``,
/// ``waitFor(_:within:every:_:)`` and ``withDeadline(_:_:_:)``, naming what was awaited.
public struct DeadlineExceeded: Error, CustomStringConvertible {
    /// What was awaited, in the words of the test.
    public let awaited: String
    /// How long the test waited.
    public let limit: Duration

    /// Describes a wait that ran out.
    public init(awaited: String, limit: Duration) {
        self.awaited = awaited
        self.limit = limit
    }

    /// "<what> did not happen within <limit>".
    public var description: String { "\(awaited): not within \(limit)" }
}
