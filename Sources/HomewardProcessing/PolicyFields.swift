import HomewardContract

/// Reads one mapping of a policy file: refuses settings it does not know (a
/// typo must not silently fall back to a default) and reports every problem
/// as a ``PolicyError`` with its dotted path.
public struct PolicyFields {
    private let container: KeyedDecodingContainer<PolicyKey>
    /// The mapping's path in the file.
    public let path: String

    /// Opens the mapping `decoder` is at, allowing only `known` keys.
    public init(_ decoder: any Decoder, known: [String]) throws(PolicyError) {
        path = PolicyFields.render(decoder.codingPath)
        do {
            container = try decoder.container(keyedBy: PolicyKey.self)
        } catch {
            throw PolicyError(path: path, message: "expected a mapping with \(known.joined(separator: ", "))")
        }
        for key in container.allKeys where !known.contains(key.stringValue) {
            throw PolicyError(path: PolicyFields.join(path, key.stringValue),
                              message: "unknown setting; known here: \(known.joined(separator: ", "))")
        }
    }

    /// A required setting.
    public func required<T: Decodable>(_ key: String, as type: T.Type = T.self) throws(PolicyError) -> T {
        guard let value = try optional(key, as: type) else {
            throw PolicyError(path: PolicyFields.join(path, key), message: "missing (required)")
        }
        return value
    }

    /// An optional setting.
    public func optional<T: Decodable>(_ key: String, as type: T.Type = T.self) throws(PolicyError) -> T? {
        let codingKey = PolicyKey(key)
        do {
            guard container.contains(codingKey), try !container.decodeNil(forKey: codingKey) else { return nil }
            return try container.decode(T.self, forKey: codingKey)
        } catch let error as PolicyError {
            throw error
        } catch let mismatch as ContractMismatch {
            throw PolicyError(path: PolicyFields.join(path, key), message: "expected \(mismatch.expected), found \(mismatch.found)")
        } catch let DecodingError.dataCorrupted(context) {
            throw PolicyError(path: PolicyFields.render(context.codingPath), message: context.debugDescription)
        } catch let DecodingError.typeMismatch(expected, context) {
            throw PolicyError(path: PolicyFields.render(context.codingPath), message: "expected \(PolicyFields.describe(expected))")
        } catch let DecodingError.valueNotFound(expected, context) {
            throw PolicyError(path: PolicyFields.render(context.codingPath), message: "expected \(PolicyFields.describe(expected)), found nothing")
        } catch let DecodingError.keyNotFound(missing, context) {
            throw PolicyError(path: PolicyFields.render(context.codingPath + [missing]), message: "missing (required)")
        } catch {
            throw PolicyError(path: PolicyFields.join(path, key), message: "\(error)")
        }
    }

    /// `aftercare.intervals[1].every`.
    public static func render(_ codingPath: [any CodingKey]) -> String {
        codingPath.reduce("") { text, key in
            if let index = key.intValue { return text + "[\(index)]" }
            return join(text, key.stringValue)
        }
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "an integer"
        case is Bool.Type: "true or false"
        default: "\(type)".contains("Array") ? "a list" : "a mapping"
        }
    }
}

/// Any key of a policy mapping.
public struct PolicyKey: CodingKey {
    /// The key's text.
    public let stringValue: String
    /// Never set: policy mappings have text keys.
    public var intValue: Int? { nil }

    /// The key `text`.
    public init(_ text: String) { stringValue = text }
    /// The key `stringValue`.
    public init?(stringValue: String) { self.stringValue = stringValue }
    /// Policy mappings have no integer keys.
    public init?(intValue: Int) { nil }
}
