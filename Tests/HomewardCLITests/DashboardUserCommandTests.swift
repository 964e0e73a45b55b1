import Foundation
import Testing

@Suite("homeward dashboard user add|list|remove")
struct DashboardUserCommandTests {
    static let password = "correct-horse-battery-1"

    /// Runs `homeward dashboard user …` with `input` on stdin.
    static func run(_ arguments: [String], input: String = "") throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = HomewardProcess.executable
        process.arguments = ["dashboard", "user"] + arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, out, err)
    }

    @Test("add stores a bcrypt hash in a private file, list shows ids, roles and teams, remove removes; the password is never printed")
    func addListRemove() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("board-users-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let added = try Self.run(["add", "sup-0001", "--role", "supervisor", "--team", "team-north", "--users", file], input: Self.password + "\n")
        #expect(added.status == 0, "\(added.stderr)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("$2") && !text.contains(Self.password))
        #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600)
        let listed = try Self.run(["list", "--users", file])
        #expect(listed.stdout == "sup-0001\tsupervisor\tteam-north\n")
        let again = try Self.run(["add", "sup-0001", "--role", "manager", "--users", file], input: Self.password + "\n")
        #expect(again.status != 0 && again.stderr.contains("--replace"))
        let short = try Self.run(["add", "mgr-0001", "--role", "manager", "--users", file], input: "short\n")
        #expect(short.status != 0 && short.stderr.contains("at least 12"))
        let teamless = try Self.run(["add", "sup-0002", "--role", "supervisor", "--users", file], input: Self.password + "\n")
        #expect(teamless.status != 0 && teamless.stderr.contains("team"))
        let removed = try Self.run(["remove", "sup-0001", "--users", file])
        let afterRemoval = try Self.run(["list", "--users", file])
        #expect(removed.status == 0 && afterRemoval.stdout.isEmpty)
        for result in [added, listed, again, short, teamless, removed] {
            #expect(!result.stdout.contains(Self.password) && !result.stderr.contains(Self.password))
        }
    }
}
