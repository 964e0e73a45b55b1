import Foundation
import Testing

@Suite("homeward config check")
struct ConfigCheckCommandTests {
    /// A moment inside the shipped directory's on-call shifts.
    static let duringShifts = "2026-06-01T09:00:00Z"

    static func check(_ arguments: [String], config: String = WorkerProcess.config.appendingPathComponent("homeward.yaml").path,
                      policies: String = WorkerProcess.policies,
                      directory: String = WorkerProcess.config.appendingPathComponent("directory.yaml").path,
                      environment: [String: String] = [:]) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await HomewardProcess(["config", "check", "--config", config,
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
    func shippedConfigurationIsClean() async throws {
        let result = try await Self.check(["--at", Self.duringShifts])
        #expect(result.status == 0, "\(result.stderr)")
        let config = WorkerProcess.config.appendingPathComponent("homeward.yaml").path
        #expect(Self.row("kafka.brokers", in: result.stdout) == ["127.0.0.1:9092", "(\(config))"], "\(result.stdout)")
        #expect(Self.row("teams", in: result.stdout) == ["6"])
        #expect(!result.stderr.contains("warning:"), "\(result.stderr)")
        #expect(result.stderr.contains("0 errors, 0 warnings"))
    }

    @Test("a policy with an invalid value fails the check, naming the file and the setting")
    func brokenPolicyFails() async throws {
        let policies = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: policies) }
        for name in ["scheduler.yaml", "escalator.yaml", "notifier.yaml"] {
            try FileManager.default.copyItem(atPath: WorkerProcess.policies + "/" + name, toPath: policies.appendingPathComponent(name).path)
        }
        let scheduler = policies.appendingPathComponent("scheduler.yaml")
        let text = try String(contentsOf: scheduler, encoding: .utf8)
        try text.replacingOccurrences(of: "lateAfter: 1m", with: "lateAfter: soon").write(to: scheduler, atomically: true, encoding: .utf8)
        let result = try await Self.check(["--at", Self.duringShifts], policies: policies.path)
        #expect(result.status == 1)
        let error = result.stderr.split(separator: "\n").first { $0.hasPrefix("error:") }
        #expect(error?.contains(scheduler.path) == true, "\(result.stderr)")
        #expect(error?.contains("lateAfter") == true, "\(result.stderr)")
        #expect(result.stderr.contains("1 error, 0 warnings"))
    }

