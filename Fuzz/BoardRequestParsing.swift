// Fuzz target `board-request`: what a browser or a script sends the
// escalation board — a form body or query string, a `Cookie` header, an
// `Authorization: Basic` header. Every input is given to each parser.
// Built by `scripts/fuzz board-request` together with the board's parsing
// files (BoardForms, BoardFilter, SessionCookie, BasicCredentials).
import Foundation
import HomewardContract

/// Checks, for every input:
/// - form fields encoded again decode to the same fields;
/// - a filter written as a query string (`BoardFilter.query(page:)`) reads
///   back as the same filter and page; the page is at least 1;
/// - a session cookie's value is non-empty and has no `;`, another cookie
///   in front does not change it, and a value of cookie octets reads back
///   from the board's own `Set-Cookie`;
/// - Basic credentials have a non-empty user id without `:` and read back
///   from their own encoding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    checkForm(text)
    checkFilter(text)
    checkCookie(text)
    checkBasic(text)
    return 0
}

/// The unreserved ASCII characters of RFC 3986.
private let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

/// Percent-encodes all but the unreserved characters.
private func formEncoded(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: unreserved)!
}

private func checkForm(_ text: String) {
    let fields = BoardForms.decode(text)
    let encoded = fields.map { formEncoded($0.key) + "=" + formEncoded($0.value) }.joined(separator: "&")
    let again = BoardForms.decode(encoded)
    invariant(again == fields, "form fields \(fields) encoded as \(encoded) decode to \(again)")
}

private func checkFilter(_ text: String) {
    let filter = BoardFilter(query: text)
    let page = BoardFilter.page(query: text)
    invariant(page >= 1, "page \(page) from \(text)")
    invariant(filter.team.map { !$0.isEmpty } ?? true, "an empty team filters")
    let written = filter.query(page: page)
    invariant(written.hasPrefix("?"), "query \(written) without ?")
    let query = String(written.dropFirst())
    let reread = BoardFilter(query: query)
    invariant(reread == filter, "filter \(filter) written as \(written) reads back as \(reread)")
    invariant(BoardFilter.page(query: query) == page, "page \(page) written as \(written) reads back as \(BoardFilter.page(query: query))")
    _ = BoardFilter.message(query: text)
}

private func checkCookie(_ header: String) {
    guard let value = SessionCookie.value(in: header) else {
        invariant(SessionCookie.value(in: "other=1; " + header) == nil, "another cookie in front of \(header) made a session cookie")
        return
    }
    invariant(!value.isEmpty && !value.contains(";"), "session cookie value \(value) from \(header)")
    let behind = SessionCookie.value(in: "other=1; " + header)
    invariant(behind == value, "another cookie in front of \(header) changed the value \(value) to \(String(describing: behind))")
    // RFC 6265 cookie-octet: visible ASCII but for `"`, `,`, `;` and `\`.
    let cookieOctets = value.unicodeScalars.allSatisfy { (0x21...0x7E).contains($0.value) && !"\",;\\".unicodeScalars.contains($0) }
    if cookieOctets {
        let set = SessionCookie.setting(value, secure: true)
        let reread = SessionCookie.value(in: set)
        invariant(reread == value, "the value \(value) set as \(set) reads back as \(String(describing: reread))")
    }
}

private func checkBasic(_ header: String) {
    guard let credentials = BasicCredentials(header: header) else { return }
    invariant(!credentials.userId.isEmpty && !credentials.userId.contains(":"), "user id \(credentials.userId) from \(header)")
    let encoded = "Basic " + Data((credentials.userId + ":" + credentials.password).utf8).base64EncodedString()
    let reread = BasicCredentials(header: encoded)
    invariant(reread == credentials, "credentials \(credentials) encoded as \(encoded) read back as \(String(describing: reread))")
}

/// Stops the run with `message` when `condition` is false: libFuzzer keeps
/// the input. (`precondition` prints no message in an optimized build.)
func invariant(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError(message()) }
}
