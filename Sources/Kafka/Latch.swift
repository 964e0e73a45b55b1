/// A flag that can be set exactly once, from any thread.
final class Latch: Sendable {
    private let state = LockedValue(false)

    /// Sets the flag; returns whether this call was the one that set it.
    func trip() -> Bool {
        state.withLock { isSet in
            defer { isSet = true }
            return !isSet
        }
    }

    var isSet: Bool { state.withLock { $0 } }
}
