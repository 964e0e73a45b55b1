import Foundation
import SMTP
import Testing

@Suite("SMTP messages: headers, encodings, dot-stuffing")
struct MessageTests {
    static func message(subject: String = "Visit due for case HW-0042", text: String = "A visit is due.\n",
                        html: String = "<p>A visit is due.</p>", extra: [(name: String, value: String)] = []) throws -> MailMessage {
        MailMessage(from: try MailAddress("homeward@example.org", displayName: "Homeward"),
                    to: [try MailAddress("a.devries@example.org", displayName: "A. de Vries")],
                    subject: subject, date: 1_767_596_400, messageID: "notif-1.cw-0001@homeward.example.org",
                    extraHeaders: extra + [("X-Homeward-Notification", "notif-1/cw-0001")], text: text, html: html)
    }

    static func render(_ message: MailMessage, eightBit: Bool = false) throws -> String {
        String(decoding: try message.rendered(eightBit: eightBit), as: UTF8.self)
    }

    @Test("the headers RFC 5322 requires are there, with the Message-ID and the notification header")
    func headers() throws {
        let text = try Self.render(Self.message())
        #expect(text.hasPrefix("Date: Mon, 05 Jan 2026 07:00:00 +0000\r\n"))
        #expect(text.contains("\r\nFrom: \"Homeward\" <homeward@example.org>\r\n"))
        #expect(text.contains("\r\nTo: \"A. de Vries\" <a.devries@example.org>\r\n"))
        #expect(text.contains("\r\nSubject: Visit due for case HW-0042\r\n"))
        #expect(text.contains("\r\nMessage-ID: <notif-1.cw-0001@homeward.example.org>\r\n"))
        #expect(text.contains("\r\nX-Homeward-Notification: notif-1/cw-0001\r\n"))
        #expect(text.contains("\r\nMIME-Version: 1.0\r\n"))
        #expect(text.contains("Content-Type: multipart/alternative; boundary="))
        #expect(text.contains("Content-Type: text/plain; charset=utf-8"))
        #expect(text.contains("Content-Type: text/html; charset=utf-8"))
    }

    @Test("every line ends in CRLF and holds at most 998 octets")
    func lineDiscipline() throws {
        let long = String(repeating: "é", count: 3_000)
        let bytes = try Self.message(subject: long, text: long + "\r\n" + long, html: long).rendered()
        var lineLength = 0
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A {
                #expect(index > 0 && bytes[index - 1] == 0x0D, "a bare LF at \(index)")
                lineLength = 0
            } else if byte != 0x0D {
                lineLength += 1
                #expect(lineLength <= 998)
            }
        }
        #expect(!bytes.contains { $0 >= 0x80 }, "no 8-bit bytes without 8BITMIME")
    }

    @Test("a non-ASCII subject and name go as RFC 2047 encoded words of at most 75 characters")
    func encodedWords() throws {
        var message = try Self.message(subject: "Bezoek gepland — Zoë's team, één week")
        message.to = [try MailAddress("z@example.org", displayName: "Zoë Jansen")]
        let text = try Self.render(message)
        #expect(text.contains("To: =?UTF-8?B?Wm/DqyBKYW5zZW4=?= <z@example.org>"))
        let subjectLines = text.components(separatedBy: "\r\n").drop { !$0.hasPrefix("Subject:") }.prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
        #expect(!subjectLines.isEmpty)
        for word in subjectLines.joined().split(separator: " ").dropFirst() {
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?=") && word.count <= 75)
        }
    }

    @Test("a CR or LF in any header input is refused", arguments: [
        "subject", "extra", "name", "message-id",
    ])
    func headerInjection(_ field: String) throws {
        let evil = "x\r\nBcc: victim@example.org"
        #expect(throws: SMTPError.self) {
            switch field {
            case "subject": _ = try Self.message(subject: evil).rendered()
            case "extra": _ = try Self.message(extra: [("X-Case", evil)]).rendered()
            case "name": _ = try MailAddress("a@example.org", displayName: evil)
            default:
                var message = try Self.message()
                message.messageID = "a@b\r\nBcc: c@d"
                _ = try message.rendered()
            }
        }
        #expect(throws: SMTPError.self) { _ = try MailAddress("a@example.org\r\nRCPT TO:<b@example.org>") }
        #expect(throws: SMTPError.self) { _ = try SMTPEnvelope(sender: "a@b.c", recipients: ["x@y.z> NOTIFY=NEVER"], content: []) }
    }

    @Test("bodies go quoted-printable unless 8-bit is allowed")
    func bodyEncodings() throws {
        let message = try Self.message(text: "Zoë = één\n", html: "<p>Zoë</p>")
        let qp = try Self.render(message)
        #expect(qp.contains("Content-Transfer-Encoding: quoted-printable"))
        #expect(qp.contains("Zo=C3=AB =3D =C3=A9=C3=A9n\r\n"))
        let eight = try Self.render(message, eightBit: true)
        #expect(eight.contains("Content-Transfer-Encoding: 8bit"))
        #expect(eight.contains("Zoë = één\r\n"))
    }

    @Test("quoted-printable keeps lines at 76 characters and encodes trailing spaces")
    func quotedPrintableLines() throws {
        let text = try Self.render(Self.message(text: String(repeating: "abc ", count: 60) + " \nnext"))
        let body = text.components(separatedBy: "\r\n")
        #expect(body.allSatisfy { $0.count <= 998 })
        let qpLines = body.drop { !$0.hasPrefix("Content-Transfer-Encoding: quoted-printable") }.dropFirst(2).prefix { !$0.hasPrefix("--") }
        #expect(qpLines.allSatisfy { $0.count <= 76 })
        #expect(qpLines.contains { $0.hasSuffix("=20") })
    }

    @Test("rendering is deterministic")
    func deterministic() throws {
        #expect(try Self.message().rendered() == Self.message().rendered())
    }

    @Test("every line starting with a dot is dot-stuffed and the data ends with a lone dot")
    func dotStuffing() {
        let data = SMTPDotStuffing.dataBlock(Array(".hidden\r\nmid.dle\r\n.\r\n..two\nbare".utf8))
        #expect(String(decoding: data, as: UTF8.self) == "..hidden\r\nmid.dle\r\n..\r\n...two\r\nbare\r\n.\r\n")
    }

    @Test("dates before and after leap days and the epoch format as RFC 5322", arguments: [
        (Int64(0), "Thu, 01 Jan 1970 00:00:00 +0000"),
        (Int64(951_782_400), "Tue, 29 Feb 2000 00:00:00 +0000"),
        (Int64(1_798_761_599), "Thu, 31 Dec 2026 23:59:59 +0000"),
    ])
    func dates(seconds: Int64, expected: String) throws {
        var message = try Self.message()
        message.date = seconds
        #expect(try Self.render(message).hasPrefix("Date: \(expected)\r\n"))
    }
}
