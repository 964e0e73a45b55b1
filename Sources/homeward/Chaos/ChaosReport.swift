import Foundation
import HomewardPipeline
import HomewardContract

/// The figures of a chaos run, for people (``text``) or one JSON object
/// (``json``).
struct ChaosReport: Codable, Sendable {
    /// One topic's events against the oracle.
    struct Events: Codable, Sendable {
        var expected: Int
        var published: Int
        var duplicates: Int
        var lost: Int
        var unexpected: Int
        var differing: Int

        init(_ topic: ChaosVerdict.Topic) {
            expected = topic.expected
            published = topic.published
            duplicates = topic.duplicates
            lost = topic.lost.count
            unexpected = topic.unexpected.count
            differing = topic.differing.count
        }
    }

    var cases: Int
    var months: Int
    var seed: UInt64
    /// Case events produced.
    var events: Int
    /// Input records the worker groups committed, over all groups (a record read by two groups counts twice).
    var recordsProcessed: Int64
    var kills: Int
    var restarts: Int
    /// Workers that stopped by themselves and were started again.
    var selfStops: Int
    var reminders: Events
    var escalations: Events
    /// Repeats of an event with the same id and bytes, over both topics.
    var duplicates: Int
    /// E-mails the mail server received.
    var emails: Int
    var notificationsEmailed: Int
    /// Notifications replay e-mails.
    var notificationsExpected: Int
    /// E-mails recorded in doubt.
    var inDoubt: Int
    /// Second copies of e-mails recorded in doubt.
    var inDoubtRepeats: Int
    /// Replay's notifications still waiting live for a digest or the end of quiet hours.
    var waiting: Int
    /// Replay's notifications cancelled or failed live.
    var withdrawn: Int
    var deadLetters: Int
    var lost: Int
    var unexpected: Int
    var seconds: Double
    var passed: Bool

    init(settings: (cases: Int, months: Int, seed: UInt64), events: Int, recordsProcessed: Int64, kills: Int, restarts: Int,
         selfStops: Int, verdict: ChaosVerdict, seconds: Double) {
        (cases, months, seed) = settings
        self.events = events
        self.recordsProcessed = recordsProcessed
        self.kills = kills
        self.restarts = restarts
        self.selfStops = selfStops
        reminders = Events(verdict.topics[.reminders] ?? .init())
        escalations = Events(verdict.topics[.escalations] ?? .init())
        duplicates = verdict.duplicates
        emails = verdict.mail.received
        notificationsEmailed = verdict.mail.notificationsEmailed
        notificationsExpected = verdict.mail.expected
        inDoubt = verdict.mail.inDoubt
        inDoubtRepeats = verdict.mail.inDoubtRepeats
        waiting = verdict.mail.waiting
        withdrawn = verdict.mail.withdrawn
        deadLetters = verdict.deadLetters
        lost = verdict.lost
        unexpected = verdict.unexpected
        self.seconds = (seconds * 10).rounded() / 10
        passed = verdict.passed
    }

    /// One JSON object, keys sorted.
    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// The table, for people.
    var text: String {
        func line(_ name: String, _ figures: Events) -> String {
            name.padding(toLength: 20, withPad: " ", startingAt: 0)
                + "\(figures.published) published for \(figures.expected) in replay: \(figures.duplicates) duplicates (same id), "
                + "\(figures.lost) lost, \(figures.unexpected) unexpected, \(figures.differing) differing"
        }
        return [
            "",
            "homeward chaos: \(passed ? "PASSED" : "FAILED")",
            "population          \(cases) cases, \(months) months, seed \(seed): \(events) case events",
            "records processed   \(recordsProcessed) (input records committed by the four worker groups)",
            "kills               \(kills) (SIGKILL), \(restarts) restarts, \(selfStops) workers stopped by themselves",
            line("reminders", reminders),
            line("escalations", escalations),
            "duplicates          \(duplicates) (same id, same bytes)",
            "e-mails             \(emails) received, \(notificationsEmailed) notifications e-mailed of \(notificationsExpected) in replay",
            "in-doubt            \(inDoubt) e-mails recorded in doubt, \(inDoubtRepeats) received twice",
            "waiting             \(waiting) notifications of replay still waiting on stream time, \(withdrawn) cancelled or failed live",
            "dead letters        \(deadLetters)",
            "lost                \(lost)",
            "unexpected          \(unexpected)",
            "time                \(seconds) s",
        ].joined(separator: "\n")
    }
}
