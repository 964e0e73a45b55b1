/// A pseudonymous reference (case, caseworker, team, visit, signal, order…):
/// 1 to 128 characters, no control characters (C0, DEL, C1) and no line or
/// paragraph separators. Never a name.
public struct Identifier: Sendable, Hashable, Codable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The reference's text.
    public let rawValue: String

    /// The longest accepted reference, in characters.
    public static let maxLength = 128

    /// Validates `rawValue`.
    public init(validating rawValue: String) throws(ContractMismatch) {
        guard let problem = Identifier.problem(in: rawValue) else {
            self.rawValue = rawValue
            return
        }
        throw ContractMismatch(expected: "identifier (1…128 characters, no control characters or line separators)", found: problem, kind: .identifier)
    }

    /// Creates a reference known to be valid (fixtures, derived ids).
    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    /// Creates a reference known to be valid (derived ids).
    public init(trusted rawValue: String) {
        self.rawValue = rawValue
    }

    static func problem(in text: String) -> String? {
        if text.isEmpty { return "empty string" }
        // Printable ASCII (nearly every reference): one character per byte.
        if text.utf8.count <= maxLength, text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return nil }
        var count = 0
        for scalar in text.unicodeScalars {
            if scalar.isControlOrLineBreak {
                return "control character U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(4)) in \"\(text.escapingControlCharacters.prefix(40))\""
            }
            count += 1
        }
        if count > maxLength { return "\(count) characters" }
        return nil
    }

    /// Decodes and validates a reference.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(validating: text)
    }

    /// Encodes the text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The text.
    public var description: String { rawValue }

    /// Orders by text.
    public static func < (lhs: Identifier, rhs: Identifier) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
