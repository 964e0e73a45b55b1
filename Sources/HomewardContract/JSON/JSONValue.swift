/// A parsed JSON document: the input the contract's decoder reads.
public enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number (integers up to 2^53 are exact).
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object; members keep their order, a repeated name's last value wins.
    case object([(key: String, value: JSONValue)])

    /// Two values are equal when they have the same kind and content
    /// (object members compared in order).
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// The value of member `key` of an object (the last one if repeated).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    /// A short description of the value for error messages: its kind, and
    /// its content when that is short.
    public var summary: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return "boolean \(value)"
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 { return "number \(Int64(value))" }
            return "number \(value)"
        case .string(let value):
            let shown = value.count > 40 ? String(value.prefix(40)) + "…" : value
            return "string \"\(shown.escapingControlCharacters)\""
        case .array(let items): return "array of \(items.count)"
        case .object: return "object"
        }
    }
}

extension String {
    /// The string with control characters and line separators shown as
    /// `\u{…}` escapes: safe to put in a log line or an error message.
    public var escapingControlCharacters: String {
        var result = ""
        for scalar in unicodeScalars {
            if scalar.isControlOrLineBreak {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

extension Unicode.Scalar {
    /// Whether this is a C0 or C1 control character (U+0000–U+001F,
    /// U+007F–U+009F) or a line or paragraph separator (U+2028, U+2029):
    /// never allowed in an identifier, always escaped when shown.
    var isControlOrLineBreak: Bool {
        value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
    }
}
