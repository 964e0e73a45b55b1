import Foundation
import Testing

@Suite("homeward config check")
struct ConfigCheckCommandTests {
    /// A moment inside the shipped directory's on-call shifts.
    static let duringShifts = "2026-06-01T09:00:00Z"

    static func check(_ arguments: [String], config: String = WorkerProcess.config.appendingPathComponent("homeward.yaml").path,
                      policies: String = WorkerProcess.policies,
                      directory: String = WorkerProcess.config.appendingPathComponent("directory.yaml").path,
                      environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        try HomewardProcess(["config", "check", "--config", config,
                             "--policies", policies, "--directory", directory,
                             "--templates", WorkerProcess.config.appendingPathComponent("templates").path] + arguments,
                            environment: environment).wait()
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("homeward-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("the shipped configuration checks clean, prints its brokers, paths and counts, and warns of nothing inside its on-call shifts")
    func shippedConfigurationIsClean() throws {
        let result = try Self.check(["--at", Self.duringShifts])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("brokers           127.0.0.1:9092"), "\(result.stdout)")
        #expect(result.stdout.contains("teams             6"))
        #expect(!result.stderr.contains("warning:"), "\(result.stderr)")
        #expect(result.stderr.contains("0 errors, 0 warnings"))
    }

    @Test("a policy with an invalid value fails the check, naming the file and the setting")
    func brokenPolicyFails() throws {
        let policies = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: policies) }
        for name in ["scheduler.yaml", "escalator.yaml", "notifier.yaml"] {
            try FileManager.default.copyItem(atPath: WorkerProcess.policies + "/" + name, toPath: policies.appendingPathComponent(name).path)
        }
        let scheduler = policies.appendingPathComponent("scheduler.yaml")
        let text = try String(contentsOf: scheduler, encoding: .utf8)
        try text.replacingOccurrences(of: "lateAfter: 1m", with: "lateAfter: soon").write(to: scheduler, atomically: true, encoding: .utf8)
        let result = try Self.check(["--at", Self.duringShifts], policies: policies.path)
        #expect(result.status == 1)
        let error = result.stderr.split(separator: "\n").first { $0.hasPrefix("error:") }
        #expect(error?.contains(scheduler.path) == true, "\(result.stderr)")
        #expect(error?.contains("lateAfter") == true, "\(result.stderr)")
        #expect(result.stderr.contains("1 error, 0 warnings"))
    }

    @Test("a team with no supervisor and no on-call shift in the coming week is a warning, not an error")
    func uncoveredTeamWarns() throws {
        let folder = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let directory = folder.appendingPathComponent("directory.yaml")
        try """
        people:
          - { id: mgr-1, name: M. One, email: m.one@example.org, timezone: Europe/Amsterdam }
          - { id: oc-1, name: O. One, email: o.one@example.org, timezone: Europe/Amsterdam }
        teams:
          - id: team-lone
            manager: mgr-1
            onCall:
              - { person: oc-1, from: 2026-01-05T07:00:00Z, until: 2026-01-12T07:00:00Z }
        """.write(to: directory, atomically: true, encoding: .utf8)
        let result = try Self.check(["--at", "2026-03-02T00:00:00Z"], directory: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: \(directory.path): team team-lone has no supervisor"), "\(result.stderr)")
        #expect(result.stderr.contains("warning: \(directory.path): team team-lone has no on-call shift between 2026-03-02T00:00:00Z and 2026-03-09T00:00:00Z"))
        #expect(!result.stderr.contains("has no manager"))
        #expect(result.stderr.contains("0 errors, 2 warnings"))
    }

    @Test("no secret is printed, in the table or in JSON: not the SMTP password, not a SASL password from a flag or the configuration file")
    func secretsAreNeverPrinted() throws {
        let folder = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("homeward.yaml")
        try """
        kafka:
          brokers: kafka-1:9092
          properties:
            ssl.key.password: s3cr3t-file
            security.protocol: sasl_ssl
        """.write(to: config, atomically: true, encoding: .utf8)
        let secrets = ["s3cr3t-smtp", "s3cr3t-sasl", "s3cr3t-file"]
        for mode in [[], ["--json"]] {
            let result = try Self.check(mode + ["--at", Self.duringShifts, "--smtp", "smtps://mail.example.org",
                                                "--kafka-property", "sasl.password=s3cr3t-sasl", "--kafka-property", "sasl.username=homeward"],
                                        config: config.path, environment: ["HOMEWARD_SMTP_USERNAME": "mailer", "HOMEWARD_SMTP_PASSWORD": "s3cr3t-smtp"])
            #expect(result.status == 0, "\(result.stderr)")
            for secret in secrets {
                #expect(!result.stdout.contains(secret), "\(mode) stdout shows \(secret): \(result.stdout)")
                #expect(!result.stderr.contains(secret), "\(mode) stderr shows \(secret): \(result.stderr)")
            }
            #expect(result.stdout.contains("mailer ***"), "\(result.stdout)")
            #expect(result.stdout.contains("sasl.password"))
            #expect(result.stdout.contains("sasl_ssl"))
        }
    }
}
