public import HomewardProcessing
import HomewardContract
import Yams

extension NotifierPolicy {
    /// The policy file's name in the policies directory.
    public static let fileName = "notifier.yaml"

    /// Reads and validates a policy file's text.
    ///
    /// - Throws: ``PolicyError`` naming the file, the setting and the fix.
    public init(yaml: String, file: String = NotifierPolicy.fileName) throws(PolicyError) {
        do {
            let document = try YAMLDecoder().decode(NotifierPolicyDocument.self, from: yaml)
            self = try document.policy()
        } catch {
            throw PolicyError.located(error, file: file)
        }
    }
}

/// `notifier.yaml`, as written.
private struct NotifierPolicyDocument: Decodable {
    var version: Int
    var digest: DigestDocument
    var atOnce: KindsDocument
    var alwaysAtOnce: KindsDocument
    var never: KindsDocument
    var quietHours: QuietHoursDocument
    var retries: RetriesDocument
    var sentIdsKept: PolicyDuration
    var caseLink: String
    var messageIdDomain: String

    init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["version", "digest", "atOnce", "alwaysAtOnce", "never", "quietHours", "retries",
                                                       "sentIdsKept", "caseLink", "messageIdDomain"])
        version = try fields.required("version")
        guard version == 1 else { throw PolicyError(path: "version", message: "this build reads policy version 1, found \(version)") }
        digest = try fields.required("digest")
        atOnce = try fields.optional("atOnce") ?? KindsDocument()
        alwaysAtOnce = try fields.optional("alwaysAtOnce") ?? KindsDocument()
        never = try fields.optional("never") ?? KindsDocument()
        quietHours = try fields.required("quietHours")
        retries = try fields.required("retries")
        sentIdsKept = try fields.required("sentIdsKept")
        caseLink = try fields.required("caseLink")
        messageIdDomain = try fields.required("messageIdDomain")
    }

    func policy() throws(PolicyError) -> NotifierPolicy {
        var reminders: [ReminderKind: (NotifierPolicy.Timing, String)] = [:]
        var escalations: [EscalationLevel: (NotifierPolicy.Timing, String)] = [:]
        let placements: [(NotifierPolicy.Timing, String, [ReminderKind], [EscalationLevel])] = [
            (.digest, "digest", digest.kinds, []),
            (.atOnce, "atOnce", atOnce.reminders, atOnce.escalations),
            (.alwaysAtOnce, "alwaysAtOnce", alwaysAtOnce.reminders, alwaysAtOnce.escalations),
            (.never, "never", never.reminders, never.escalations),
        ]
        for (timing, name, kinds, levels) in placements {
            let kindsPath = name == "digest" ? "digest.kinds" : name + ".reminders"
            for kind in kinds {
                if let (_, other) = reminders[kind] {
                    throw PolicyError(path: kindsPath, message: "\(kind.rawValue) is already in \(other): give each reminder kind one timing")
                }
                reminders[kind] = (timing, kindsPath)
            }
            for level in levels {
                if let (_, other) = escalations[level] {
                    throw PolicyError(path: name + ".escalations", message: "\(level.rawValue) is already in \(other): give each level one timing")
                }
                escalations[level] = (timing, name + ".escalations")
            }
        }
        let unplacedKinds = ReminderKind.allCases.filter { reminders[$0] == nil }
        guard unplacedKinds.isEmpty else {
            throw PolicyError(path: "", message: "no timing for reminder kind \(unplacedKinds.map(\.rawValue).joined(separator: ", ")): "
                                  + "list it under digest.kinds, atOnce.reminders, alwaysAtOnce.reminders or never.reminders")
        }
        let unplacedLevels = EscalationLevel.allCases.filter { escalations[$0] == nil }
        guard unplacedLevels.isEmpty else {
            throw PolicyError(path: "", message: "no timing for escalation level \(unplacedLevels.map(\.rawValue).joined(separator: ", ")): "
                                  + "list it under atOnce.escalations, alwaysAtOnce.escalations or never.escalations")
        }
        for level in [EscalationLevel.urgent, .emergency] where escalations[level]?.0 != .alwaysAtOnce {
            throw PolicyError(path: escalations[level]!.1,
                              message: "\(level.rawValue) escalations must go at once, day and night: list them under alwaysAtOnce.escalations")
        }
        guard !digest.days.isEmpty else { throw PolicyError(path: "digest.days", message: "list at least one day") }
        guard quietHours.allDay.count < 7 else {
            throw PolicyError(path: "quietHours.allDay", message: "every day is quiet: nothing but urgent mail would ever go out")
        }
        guard quietHours.from != quietHours.until else {
            throw PolicyError(path: "quietHours.until", message: "equals from (\(quietHours.from)): quiet hours would be empty")
        }
        try positive(retries.first, "retries.first")
        guard retries.longest >= retries.first else {
            throw PolicyError(path: "retries.longest", message: "must not be shorter than retries.first (\(retries.first))")
        }
        guard retries.giveUpAfter >= retries.longest else {
            throw PolicyError(path: "retries.giveUpAfter", message: "must not be shorter than retries.longest (\(retries.longest))")
        }
        guard (0...50).contains(retries.jitterPercent) else {
            throw PolicyError(path: "retries.jitterPercent", message: "expected 0...50, found \(retries.jitterPercent)")
        }
        try positive(sentIdsKept, "sentIdsKept")
        guard sentIdsKept >= retries.giveUpAfter else {
            throw PolicyError(path: "sentIdsKept", message: "must not be shorter than retries.giveUpAfter (\(retries.giveUpAfter))")
        }
        guard caseLink.hasPrefix("https://") || caseLink.hasPrefix("http://"), caseLink.contains("{caseId}"),
              !caseLink.contains(where: { $0.isWhitespace }) else {
            throw PolicyError(path: "caseLink", message: "expected a URL with {caseId} in it, such as https://homeward.example/cases/{caseId}")
        }
        let domainLabels = messageIdDomain.split(separator: ".", omittingEmptySubsequences: false)
        guard domainLabels.count >= 2, domainLabels.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } }) else {
            throw PolicyError(path: "messageIdDomain", message: "expected a domain name such as homeward.example, found \"\(messageIdDomain.prefix(60))\"")
        }
        return NotifierPolicy(
            digest: NotifierPolicy.Digest(at: digest.at, days: Set(digest.days)),
            reminders: reminders.mapValues(\.0), escalations: escalations.mapValues(\.0),
            quietHours: NotifierPolicy.QuietHours(from: quietHours.from, until: quietHours.until, allDay: Set(quietHours.allDay)),
            retries: NotifierPolicy.Retries(first: retries.first, longest: retries.longest, giveUpAfter: retries.giveUpAfter,
                                            jitterPercent: retries.jitterPercent),
            sentIdsKept: sentIdsKept, caseLink: caseLink, messageIdDomain: messageIdDomain)
    }

    func positive(_ duration: PolicyDuration, _ path: String) throws(PolicyError) {
        guard duration.milliseconds > 0 else { throw PolicyError(path: path, message: "must be longer than zero") }
    }
}

