import Foundation

/// Which settings hold secrets, and how they are shown: as `***`, never
/// their value. A property is secret when its name mentions a password,
/// secret, token, key or credential (`sasl.password`, `ssl.key.password`,
/// `sasl.oauthbearer.client.secret`, `ssl.key.pem`, …), unless it names a
/// file (`ssl.key.location`, `sasl.kerberos.keytab`, `ssl.keylog.filename`):
/// a path is not a secret.
enum SecretRedaction {
    /// What a secret is shown as.
    static let mask = "***"

    private static let words = ["password", "secret", "token", "key", "credential", "jaas", "oauthbearer.config"]

    /// Whether the property `name` holds a secret.
    static func isSecret(_ name: String) -> Bool {
        let lowered = name.lowercased()
        let path = [".location", ".keytab", ".filename"].contains { lowered.hasSuffix($0) }
        return !path && words.contains { lowered.contains($0) }
    }

    /// `value`, or ``mask`` when `name` holds a secret.
    static func shown(_ name: String, _ value: String) -> String {
        isSecret(name) ? mask : value
    }

    /// `text` with every occurrence of `secret` replaced by ``mask``.
    static func scrub(_ text: String, of secret: String) -> String {
        secret.isEmpty ? text : text.replacingOccurrences(of: secret, with: mask)
    }

    /// `url` with anything between `://` and the last `@` (credentials
    /// someone put there) replaced by ``mask``.
    static func url(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url.range(of: "@", options: .backwards),
              scheme.upperBound <= at.lowerBound else { return url }
        return String(url[..<scheme.upperBound]) + mask + String(url[at.lowerBound...])
    }
}
