/// The board's cookies: `Set-Cookie` values (HttpOnly, SameSite=Strict,
/// Path=/, Secure when served over TLS) and reading one from a `Cookie` header.
public enum SessionCookie {
    /// The session cookie's name.
    public static let name = "homeward-session"

    /// `Set-Cookie` for `value` under `name`, kept `maxAge` seconds (a session cookie when nil).
    public static func setting(_ value: String, named name: String = name, secure: Bool, maxAge: Int? = nil) -> String {
        var parts = ["\(name)=\(value)", "Path=/", "HttpOnly", "SameSite=Strict"]
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }

    /// `Set-Cookie` removing the cookie `name`.
    public static func clearing(named name: String = name, secure: Bool) -> String {
        setting("", named: name, secure: secure, maxAge: 0)
    }

    /// The value of the cookie `name` in a `Cookie` header, if present.
    public static func value(in header: String?, named name: String = name) -> String? {
        guard let header else { return nil }
        for pair in header.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name else { continue }
            var value = parts[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty ? nil : value
        }
        return nil
    }
}
