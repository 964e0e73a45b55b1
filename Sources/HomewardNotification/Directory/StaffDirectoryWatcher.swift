import Foundation
import Synchronization

/// Reloads the staff directory when its file changes: the file's
/// modification time and size are looked at every ``interval``; a changed
/// file is read and checked like at start-up, and replaces the directory
/// only when it is valid (an invalid one is reported and the previous
/// directory kept, so a typo never stops notifications).
public final class StaffDirectoryWatcher: Sendable {
    /// What a look at the file found.
    public enum Change: Sendable, Equatable {
        /// The file is as last loaded.
        case unchanged
        /// It changed and was loaded: people and teams now listed.
        case reloaded(people: Int, teams: Int)
        /// It changed and cannot be used: why (the previous directory stays).
        case rejected(String)
    }

    /// The directory file.
    public let file: String
    /// The directory the rules read.
    public let directory: LiveStaffDirectory
    /// How often the file is looked at.
    public let interval: Duration
    private let stamp: Mutex<FileStamp?>

    /// Watches `file`, as loaded into `directory` now.
    public init(file: String, directory: LiveStaffDirectory, interval: Duration = .seconds(5)) {
        self.file = file
        self.directory = directory
        self.interval = interval
        stamp = Mutex(FileStamp(file))
    }

    /// Looks at the file once, reloading it if it changed.
    public func check() -> Change {
        let now = FileStamp(file)
        let changed = stamp.withLock { stamp in
            defer { stamp = now }
            return stamp != now
        }
        guard changed else { return .unchanged }
        guard let data = FileManager.default.contents(atPath: file) else { return .rejected("\(file): cannot be read") }
        do {
            let loaded = try StaffDirectory(yaml: String(decoding: data, as: UTF8.self), file: file)
            directory.replace(with: loaded)
            return .reloaded(people: loaded.people.count, teams: loaded.teams.count)
        } catch {
            return .rejected("\(error)")
        }
    }

    /// Looks at the file every ``interval`` until cancelled, telling `report` of each change.
    public func run(report: @Sendable (Change) -> Void) async {
        while (try? await Task.sleep(for: interval)) != nil {
            let change = check()
            if change != .unchanged { report(change) }
        }
    }
}

/// What tells a file's versions apart without reading it. The file
/// number counts too: a file replaced whole (an editor's save, a
/// ConfigMap's swap, a write done atomically) is a new file, even when it
/// has the same size and its time falls in the same tick of the file
/// system's clock as the one before.
private struct FileStamp: Sendable, Equatable {
    let modified: Date?
    let size: Int?
    let fileNumber: UInt64?

    init(_ file: String) {
        let attributes = try? FileManager.default.attributesOfItem(atPath: file)
        modified = attributes?[.modificationDate] as? Date
        size = (attributes?[.size] as? NSNumber)?.intValue
        fileNumber = (attributes?[.systemFileNumber] as? NSNumber)?.uint64Value
    }
}
