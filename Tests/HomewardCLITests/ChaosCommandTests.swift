import Foundation
import HomewardTestKit
import Testing

@Suite("homeward chaos: workers killed and restarted while a population goes through, held to replay", .serialized)
struct ChaosCommandTests {
    static let repository = WorkerProcess.config.deletingLastPathComponent()

    /// `homeward chaos` with the repository's mail server script, policies, directory and templates.
    static func chaos(_ arguments: [String]) throws -> HomewardProcess {
        try HomewardProcess(["chaos"] + arguments + [
            "--mail-server", repository.appendingPathComponent("scripts/smtp-capture.py").path, "--policies", WorkerProcess.policies,
            "--directory", WorkerProcess.config.appendingPathComponent("directory.yaml").path,
            "--templates", WorkerProcess.config.appendingPathComponent("templates").path,
        ])
    }

    @Test("a short chaos run (20 cases, 4 kills) loses nothing, finds nothing unexpected, restarts every worker it kills and e-mails")
    func shortRun() async throws {
        let run = try Self.chaos(["--simulate", "20", "--months", "12", "--kills", "4", "--interval", "1.5", "--seed", "3",
                                  "--settle-timeout", "90", "--json"])
        let finished = await run.wait()
        let report = try #require(try JSONSerialization.jsonObject(with: Data(finished.stdout.utf8)) as? [String: Any],
                                  "one JSON object on stdout: \(finished.stdout.prefix(300)) \(finished.stderr.suffix(1_500))")
        #expect(finished.status == 0, "\(finished.stderr.suffix(1_500))")
        #expect(report["passed"] as? Bool == true)
        #expect(report["lost"] as? Int == 0 && report["unexpected"] as? Int == 0, "\(report)")
        #expect(report["kills"] as? Int == 4 && report["restarts"] as? Int == 4, "\(report)")
        #expect((report["emails"] as? Int ?? 0) > 0 && (report["events"] as? Int ?? 0) > 0, "\(report)")
        let reminders = try #require(report["reminders"] as? [String: Any])
        #expect((reminders["expected"] as? Int ?? 0) > 0 && reminders["lost"] as? Int == 0, "\(reminders)")
    }

    @Test("SIGTERM ends a chaos run at once: every child process is killed and the run's folder removed")
    func terminated() async throws {
        let run = try Self.chaos(["--simulate", "20", "--kills", "50", "--interval", "2"])
        let lines = run.standardError
        _ = try await withDeadline(.seconds(60), "the chaos run reports its workers started") {
            await lines.firstLine(where: { WorkerLogLine($0)?.message == "workers started" })
        }
        let ready = lines.text.split(separator: "\n").compactMap { WorkerLogLine($0) }.first { $0.message == "ready" }
        let line = try #require(ready, "\(lines.text.suffix(1_000))")
        let brokers = try #require(line.metadata["brokers"]), folder = try #require(line.metadata["folder"])
        #expect(!Self.processes(mentioning: brokers).isEmpty, "the workers run against \(brokers)")

        run.send(SIGTERM)
        let finished = await run.wait()
        #expect(finished.status == 128 + SIGTERM, "\(finished.stderr.suffix(500))")
        try await waitUntil("no process mentions \(brokers) any more", within: .seconds(10)) {
            Self.processes(mentioning: brokers).isEmpty
        }
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    /// The ids of the live processes whose command line contains `text`.
    static func processes(mentioning text: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { $0.allSatisfy(\.isNumber) }.filter { pid in
            // /proc reports a size of 0: read to the end rather than by size.
            guard let line = FileHandle(forReadingAtPath: "/proc/\(pid)/cmdline")?.readDataToEndOfFile() else { return false }
            return String(decoding: line.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self).contains(text)
        }
    }
}
