/// Who works on a case and how to address them: what every reminder and
/// escalation carries so the notifier can route it. No personal data of the
/// child or family.
public struct CaseContact: Sendable, Hashable {
    /// The responsible caseworker.
    public var caseworkerId: Identifier
    /// The caseworker's team.
    public var teamId: Identifier
    /// The language for messages about the case.
    public var language: Language
    /// The case's time zone, for displaying times.
    public var timezone: TimeZoneName

    /// Creates a contact.
    public init(caseworkerId: Identifier, teamId: Identifier, language: Language, timezone: TimeZoneName) {
        self.caseworkerId = caseworkerId
        self.teamId = teamId
        self.language = language
        self.timezone = timezone
    }
}
