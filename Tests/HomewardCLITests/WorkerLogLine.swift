import Foundation

/// One line of a `homeward` command's log on stderr: a JSON object (the
/// default when stderr is not a terminal, as in these tests) or swift-log's
/// stream format, `<time> <level> <label>: [<key>=<value> …] [<module>] <message>`.
struct WorkerLogLine: Equatable {
    let level: String
    let label: String
    let metadata: [String: String]
    let message: String

    /// The line's parts, or `nil` if it is not a log line (librdkafka's own
    /// output, a panic message).
    init?(_ line: Substring) {
        if line.first == "{" { self.init(json: line) } else { self.init(text: line) }
    }

    /// A JSON line: `level`, `logger`, `message`, and every other member as metadata.
    private init?(json line: Substring) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let level = object["level"] as? String, let label = object["logger"] as? String,
              let message = object["message"] as? String else { return nil }
        self.level = level
        self.label = label
        self.message = message
        metadata = object.filter { !["time", "level", "logger", "message", "source"].contains($0.key) }.mapValues { "\($0)" }
    }

    /// A line in swift-log's stream format.
    private init?(text line: Substring) {
        guard let labelEnd = line.range(of: ": ") else { return nil }
        let head = line[..<labelEnd.lowerBound].split(separator: " ")
        guard head.count == 3 else { return nil }
        let rest = line[labelEnd.upperBound...]
        guard let module = Self.module(in: rest) else { return nil }
        level = String(head[1])
        label = String(head[2])
        metadata = Self.metadata(rest[..<module.lowerBound])
        message = String(rest[module.upperBound...])
    }

    /// For `offsets marked`: how many input records the worker has marked
    /// processed since it started.
    var offsetsMarked: Int? {
        guard message == "offsets marked" else { return nil }
        return metadata["records"].flatMap { Int($0) }
    }

    /// Where `[<module>] ` is: the first bracketed name at the start or
    /// after a space (a metadata value may hold brackets, but not that).
    private static func module(in text: Substring) -> Range<Substring.Index>? {
        var searchFrom = text.startIndex
        while let open = text[searchFrom...].firstIndex(of: "[") {
            searchFrom = text.index(after: open)
            guard open == text.startIndex || text[text.index(before: open)] == " ",
                  let close = text[searchFrom...].range(of: "] ") else { continue }
            let name = text[searchFrom..<close.lowerBound]
            if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                return open..<close.upperBound
            }
        }
        return nil
    }

    /// `key=value key=value …`; a value may hold spaces (a token without a
    /// `key=` continues the value before it).
    private static func metadata(_ text: Substring) -> [String: String] {
        var pairs: [(String, String)] = []
        for token in text.split(separator: " ") {
            if let equals = token.firstIndex(of: "="), equals != token.startIndex,
               token[..<equals].allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) {
                pairs.append((String(token[..<equals]), String(token[token.index(after: equals)...])))
            } else if !pairs.isEmpty {
                pairs[pairs.count - 1].1 += " " + token
            }
        }
        return Dictionary(pairs, uniquingKeysWith: { $1 })
    }
}
