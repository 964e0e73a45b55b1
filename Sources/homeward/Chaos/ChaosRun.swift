import Foundation
import HomewardPipeline
import HomewardContract
import Kafka
import Logging

/// One chaos run, step by step: the broker, its topics and the mail server;
/// the history; the workers; the feed with its kills; the wait until the
/// workers have settled; then the live outputs against replay's.
struct ChaosRun {
    let command: ChaosCommand
    /// Where the history, the logs, the e-mails and replay's output go.
    let folder: URL
    let children: ChaosChildren
    let status: StatusLine
    let logger: Logger

    /// The worker kinds, each run twice.
    static let kinds = ["scheduler", "escalator", "notifier"]
    /// The consumer groups of the workers (`homeward worker` without `--group`) and the topics each reads.
    static let groups: [(group: String, inputs: [TopicRole])] = [
        ("homeward.scheduler", [.caseEvents]), ("homeward.escalator", [.caseEvents, .reminders]),
        ("homeward.notifier-fanout", [.reminders, .escalations]), ("homeward.notifier-delivery", [.notifications]),
    ]
    /// How long nothing may move, every group's lag 0, before the run counts as settled.
    static let quiet: Duration = .seconds(3)
    let catalog = TopicCatalog(prefix: "homeward.")

    func run() async throws -> ChaosReport {
        let started = ContinuousClock.now
        let logs = folder.appendingPathComponent("logs"), mail = folder.appendingPathComponent("mail")
        for directory in [logs, mail] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }

        let brokers = try await startBroker(logs: logs)
        try await createTopics(brokers: brokers, logs: logs)
        let port = try await startMailServer(into: mail, logs: logs)
        let (history, parts, events, end) = try await simulateHistory(logs: logs)
        status.log("ready", ["brokers": "\(brokers)", "smtp": "127.0.0.1:\(port)", "events": "\(events)", "folder": "\(folder.path)"])

        let fleet = ChaosFleet(arguments: workerArguments(brokers: brokers, smtpPort: port), logs: logs, children: children)
        try await fleet.start(kinds: Self.kinds, instances: 2)
        status.log("workers started", ["workers": "\(await fleet.members.map(\.name).joined(separator: " "))"])
        let client = KafkaClientConfiguration(brokers: brokers, clientID: "homeward-chaos")
        let observer = try await ChaosObserver(
            client: client, catalog: catalog,
            groups: Self.groups.map { DrainStage(group: $0.group, inputs: $0.inputs.map(catalog.name)) }, mailFolder: mail, logger: logger)

        try await feedAndKill(parts: parts, fleet: fleet, observer: observer, brokers: brokers, logs: logs)
        let settled = try await settle(fleet: fleet, observer: observer)
        await observer.close()
        status.log("settled: reading the topics and replaying the history")

        async let live = ChaosLiveOutputs.read(client: client, catalog: catalog, mailFolder: mail, logger: logger)
        async let oracle = ChaosOracle.replay(history: history, end: end, partitions: Int(command.partitions),
                                              notifierArguments: command.notifierArguments, policies: command.policyArguments,
                                              folder: folder, children: children)
        let (outputs, replayed) = try await (live, oracle)
        await fleet.stopAll()
        try Data(outputs.events.map { $0.value + "\n" }.joined().utf8).write(to: folder.appendingPathComponent("live.ndjson"))
        try Data(outputs.deliveries.map { $0 + "\n" }.joined().utf8).write(to: folder.appendingPathComponent("live-deliveries.ndjson"))

        let verdict = ChaosVerdict(oracle: replayed.events, live: outputs.events, oracleMail: replayed.emails,
                                   eventualMail: replayed.eventualEmails, received: outputs.emails, audit: outputs.audit,
                                   deadLetters: outputs.deadLetters)
        logFindings(verdict)
        return ChaosReport(settings: (command.simulate, command.months, command.seed), events: events,
                           recordsProcessed: settled.committed.values.reduce(0, +), kills: await fleet.kills, restarts: await fleet.restarts,
                           selfStops: await fleet.selfStops.count, verdict: verdict,
                           seconds: Self.seconds(ContinuousClock.now - started))
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    // MARK: The steps

    /// `homeward broker`, with Homeward's topics; returns its bootstrap address.
    private func startBroker(logs: URL) async throws -> String {
        let broker = try ChaosChild(homeward: ["broker", "--partitions", "\(command.partitions)", "--log-level", "warning"], name: "broker",
                                    logs: logs, readsOutput: true, children: children)
        let address = await broker.firstLine()
        guard address.contains(":") else { throw CommandFailure("the embedded broker did not start: \(broker.logTail())") }
        return address
    }