    @Test("a team with no supervisor and no on-call shift in the coming week is a warning, not an error")
    func uncoveredTeamWarns() async throws {
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
        let result = try await Self.check(["--at", "2026-03-02T00:00:00Z"], directory: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: \(directory.path): team team-lone has no supervisor"), "\(result.stderr)")
        #expect(result.stderr.contains("warning: \(directory.path): team team-lone has no on-call shift between 2026-03-02T00:00:00Z and 2026-03-09T00:00:00Z"))
        #expect(!result.stderr.contains("has no manager"))
        #expect(result.stderr.contains("0 errors, 2 warnings"))
    }

    @Test("no secret is printed, in the table or in JSON: not the SMTP password, not a SASL password from a flag, not a property from a secret file")
    func secretsAreNeverPrinted() async throws {
        let folder = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("homeward.yaml")
        try """
        kafka:
          brokers: kafka-1:9092
          properties:
            security.protocol: sasl_ssl
        """.write(to: config, atomically: true, encoding: .utf8)
        let keyPassword = folder.appendingPathComponent("ssl-key-password")
        try "s3cr3t-file\n".write(to: keyPassword, atomically: true, encoding: .utf8)
        let secrets = ["s3cr3t-smtp", "s3cr3t-sasl", "s3cr3t-file"]
        for mode in [[], ["--json"]] {
            let result = try await Self.check(mode + ["--at", Self.duringShifts, "--smtp", "smtps://mail.example.org",
                                                      "--kafka-property", "sasl.password=s3cr3t-sasl", "--kafka-property", "sasl.username=homeward"],
                                              config: config.path,
                                              environment: ["HOMEWARD_SMTP_USERNAME": "mailer", "HOMEWARD_SMTP_PASSWORD": "s3cr3t-smtp",
                                                      "HOMEWARD_KAFKA_PROPERTIES_SSL_KEY_PASSWORD_FILE": keyPassword.path])
            #expect(result.status == 0, "\(result.stderr)")
            for secret in secrets {
                #expect(!result.stdout.contains(secret), "\(mode) stdout shows \(secret): \(result.stdout)")
                #expect(!result.stderr.contains(secret), "\(mode) stderr shows \(secret): \(result.stderr)")
            }
            #expect(result.stdout.contains("mailer ***"), "\(result.stdout)")
            #expect(result.stdout.contains("sasl.password"))
            #expect(result.stdout.contains("ssl.key.password"))
            #expect(result.stdout.contains("sasl_ssl"))
        }
    }

    @Test("a secret in the configuration file is refused by config check and by a worker, naming the variable to use, never the value")
    func secretsInTheFileAreRefused() async throws {
        let folder = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("homeward.yaml")
        try """
        kafka:
          properties:
            ssl.key.password: s3cr3t-key
            ssl.key.location: /etc/homeward/client.key
        smtp:
          username: mailer
          password: s3cr3t-smtp
        """.write(to: config, atomically: true, encoding: .utf8)
        let check = try await Self.check(["--at", Self.duringShifts], config: config.path)
        #expect(check.status == 1)
        #expect(check.stderr.contains("kafka.properties.ssl.key.password: a secret never belongs in the configuration file; "
            + "set HOMEWARD_KAFKA_PROPERTIES_SSL_KEY_PASSWORD or HOMEWARD_KAFKA_PROPERTIES_SSL_KEY_PASSWORD_FILE instead"), "\(check.stderr)")
        #expect(check.stderr.contains("smtp.password: a secret never belongs in the configuration file; set HOMEWARD_SMTP_PASSWORD or HOMEWARD_SMTP_PASSWORD_FILE instead"))
        #expect(!check.stderr.contains("ssl.key.location"), "a path is not a secret")
        #expect(Self.row("kafka.properties.ssl.key.location", in: check.stdout) == ["/etc/homeward/client.key", "(\(config.path))"], "\(check.stdout)")
        let worker = try await HomewardProcess(["topics", "describe", "--config", config.path, "--timeout", "1"]).wait()
        #expect(worker.status != 0)
        #expect(worker.stderr.contains("smtp.password: a secret never belongs in the configuration file"), "\(worker.stderr)")
        for output in [check.stdout, check.stderr, worker.stdout, worker.stderr] {
            #expect(!output.contains("s3cr3t"), "\(output)")
        }
    }

    @Test("a flag wins over the environment, the environment over a secret file, a secret file over the configuration file; config check names each source")
    func layersAndSources() async throws {
        let folder = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("homeward.yaml")
        try """
        kafka:
          brokers: file-broker:9092
          topicPrefix: file.
          partitions: 12
          properties:
            client.rack: file-rack
            socket.timeout.ms: 30000
        smtp:
          username: file-mailer
        """.write(to: config, atomically: true, encoding: .utf8)
        let passwordFile = folder.appendingPathComponent("sasl-password")
        try "from-a-file\n".write(to: passwordFile, atomically: true, encoding: .utf8)
        let result = try await Self.check(["--at", Self.duringShifts, "--json", "--brokers", "flag-broker:9092",
                                           "--kafka-property", "client.rack=flag-rack"],
                                          config: config.path,
                                          environment: ["HOMEWARD_KAFKA_BROKERS": "env-broker:9092", "HOMEWARD_KAFKA_TOPIC_PREFIX": "env.",
                                                  "HOMEWARD_KAFKA_PROPERTIES_SOCKET_TIMEOUT_MS": "45000",
                                                  "HOMEWARD_KAFKA_SASL_PASSWORD_FILE": passwordFile.path,
                                                  "HOMEWARD_SMTP_PASSWORD": "from-the-environment"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let kafka = try #require(report["kafka"] as? [String: Any])
        let properties = try #require(kafka["properties"] as? [String: String])
        #expect(kafka["brokers"] as? String == "flag-broker:9092")
        #expect(kafka["topicPrefix"] as? String == "env.")
        #expect(kafka["partitions"] as? String == "12")
        #expect(properties["client.rack"] == "flag-rack")
        #expect(properties["socket.timeout.ms"] == "45000")
        #expect(properties["sasl.password"] == "***")
        #expect((report["smtp"] as? [String: Any])?["credentials"] as? String == "file-mailer ***")
        let sources = try #require(report["sources"] as? [String: String])
        #expect(sources == [
            "kafka.brokers": "flag", "kafka.topicPrefix": "environment", "kafka.partitions": config.path,
            "kafka.properties.client.rack": "flag", "kafka.properties.socket.timeout.ms": "environment",
            "kafka.properties.sasl.password": "secret file", "kafka.sasl.password": "secret file",
            "smtp.username": config.path, "smtp.password": "environment",
        ])
        #expect(!result.stdout.contains("from-a-file") && !result.stdout.contains("from-the-environment"))
    }

    /// The words after `setting` on its row of the table, or nil without one.
    static func row(_ setting: String, in table: String) -> [String]? {
        for line in table.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            if words.first == setting { return Array(words.dropFirst()) }
        }
        return nil
    }
}
