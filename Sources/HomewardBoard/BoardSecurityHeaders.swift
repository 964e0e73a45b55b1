import HTTPTypes
import Hummingbird

/// Headers on every board response: no framing, no sniffing, no referrer,
/// no caching of pages with case references, and a content security policy
/// allowing only the board's own style sheet, script and connections.
enum BoardSecurityHeaders {
    static func add(to headers: inout HTTPFields) {
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        if headers[.cacheControl] == nil { headers[.cacheControl] = "no-store" }
    }
}
