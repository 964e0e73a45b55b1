public import Foundation

/// A signed-in browser: its cookie's token, the user, the token its forms
/// carry against cross-site requests, and when it ends.
public struct BoardSession: Sendable, Hashable {
    /// The session cookie's value (32 random bytes).
    public let token: String
    /// Who signed in.
    public let userId: String
    /// The CSRF token every POST of this session carries (32 random bytes).
    public let csrfToken: String
    /// When it was opened (the absolute limit counts from here).
    public let opened: Date
    /// When it ends unless used again.
    public var expires: Date
}