    /// `homeward topics create`: on the embedded broker it checks the topics the broker made.
    private func createTopics(brokers: String, logs: URL) async throws {
        try await runToEnd(["topics", "create", "--brokers", brokers, "--topic-prefix", catalog.prefix, "--partitions", "\(command.partitions)"],
                           name: "topics-create", logs: logs)
    }

    /// The mail server; returns its port.
    private func startMailServer(into mail: URL, logs: URL) async throws -> Int {
        let server = try ChaosChild("smtp-capture", executable: URL(fileURLWithPath: "/usr/bin/python3"), arguments: [command.mailServer, mail.path],
                                    log: logs.appendingPathComponent("smtp-capture.log"), readsOutput: true, keepsInput: true, children: children)
        guard let port = Int(await server.firstLine()) else {
            throw CommandFailure("the mail server did not start (it needs Debian's python3-aiosmtpd): \(server.logTail())")
        }
        return port
    }

    /// `homeward simulate` into a file, split into one part per kill (in
    /// time order, so each part moves stream time on); returns the file,
    /// the parts, the number of events and the time of the last.
    private func simulateHistory(logs: URL) async throws -> (URL, [URL], Int, Timestamp) {
        let history = folder.appendingPathComponent("history.ndjson")
        let child = try ChaosChild(homeward: ["simulate", "--cases", "\(command.simulate)", "--months", "\(command.months)",
                                              "--seed", "\(command.seed)"], name: "simulate", logs: logs, stdout: history, children: children)
        guard await child.exit().status == 0 else { throw CommandFailure("homeward simulate failed: \(child.logTail())") }
        var reader = try LineReader(path: history.path)
        var lines: [[UInt8]] = []
        var end = Timestamp(millisecondsSinceEpoch: 0)
        while let line = reader.next(), !line.isEmpty {
            lines.append(line)
            guard case .string(let time)? = (try? JSONParser.parse(line))?["time"], let at = try? Timestamp(rfc3339: time) else {
                throw CommandFailure("homeward simulate wrote a line without a time: \(String(decoding: line.prefix(200), as: UTF8.self))")
            }
            end = max(end, at)
        }
        let count = max(1, command.kills)
        var parts: [URL] = []
        for index in 0..<count {
            let slice = lines[lines.count * index / count ..< lines.count * (index + 1) / count]
            let part = folder.appendingPathComponent("part-\(index + 1).ndjson")
            try Data(slice.flatMap { $0 + [0x0A] }).write(to: part)
            parts.append(part)
        }
        return (history, parts, lines.count, end)
    }

    /// Each kind's `homeward worker` arguments: stream time, the embedded broker's group timing.
    private func workerArguments(brokers: String, smtpPort: Int) -> @Sendable (String) -> [String] {
        let base = ["--brokers", brokers, "--topic-prefix", catalog.prefix, "--clock", "stream", "--session-timeout-ms", "6000",
                    "--fetch-wait-ms", "10", "--log-level", "warning"] + command.policyArguments
        let notifier = ["--smtp", "smtp+plaintext://127.0.0.1:\(smtpPort)"] + command.notifierArguments
        return { kind in ["worker", kind] + base + (kind == "notifier" ? notifier : []) }
    }

    /// Produces the parts one by one. After each, it waits (two seconds at
    /// most) until the worker the next kill takes is at work (its group has
    /// input it has not committed; for the notifier, delivery, whose
    /// commits wait for its e-mails, or else the fan-out), then a moment
    /// more, and kills it; starts it again at once, then pauses before the
    /// next part. Victims, moments and pauses are drawn from the seed.
    private func feedAndKill(parts: [URL], fleet: ChaosFleet, observer: ChaosObserver, brokers: String, logs: URL) async throws {
        let plan = ChaosKillPlan(kills: command.kills, workers: Self.kinds.count * 2, interval: .seconds(command.interval), seed: command.seed)
        var remaining = parts[...]
        for (number, kill) in plan.kills.enumerated() {
            if let part = remaining.popFirst() { try await produce(part, brokers: brokers, logs: logs) }
            let kind = await fleet.members[kill.victim].kind
            let atWork = try await waitUntilAtWork(kind, observer: observer, within: .seconds(2))
            try await watch(for: kill.intoWork, phase: "feeding", fleet: fleet, observer: observer, planned: plan.kills.count)
            let name = try await fleet.killAndRestart(kill.victim)
            status.log("killed and restarted", ["worker": "\(name)", "kill": "\(number + 1)/\(plan.kills.count)", "at-work": "\(atWork)"])
            try await watch(for: kill.pause, phase: "feeding", fleet: fleet, observer: observer, planned: plan.kills.count)
        }
        while let part = remaining.popFirst() { try await produce(part, brokers: brokers, logs: logs) }
    }

