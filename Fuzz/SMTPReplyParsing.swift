// Fuzz target `smtp-reply`: the bytes an SMTP server sends, read by
// `SMTPReplyParser` as the client reads them. Built by `scripts/fuzz
// smtp-reply` together with the parser's files (SMTPReplyParser, SMTPReply,
// EnhancedStatusCode, SMTPError).

/// What the parser made of a byte stream: its replies, then the error it
/// stopped at or how many bytes it still holds.
private struct Reading: Equatable {
    var replies: [SMTPReply] = []
    var error: SMTPError?
    var buffered = 0
}

/// Reads `bytes` arriving in segments of the given sizes (cycled).
private func read(_ bytes: UnsafeRawBufferPointer, segments: [Int]) -> (Reading, SMTPReplyParser) {
    var parser = SMTPReplyParser()
    var reading = Reading()
    var offset = 0, segment = 0
    while offset < bytes.count {
        let end = min(bytes.count, offset + segments[segment % segments.count])
        parser.append(bytes[offset..<end])
        offset = end
        segment += 1
        do {
            while let reply = try parser.nextReply() { reading.replies.append(reply) }
        } catch {
            reading.error = error
            return (reading, parser)
        }
    }
    reading.buffered = parser.bufferedByteCount
    return (reading, parser)
}

/// Checks, for every input:
/// - the replies do not depend on how TCP cut the bytes (all at once, or
///   in segments of 1, 2, 3, 7, … bytes);
/// - every reply has a code 200…599, 1…256 lines without LF, and an
///   enhanced code only of the reply's class;
/// - the replies written out again read back as the same replies;
/// - when the parser holds no bytes (what the client checks after the reply
///   to STARTTLS), the next reply is read from the next bytes alone.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    var (whole, parser) = read(bytes, segments: [max(1, bytes.count)])
    let (cut, _) = read(bytes, segments: [1, 2, 3, 7, 64, 5, 1])
    invariant(cut == whole, "in segments \(cut), at once \(whole)")

    var written: [UInt8] = []
    for reply in whole.replies {
        invariant((200...599).contains(reply.code), "reply code \(reply.code)")
        invariant((1...SMTPReplyParser.maxLines).contains(reply.lines.count), "\(reply.lines.count) lines")
        invariant(reply.lines.allSatisfy { !$0.utf8.contains(0x0A) }, "a line with LF: \(reply.lines)")
        if let enhanced = reply.enhancedCode {
            invariant(enhanced.statusClass == reply.code / 100, "enhanced code \(enhanced) in a \(reply.code) reply")
        }
        for (index, line) in reply.lines.enumerated() {
            written += Array("\(reply.code)\(index == reply.lines.count - 1 ? " " : "-")\(line)\r\n".utf8)
        }
    }
    let (reread, _) = written.withUnsafeBytes { read($0, segments: [max(1, $0.count)]) }
    invariant(reread.error == nil && reread.replies == whole.replies, "replies \(whole.replies) written out read back as \(reread)")

    if whole.error == nil, parser.bufferedByteCount == 0 {
        parser.append("220 2.0.0 ready\r\n".utf8)
        let next = try? parser.nextReply()
        invariant(next == SMTPReply(code: 220, lines: ["2.0.0 ready"]),
                     "with no bytes buffered, the next reply read as \(String(describing: next))")
    }
    return 0
}

/// Stops the run with `message` when `condition` is false: libFuzzer keeps
/// the input. (`precondition` prints no message in an optimized build.)
func invariant(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError(message()) }
}
