import Foundation
import HomewardTestKit
import Testing

@Suite("homeward dashboard user add|list|remove")
struct DashboardUserCommandTests {
    static let password = "correct-horse-battery-1"

    /// Runs `homeward dashboard user …` with `input` on stdin.
    static func run(_ arguments: [String], input: String = "") async throws -> (status: Int32, stdout: String, stderr: String) {
        let finished = try await ChildProcess.run(HomewardProcess.executable.path, ["dashboard", "user"] + arguments, input: input)
        return (finished.status, finished.stdout, finished.stderr)
    }

    @Test("add stores a bcrypt hash in a private file, list shows ids, roles and teams, remove removes; the password is never printed")
    func addListRemove() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("board-users-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let added = try await Self.run(["add", "sup-0001", "--role", "supervisor", "--team", "team-north", "--users", file], input: Self.password + "\n")
        #expect(added.status == 0, "\(added.stderr)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("$2") && !text.contains(Self.password))
        #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600)
        let listed = try await Self.run(["list", "--users", file])
        #expect(listed.stdout == "sup-0001\tsupervisor\tteam-north\n")
        let again = try await Self.run(["add", "sup-0001", "--role", "manager", "--users", file], input: Self.password + "\n")
        #expect(again.status != 0 && again.stderr.contains("--replace"))
        let short = try await Self.run(["add", "mgr-0001", "--role", "manager", "--users", file], input: "short\n")
        #expect(short.status != 0 && short.stderr.contains("at least 12"))
        let teamless = try await Self.run(["add", "sup-0002", "--role", "supervisor", "--users", file], input: Self.password + "\n")
        #expect(teamless.status != 0 && teamless.stderr.contains("team"))
        let removed = try await Self.run(["remove", "sup-0001", "--users", file])
        let afterRemoval = try await Self.run(["list", "--users", file])
        #expect(removed.status == 0 && afterRemoval.stdout.isEmpty)
        for result in [added, listed, again, short, teamless, removed] {
            #expect(!result.stdout.contains(Self.password) && !result.stderr.contains(Self.password))
        }
    }
}
