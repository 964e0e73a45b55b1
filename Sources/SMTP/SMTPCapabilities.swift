/// What a server says it supports in its EHLO reply (RFC 5321 §4.1.1.1):
/// one extension keyword per line after the greeting line.
public struct SMTPCapabilities: Sendable, Hashable {
    /// The SIZE limit in bytes (nil: not announced or 0, no fixed limit).
    public var maximumSize: Int?
    /// 8BITMIME: 8-bit bodies may be sent as they are (RFC 6152).
    public var eightBitMIME = false
    /// SMTPUTF8: UTF-8 addresses and headers (RFC 6531).
    public var smtpUTF8 = false
    /// ENHANCEDSTATUSCODES (RFC 2034).
    public var enhancedStatusCodes = false
    /// PIPELINING (RFC 2920).
    public var pipelining = false
    /// STARTTLS (RFC 3207).
    public var startTLS = false
    /// The AUTH mechanisms offered (RFC 4954), upper-cased.
    public var authMechanisms: [String] = []

    /// No extensions: what a server that answered only HELO supports.
    public init() {}

    /// Reads the capabilities from an EHLO reply (its first line is the greeting).
    public init(ehlo reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.split(separator: " ")
            guard let keyword = words.first?.uppercased() else { continue }
            let parameters = words.dropFirst()
            switch keyword {
            case "SIZE": maximumSize = parameters.first.flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
            case "8BITMIME": eightBitMIME = true
            case "SMTPUTF8": smtpUTF8 = true
            case "ENHANCEDSTATUSCODES": enhancedStatusCodes = true
            case "PIPELINING": pipelining = true
            case "STARTTLS": startTLS = true
            case "AUTH": authMechanisms = parameters.map { $0.uppercased() }
            default: continue
            }
        }
    }
}