    /// Waits until a group of `kind` has input it has not committed, at most
    /// `limit`; returns whether it has.
    private func waitUntilAtWork(_ kind: String, observer: ChaosObserver, within limit: Duration) async throws -> Bool {
        let groups = kind == "notifier" ? ["homeward.notifier-delivery", "homeward.notifier-fanout"] : ["homeward.\(kind)"]
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let lag = try await observer.look().lag
            if groups.contains(where: { lag[$0, default: 0] > 0 }) { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// `homeward produce PART`, to its end.
    private func produce(_ part: URL, brokers: String, logs: URL) async throws {
        try await runToEnd(["produce", part.path, "--brokers", brokers, "--topic-prefix", catalog.prefix],
                           name: "produce-" + part.deletingPathExtension().lastPathComponent, logs: logs)
    }

    /// Shows progress for `duration` (a look at the broker takes a while:
    /// none within a short wait), starting again any worker that stopped by itself.
    private func watch(for duration: Duration, phase: String, fleet: ChaosFleet, observer: ChaosObserver, planned: Int) async throws {
        let end = ContinuousClock.now + duration
        var nextLook = ContinuousClock.now + (duration < .milliseconds(500) ? duration : .zero)
        while ContinuousClock.now < end {
            try await restartStopped(fleet)
            if ContinuousClock.now >= nextLook {
                status.update(ChaosProgress.text(phase: phase, look: try await observer.look(), kills: await fleet.kills, planned: planned))
                nextLook = ContinuousClock.now + .milliseconds(500)
            }
            try await Task.sleep(for: max(.zero, min(.milliseconds(100), end - ContinuousClock.now)))
        }
    }

    /// Waits until every group's lag is 0 and nothing has moved for
    /// ``quiet``; returns the last look.
    private func settle(fleet: ChaosFleet, observer: ChaosObserver) async throws -> ChaosLook {
        let deadline = ContinuousClock.now + .seconds(command.settleTimeout)
        var still: (look: ChaosLook, since: ContinuousClock.Instant)?
        while true {
            try await restartStopped(fleet)
            let look = try await observer.look()
            status.update(ChaosProgress.text(phase: "settling", look: look, kills: await fleet.kills, planned: command.kills))
            if look.totalLag > 0 || still.map({ !$0.look.isStill(comparedWith: look) }) ?? true {
                still = look.totalLag == 0 ? (look, ContinuousClock.now) : nil
            } else if let still, ContinuousClock.now - still.since >= Self.quiet {
                status.clear()
                return look
            }
            guard ContinuousClock.now < deadline else {
                throw CommandFailure("the workers did not settle within \(command.settleTimeout) s: lag by group \(look.lag.sorted { $0.key < $1.key }); "
                                     + "see their logs in \(folder.appendingPathComponent("logs").path) (run with --keep)")
            }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    private func restartStopped(_ fleet: ChaosFleet) async throws {
        for name in try await fleet.restartStopped() {
            status.log("a worker stopped by itself and was started again", ["worker": "\(name)"])
        }
    }

    /// Runs `homeward arguments` to its end; fails unless it exits 0.
    private func runToEnd(_ arguments: [String], name: String, logs: URL) async throws {
        let child = try ChaosChild(homeward: arguments, name: name, logs: logs, children: children)
        let (exitStatus, _) = await child.exit()
        guard exitStatus == 0 else { throw CommandFailure("homeward \(arguments.prefix(2).joined(separator: " ")) failed (status \(exitStatus)): \(child.logTail())") }
    }

    /// Logs the first few of each kind of finding, so a failed run says what
    /// it found (`live.ndjson`, `live-deliveries.ndjson` and `replay.ndjson`
    /// in the run's folder, kept with `--keep`, hold the events in full).
    private func logFindings(_ verdict: ChaosVerdict) {
        for (role, topic) in verdict.topics.sorted(by: { $0.key < $1.key }) {
            for (finding, ids) in [("lost", topic.lost), ("unexpected", topic.unexpected), ("differing", topic.differing)] where !ids.isEmpty {
                status.log("\(role): \(ids.count) \(finding)", ["e.g.": "\(ids.prefix(3).joined(separator: " "))"])
            }
        }
        let mail = verdict.mail
        for (finding, ids) in [("lost", mail.lost), ("sent but not received", mail.sentNotReceived), ("not sent by replay", mail.unexpected),
                               ("repeated", mail.repeated)] where !ids.isEmpty {
            status.log("e-mails: \(ids.count) \(finding)", ["e.g.": "\(ids.prefix(3).joined(separator: " "))"])
        }
        if verdict.deadLetters > 0 { status.log("dead letters: \(verdict.deadLetters) (see homeward dead-letter list)") }
    }
}
