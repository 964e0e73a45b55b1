public import HomewardContract

/// What one e-mail is about: one notification, or a digest of several.
public enum EmailContent: Sendable, Hashable {
    /// One notification, in an e-mail of its own.
    case single(StaffNotification)
    /// The daily digest: every item, one line each.
    case digest([StaffNotification])

    /// The notifications it carries.
    public var notifications: [StaffNotification] {
        switch self {
        case .single(let notification): [notification]
        case .digest(let items): items
        }
    }
}

/// Which template renders an e-mail: a reminder kind's, an escalation
/// level's, or the digest's. Template files are named for it:
/// `visit-overdue`, `escalation-urgent`, `digest`.
public enum TemplateKind: Sendable, Hashable, CustomStringConvertible {
    /// A single reminder of this kind.
    case reminder(ReminderKind)
    /// A single escalation at this level.
    case escalation(EscalationLevel)
    /// The daily digest.
    case digest

    /// The kind of a template file's name, if it names one.
    public init?(name: String) {
        if name == "digest" {
            self = .digest
        } else if name.hasPrefix("escalation-"), let level = EscalationLevel(rawValue: String(name.dropFirst("escalation-".count))) {
            self = .escalation(level)
        } else if let kind = ReminderKind(rawValue: name) {
            self = .reminder(kind)
        } else {
            return nil
        }
    }

    /// The template of `content`, if its kind is known.
    public init?(of content: EmailContent) {
        switch content {
        case .digest: self = .digest
        case .single(let notification) where notification.sourceType == .reminder:
            guard let kind = ReminderKind(rawValue: notification.kind) else { return nil }
            self = .reminder(kind)
        case .single(let notification):
            guard let level = EscalationLevel(rawValue: notification.kind) else { return nil }
            self = .escalation(level)
        }
    }

    /// The file name's stem: `visit-overdue`, `escalation-urgent`, `digest`.
    public var name: String {
        switch self {
        case .reminder(let kind): kind.rawValue
        case .escalation(let level): "escalation-" + level.rawValue
        case .digest: "digest"
        }
    }

    /// The name.
    public var description: String { name }
}
