import Synchronization

/// The staff directory a running notifier reads: replaced as a whole when
/// its file changes (``StaffDirectoryWatcher``), so each step of the rules
/// sees one consistent directory, the latest loaded. Replay and tests hold
/// one that never changes.
public final class LiveStaffDirectory: Sendable {
    private let directory: Mutex<StaffDirectory>

    /// Starts with `directory`.
    public init(_ directory: StaffDirectory) {
        self.directory = Mutex(directory)
    }

    /// The directory now.
    public var current: StaffDirectory { directory.withLock { $0 } }

    /// Replaces the directory for every step from now on.
    public func replace(with directory: StaffDirectory) {
        self.directory.withLock { $0 = directory }
    }
}
