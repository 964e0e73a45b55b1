/// An e-mail's content as the templates render it: a one-line subject and
/// the two parts of a `multipart/alternative` body.
public struct RenderedEmail: Sendable, Hashable {
    /// The subject (one line).
    public var subject: String
    /// The plain-text part.
    public var text: String
    /// The HTML part.
    public var html: String

    /// Creates rendered content.
    public init(subject: String, text: String, html: String) {
        self.subject = subject
        self.text = text
        self.html = html
    }
}
