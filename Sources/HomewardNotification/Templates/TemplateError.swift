/// Why the e-mail templates were refused at start-up: which template, and
/// what to fix in it.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The template, as `language/name.format` (`nl/visit-overdue.txt`),
    /// or the directory when a whole template is missing.
    public var template: String
    /// What is wrong and what is expected.
    public var message: String

    /// Creates an error.
    public init(template: String, message: String) {
        self.template = template
        self.message = message
    }

    /// `template: message`.
    public var description: String { "\(template): \(message)" }
}
