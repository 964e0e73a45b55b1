import SMTP
import Testing

@Suite("SMTP replies: parsed across TCP segments")
struct ReplyParserTests {
    static func parse(_ chunks: [String]) throws -> [SMTPReply] {
        var parser = SMTPReplyParser()
        var replies: [SMTPReply] = []
        for chunk in chunks {
            parser.append(Array(chunk.utf8))
            while let reply = try parser.nextReply() { replies.append(reply) }
        }
        return replies
    }

    @Test("a multi-line reply arriving a byte at a time is one reply")
    func byteAtATime() throws {
        let text = "250-mail.example.org greets you\r\n250-SIZE 1000\r\n250 STARTTLS\r\n"
        let replies = try Self.parse(text.map { String($0) })
        #expect(replies.count == 1)
        #expect(replies[0].code == 250)
        #expect(replies[0].lines == ["mail.example.org greets you", "SIZE 1000", "STARTTLS"])
    }

    @Test("one segment may carry several replies and part of the next")
    func severalInOneSegment() throws {
        let replies = try Self.parse(["250 2.1.0 OK\r\n250 2.1.5 OK\r\n354 go", " ahead\r\n"])
        #expect(replies.map(\.code) == [250, 250, 354])
        #expect(replies[2].text == "go ahead")
    }

    @Test("the enhanced status code is kept apart from the text")
    func enhancedCode() throws {
        let reply = try #require(try Self.parse(["550 5.1.1 <x@example.org>: Recipient address rejected\r\n"]).first)
        #expect(reply.enhancedCode?.description == "5.1.1")
        #expect(reply.text == "<x@example.org>: Recipient address rejected")
        #expect(reply.category == .permanent)
    }

    @Test("an enhanced code of another class than the reply is not taken as one")
    func mismatchedEnhancedClass() throws {
        let reply = try #require(try Self.parse(["451 5.1.1 odd\r\n"]).first)
        #expect(reply.enhancedCode == nil)
        #expect(reply.category == .transient)
    }

    @Test("a bare code ends a reply")
    func bareCode() throws {
        #expect(try Self.parse(["250\r\n"]).first?.lines == [""])
    }

    @Test("a continuation with another code is a protocol violation")
    func codeChanges() {
        #expect(throws: SMTPError.self) { try Self.parse(["250-first\r\n251 second\r\n"]) }
    }

    @Test("malformed lines are protocol violations", arguments: [
        "hello\r\n", "25\r\n", "199 too low\r\n", "600 too high\r\n", "250_odd separator\r\n", "250 bare LF\n",
    ])
    func malformed(_ line: String) {
        #expect(throws: SMTPError.self) { try Self.parse([line]) }
    }

    @Test("a line longer than the limit is refused even before its end arrives")
    func overlong() {
        let long = "250 " + String(repeating: "x", count: SMTPReplyParser.maxLineLength)
        #expect(throws: SMTPError.self) { try Self.parse([long]) }
    }

    @Test("bytes of an incomplete reply count as buffered")
    func buffered() throws {
        var parser = SMTPReplyParser()
        parser.append(Array("220 ready\r\n250-more".utf8))
        _ = try parser.nextReply()
        #expect(parser.bufferedByteCount > 0)
        parser.append(Array(" text\r\n250 end\r\n".utf8))
        #expect(try parser.nextReply()?.lines == ["more text", "end"])
        #expect(parser.bufferedByteCount == 0)
    }

    @Test("the lines of an unfinished reply count as buffered, even with no text")
    func bufferedEmptyContinuation() throws {
        var parser = SMTPReplyParser()
        parser.append(Array("220 ready\r\n250-\r\n".utf8))
        #expect(try parser.nextReply()?.code == 220)
        #expect(try parser.nextReply() == nil)
        #expect(parser.bufferedByteCount == 6)
    }

    @Test("EHLO capabilities are read from the reply's lines")
    func capabilities() throws {
        let reply = try #require(try Self.parse([
            "250-mail.example.org\r\n250-SIZE 35882577\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-ENHANCEDSTATUSCODES\r\n250-PIPELINING\r\n250-auth plain login\r\n250 STARTTLS\r\n",
        ]).first)
        let capabilities = SMTPCapabilities(ehlo: reply)
        #expect(capabilities.maximumSize == 35_882_577)
        #expect(capabilities.eightBitMIME && capabilities.smtpUTF8 && capabilities.enhancedStatusCodes)
        #expect(capabilities.pipelining && capabilities.startTLS)
        #expect(capabilities.authMechanisms == ["PLAIN", "LOGIN"])
    }
}
