public import HomewardContract
public import HomewardProcessing

/// The notifier's policy: which notifications wait for a daily digest,
/// which go at once outside quiet hours, which go at once day and night,
/// when quiet hours are, how failed sends are retried, and how e-mails link
/// to cases. Loaded from `config/policies/notifier.yaml` and validated at
/// start-up: every reminder kind and escalation level has exactly one timing.
/// Clock times are the recipient's own, in their time zone.
public struct NotifierPolicy: Sendable, Hashable {
    /// When a notification goes out.
    public enum Timing: String, Sendable, Hashable {
        /// In the recipient's next daily digest.
        case digest
        /// At once, unless it is quiet hours: then when they end.
        case atOnce
        /// At once, day and night.
        case alwaysAtOnce
        /// Never e-mailed.
        case never
    }

    /// The daily digest.
    public var digest: Digest
    /// The timing of each reminder kind.
    public var reminders: [ReminderKind: Timing]
    /// The timing of each escalation level.
    public var escalations: [EscalationLevel: Timing]
    /// When nothing but `alwaysAtOnce` mail goes out.
    public var quietHours: QuietHours
    /// How failed sends are retried.
    public var retries: Retries
    /// How long the ids of sent (or cancelled, or failed) notifications are
    /// kept: one arriving again within this is dropped.
    public var sentIdsKept: PolicyDuration
    /// The link to a case: a URL with `{caseId}` in it.
    public var caseLink: String
    /// The domain of every Message-ID (`<…@homeward.example>`).
    public var messageIdDomain: String

    /// Creates a policy.
    public init(digest: Digest, reminders: [ReminderKind: Timing], escalations: [EscalationLevel: Timing], quietHours: QuietHours,
                retries: Retries, sentIdsKept: PolicyDuration, caseLink: String, messageIdDomain: String) {
        self.digest = digest
        self.reminders = reminders
        self.escalations = escalations
        self.quietHours = quietHours
        self.retries = retries
        self.sentIdsKept = sentIdsKept
        self.caseLink = caseLink
        self.messageIdDomain = messageIdDomain
    }

    /// The daily digest: one e-mail per person listing every item.
    public struct Digest: Sendable, Hashable {
        /// The time of day it goes out.
        public var at: LocalTimeOfDay
        /// The days it goes out.
        public var days: Set<Weekday>

        /// Creates the setting.
        public init(at: LocalTimeOfDay, days: Set<Weekday>) {
            self.at = at
            self.days = days
        }
    }

    /// Quiet hours: every night from `from` until `until`, and all of the `allDay` days.
    public struct QuietHours: Sendable, Hashable {
        /// The evening time they start.
        public var from: LocalTimeOfDay
        /// The morning time they end.
        public var until: LocalTimeOfDay
        /// Days that are quiet all day.
        public var allDay: Set<Weekday>

        /// Creates the setting.
        public init(from: LocalTimeOfDay, until: LocalTimeOfDay, allDay: Set<Weekday>) {
            self.from = from
            self.until = until
            self.allDay = allDay
        }
    }

    /// Retries of transient failures: exponential backoff from `first`,
    /// doubling up to `longest`, each wait shortened by a deterministic
    /// jitter of up to `jitterPercent`; no attempt later than `giveUpAfter`
    /// after the first.
    public struct Retries: Sendable, Hashable {
        /// The wait before the first retry.
        public var first: PolicyDuration
        /// The longest wait.
        public var longest: PolicyDuration
        /// The last attempt starts at most this long after the first.
        public var giveUpAfter: PolicyDuration
        /// Each wait is shortened by up to this share (0 to 50).
        public var jitterPercent: Int

        /// Creates the setting.
        public init(first: PolicyDuration, longest: PolicyDuration, giveUpAfter: PolicyDuration, jitterPercent: Int) {
            self.first = first
            self.longest = longest
            self.giveUpAfter = giveUpAfter
            self.jitterPercent = jitterPercent
        }
    }

    /// When `notification` goes out.
    public func timing(of notification: StaffNotification) -> Timing {
        switch notification.sourceType {
        case .reminder:
            return ReminderKind(rawValue: notification.kind).flatMap { reminders[$0] } ?? .atOnce
        case .escalation:
            return EscalationLevel(rawValue: notification.kind).flatMap { escalations[$0] } ?? .alwaysAtOnce
        }
    }

    /// The link to `caseId`.
    public func link(to caseId: Identifier) -> String {
        caseLink.replacingOccurrences(of: "{caseId}", with: caseId.rawValue.addingPercentEncodingForPath)
    }
}

extension String {
    /// The string with everything but unreserved URL characters percent-encoded.
    var addingPercentEncodingForPath: String {
        var result = ""
        for byte in utf8 {
            let unreserved = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "~")
            if unreserved {
                result.unicodeScalars.append(UnicodeScalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return result
    }

    /// The string with every `target` replaced by `replacement`.
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
