/// A closed set of values in the contract (stages, categories, levels…),
/// decoded with a message that lists what is allowed.
public protocol ContractEnum: RawRepresentable, CaseIterable, Codable, Sendable, Hashable where RawValue == String {}

extension ContractEnum {
    /// Decodes a member, or fails naming the allowed values.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(rawValue: text) else {
            throw ContractMismatch(
                expected: "one of \(Self.allCases.map(\.rawValue).joined(separator: "|"))",
                found: "\"\(text.escapingControlCharacters.prefix(40))\"", kind: .enumeration)
        }
        self = value
    }

    /// Encodes the raw value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// An integer that must lie in a closed range (severity, wellbeing score, birth year).
public protocol BoundedInteger: Codable, Sendable, Hashable, Comparable {
    /// The allowed values.
    static var range: ClosedRange<Int> { get }
    /// The value.
    var value: Int { get }
    /// Creates a value known to be in range.
    init(unchecked value: Int)
}

extension BoundedInteger {
    /// Validates `value`.
    public init(validating value: Int) throws(ContractMismatch) {
        guard Self.range.contains(value) else {
            throw ContractMismatch(expected: "integer \(Self.range.lowerBound)...\(Self.range.upperBound)", found: "\(value)", kind: .range)
        }
        self.init(unchecked: value)
    }

    /// Decodes and validates.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let number: Double
        do {
            number = try container.decode(Double.self)
        } catch {
            throw error
        }
        guard number == number.rounded(), let integer = Int(exactly: number) else {
            throw ContractMismatch(expected: "integer \(Self.range.lowerBound)...\(Self.range.upperBound)", found: "\(number)", kind: .range)
        }
        try self.init(validating: integer)
    }

    /// Encodes the integer.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    /// Orders by value.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }
}

/// Severity of a risk signal, 1 (low) to 4 (most severe).
public struct Severity: BoundedInteger {
    /// 1...4.
    public static let range = 1...4
    /// The severity.
    public let value: Int
    /// Creates a severity known to be in range.
    public init(unchecked value: Int) { self.value = value }
}

/// A Child Status Index score, 1 (serious problem) to 4 (good).
public struct WellbeingScore: BoundedInteger {
    /// 1...4.
    public static let range = 1...4
    /// The score.
    public let value: Int
    /// Creates a score known to be in range.
    public init(unchecked value: Int) { self.value = value }
}

/// A child's birth year (never a date of birth).
public struct BirthYear: BoundedInteger {
    /// 1900...2100.
    public static let range = 1900...2100
    /// The year.
    public let value: Int
    /// Creates a year known to be in range.
    public init(unchecked value: Int) { self.value = value }
}