private struct DigestDocument: Decodable {
    var kinds: [ReminderKind]
    var at: LocalTimeOfDay
    var days: [Weekday]

    init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["kinds", "at", "days"])
        kinds = try fields.required("kinds")
        at = try fields.required("at")
        days = try fields.required("days")
    }
}

private struct KindsDocument: Decodable {
    var reminders: [ReminderKind] = []
    var escalations: [EscalationLevel] = []

    init() {}

    init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["reminders", "escalations"])
        reminders = try fields.optional("reminders") ?? []
        escalations = try fields.optional("escalations") ?? []
    }
}

private struct QuietHoursDocument: Decodable {
    var from: LocalTimeOfDay
    var until: LocalTimeOfDay
    var allDay: [Weekday]

    init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["from", "until", "allDay"])
        from = try fields.required("from")
        until = try fields.required("until")
        allDay = try fields.optional("allDay") ?? []
    }
}

private struct RetriesDocument: Decodable {
    var first: PolicyDuration
    var longest: PolicyDuration
    var giveUpAfter: PolicyDuration
    var jitterPercent: Int

    init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["first", "longest", "giveUpAfter", "jitterPercent"])
        first = try fields.required("first")
        longest = try fields.required("longest")
        giveUpAfter = try fields.required("giveUpAfter")
        jitterPercent = try fields.required("jitterPercent")
    }
}
