import Foundation
import HomewardContract
import HomewardNotification
import Testing

@Suite("The staff directory is reloaded when its file changes")
struct DirectoryReloadTests {
    /// A directory file with the small directory, and a watcher of it.
    struct WatchedFile {
        let file: URL
        let live: LiveStaffDirectory
        let watcher: StaffDirectoryWatcher

        init() throws {
            file = FileManager.default.temporaryDirectory.appendingPathComponent("directory-\(UUID().uuidString).yaml")
            try NotifierFixture.directoryYAML.write(to: file, atomically: true, encoding: .utf8)
            live = LiveStaffDirectory(try NotifierFixture.directory())
            watcher = StaffDirectoryWatcher(file: file.path, directory: live)
        }

        func write(_ text: String) throws { try text.write(to: file, atomically: true, encoding: .utf8) }
    }

    @Test("a changed, valid file replaces the directory the rules read; an unchanged one is not read again")
    func reloadsValidChange() throws {
        let watched = try WatchedFile()
        defer { try? FileManager.default.removeItem(at: watched.file) }
        let fanOut = NotificationFanOut(directory: watched.live, policy: try NotifierFixture.policy())
        #expect(watched.watcher.check() == .unchanged)
        #expect(fanOut.directory.person(Identifier(trusted: "cw-0010")) == nil)

        try watched.write(NotifierFixture.directoryYAML.replacingOccurrences(
            of: "people:\n", with: "people:\n  - { id: cw-0010, name: I. Bos, email: i.bos@example.org, language: en, timezone: Europe/Amsterdam }\n"))
        #expect(watched.watcher.check() == .reloaded(people: 9, teams: 2))
        #expect(fanOut.directory.person(Identifier(trusted: "cw-0010"))?.name == "I. Bos", "the rules see the new person at once")
        #expect(watched.watcher.check() == .unchanged)
    }

    @Test("a changed file that is invalid is reported and the previous directory stays in use")
    func keepsPreviousOnInvalidChange() throws {
        let watched = try WatchedFile()
        defer { try? FileManager.default.removeItem(at: watched.file) }
        try watched.write(NotifierFixture.directoryYAML.replacingOccurrences(of: "supervisor: sup-0001", with: "supervisor: sup-9999"))
        guard case .rejected(let reason) = watched.watcher.check() else {
            Issue.record("an unknown supervisor is refused")
            return
        }
        #expect(reason.contains("sup-9999"), "the reason names the bad reference: \(reason)")
        #expect(watched.live.current == (try NotifierFixture.directory()))
    }
}
