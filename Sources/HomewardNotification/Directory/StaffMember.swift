public import HomewardContract

/// A member of staff who can receive e-mail: a caseworker, supervisor,
/// manager or on-call officer. Staff only: the directory never holds
/// anything about a child or family.
public struct StaffMember: Sendable, Hashable {
    /// The pseudonymous id that events and the directory's teams use.
    public var id: Identifier
    /// The name the e-mail is addressed to.
    public var name: String
    /// The address e-mail goes to.
    public var email: String
    /// The language they read; nil: the case's language.
    public var language: Language?
    /// Their time zone: quiet hours and digest time are theirs.
    public var timezone: TimeZoneName

    /// Creates a member of staff.
    public init(id: Identifier, name: String, email: String, language: Language?, timezone: TimeZoneName) {
        self.id = id
        self.name = name
        self.email = email
        self.language = language
        self.timezone = timezone
    }
}
