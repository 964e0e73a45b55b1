public import HomewardContract

/// An exact duration in a policy file: a whole number and a unit, `30m`,
/// `4h`, `7d` (a day is exactly 24 hours) or `12w`.
public struct PolicyDuration: Sendable, Hashable, Comparable, Decodable, CustomStringConvertible {
    /// The length in milliseconds.
    public let milliseconds: Int64

    /// Creates a duration of `milliseconds`.
    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// `days` days of 24 hours.
    public static func days(_ days: Int) -> PolicyDuration { PolicyDuration(milliseconds: Int64(days) * 86_400_000) }
    /// `hours` hours.
    public static func hours(_ hours: Int) -> PolicyDuration { PolicyDuration(milliseconds: Int64(hours) * 3_600_000) }
    /// `minutes` minutes.
    public static func minutes(_ minutes: Int) -> PolicyDuration { PolicyDuration(milliseconds: Int64(minutes) * 60_000) }
    /// `weeks` weeks.
    public static func weeks(_ weeks: Int) -> PolicyDuration { .days(weeks * 7) }

    private static let units: [(suffix: Character, milliseconds: Int64)] = [
        ("w", 604_800_000), ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000),
    ]

    /// Parses `30m`, `4h`, `7d`, `12w` or `90s`.
    public init(parsing text: String) throws(PolicyError) {
        guard let unit = text.last, let scale = Self.units.first(where: { $0.suffix == unit })?.milliseconds,
              let amount = Int64(text.dropLast()), amount >= 0, amount <= Int64.max / scale else {
            throw PolicyError(path: "", message: "expected a duration such as 30m, 4h, 7d or 12w, found \"\(text.prefix(40))\"")
        }
        milliseconds = amount * scale
    }

    /// Decodes from its text.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    /// The largest unit that divides it exactly: `12w`, `56d`, `4h`.
    public var description: String {
        for (suffix, scale) in Self.units where milliseconds % scale == 0 && milliseconds != 0 {
            return "\(milliseconds / scale)\(suffix)"
        }
        return milliseconds == 0 ? "0s" : "\(milliseconds)ms"
    }

    /// Orders by length.
    public static func < (lhs: PolicyDuration, rhs: PolicyDuration) -> Bool { lhs.milliseconds < rhs.milliseconds }
}

extension Timestamp {
    /// This time plus `duration`.
    public static func + (lhs: Timestamp, rhs: PolicyDuration) -> Timestamp { lhs.adding(milliseconds: rhs.milliseconds) }
    /// This time minus `duration`.
    public static func - (lhs: Timestamp, rhs: PolicyDuration) -> Timestamp { lhs.adding(milliseconds: -rhs.milliseconds) }
}
