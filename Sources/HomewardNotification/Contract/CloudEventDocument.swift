import HomewardContract

/// Decoding of the notifier's CloudEvents (notifications, delivery
/// reports) through `Decodable` documents, with the contract's rejections.
enum CloudEventDocument {
    /// Parses `bytes` as JSON and decodes a `Document` from it.
    static func decode<Document: Decodable>(_: Document.Type, from bytes: UnsafeRawBufferPointer) throws(EventRejection) -> Document {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw EventRejection(kind: .invalidJSON, path: "$", expected: "a JSON object", found: error.description)
        }
        do {
            return try JSONValueDecoder().decode(Document.self, from: value)
        } catch {
            throw EventRejection(error)
        }
    }

    /// Checks the envelope's `specversion` and `type` (`expected`; another
    /// type of the same family is an unknown major version).
    static func checkEnvelope<Keys: CodingKey>(_ container: KeyedDecodingContainer<Keys>, specversion: Keys, type: Keys,
                                               expected: String) throws {
        let version = try container.decode(String.self, forKey: specversion)
        guard version == "1.0" else {
            throw EventRejection(kind: .enumeration, path: "specversion", expected: "\"1.0\"", found: "\"\(version.escapingControlCharacters.prefix(20))\"")
        }
        let found = try container.decode(String.self, forKey: type)
        guard found == expected else {
            let family = expected.split(separator: ".").dropLast().joined(separator: ".") + "."
            let kind: EventRejection.Kind = found.hasPrefix(family) ? .unknownMajorVersion : .unknownType
            throw EventRejection(kind: kind, path: "type", expected: "\"\(expected)\"", found: "\"\(found.escapingControlCharacters.prefix(60))\"")
        }
    }
}
