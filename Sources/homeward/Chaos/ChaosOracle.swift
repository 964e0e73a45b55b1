import Foundation
import HomewardPipeline
import HomewardContract

/// What `homeward replay` gives for a chaos run's history: the reminders and
/// escalations it prints, the e-mails `homeward replay --outbox` writes, and
/// those it writes with `--until` a week past the last event.
///
/// The events and the e-mails held to the live run come from replay without
/// `--until`: `--until TIME` moves every partition's stream time to TIME,
/// firing the timers due by then, while a live worker's partition stops at
/// its own last event, which on a small population is often well before the
/// history's last (20 cases: four reminders more than the live run can
/// give). Without it, each partition ends at its last event's time, as the
/// live partition does. The e-mails a week on are every e-mail the
/// notifications could lead to, once each waiting digest and quiet hours
/// are over: a live notifier that takes a partition's notifications in
/// another order may send one before replay does, never one outside them.
struct ChaosOracle {
    /// The reminders and escalations, in replay's order.
    let events: [ChaosVerdict.Event]
    /// The e-mails replay sends.
    let emails: [ChaosVerdict.Email]
    /// The e-mails replay sends by a week after the last event.
    let eventualEmails: [ChaosVerdict.Email]

    /// Runs the replays of `history`, whose last event is at `end`, as child processes, writing into `folder`.
    static func replay(history: URL, end: Timestamp, partitions: Int, notifierArguments: [String], policies: [String], folder: URL,
                       children: ChaosChildren) async throws -> ChaosOracle {
        let printed = folder.appendingPathComponent("replay.ndjson")
        let outbox = folder.appendingPathComponent("replay-outbox"), later = folder.appendingPathComponent("replay-outbox-week-on")
        for directory in [outbox, later] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        let base = ["replay", history.path, "--partitions", "\(partitions)"] + policies
        async let events: Void = run(base, name: "replay", stdout: printed, folder: folder, children: children)
        async let mail: Void = run(base + ["--outbox", outbox.path] + notifierArguments, name: "replay-outbox", stdout: nil,
                                   folder: folder, children: children)
        async let eventualMail: Void = run(base + ["--outbox", later.path, "--until", end.adding(days: 7).rfc3339] + notifierArguments,
                                           name: "replay-outbox-week-on", stdout: nil, folder: folder, children: children)
        _ = try await (events, mail, eventualMail)
        var reader = try LineReader(path: printed.path)
        var parsed: [ChaosVerdict.Event] = []
        while let line = reader.next(), !line.isEmpty {
            guard let event = ChaosVerdict.Event(cloudEvent: line) else {
                throw CommandFailure("homeward replay printed a line that is not an output event: \(String(decoding: line.prefix(200), as: UTF8.self))")
            }
            parsed.append(event)
        }
        return ChaosOracle(events: parsed, emails: try ChaosVerdict.Email.all(in: outbox), eventualEmails: try ChaosVerdict.Email.all(in: later))
    }

    private static func run(_ arguments: [String], name: String, stdout: URL?, folder: URL, children: ChaosChildren) async throws {
        let child = try ChaosChild(homeward: arguments, name: name, logs: folder, stdout: stdout, children: children)
        let (status, _) = await child.exit()
        guard status == 0 else { throw CommandFailure("homeward \(arguments.first ?? "") failed (status \(status)): \(child.logTail(800))") }
    }
}

extension ChaosVerdict.Event {
    /// The event in a CloudEvent's bytes, on the topic its type belongs to
    /// (`…reminder…` or `…escalation…`); nil for anything else.
    init?(cloudEvent bytes: [UInt8]) {
        guard let json = try? JSONParser.parse(bytes), let id = json["id"]?.text, let type = json["type"]?.text else { return nil }
        if type.hasPrefix("org.homeward.reminder.") {
            self.init(id: id, role: .reminders, value: String(decoding: bytes, as: UTF8.self))
        } else if type.hasPrefix("org.homeward.escalation.") {
            self.init(id: id, role: .escalations, value: String(decoding: bytes, as: UTF8.self))
        } else {
            return nil
        }
    }
}
