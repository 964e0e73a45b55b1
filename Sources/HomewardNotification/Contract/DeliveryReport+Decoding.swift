public import HomewardContract

extension DeliveryReport {
    /// Decodes and validates a `delivery.v1` CloudEvent (as a dashboard reads `deliveries`).
    public init(decoding bytes: UnsafeRawBufferPointer) throws(EventRejection) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw EventRejection(kind: .invalidJSON, path: "$", expected: "a JSON object", found: error.description)
        }
        let document: DeliveryDocument
        do {
            document = try JSONValueDecoder().decode(DeliveryDocument.self, from: value)
        } catch {
            throw EventRejection(error)
        }
        let data = document.data
        guard document.subject == data.recipientId else {
            throw EventRejection(kind: .value, path: "subject", expected: "the same as data.recipientId", found: "\"\(document.subject)\"")
        }
        self.init(deliveryId: data.deliveryId, recipientId: data.recipientId, notificationIds: data.notificationIds,
                  escalationIds: data.escalationIds ?? [], messageId: String(data.messageId.dropFirst().dropLast()),
                  status: data.outcome, attempt: data.attempt, at: data.at, until: data.until, smtpCode: data.smtpCode,
                  enhancedCode: data.enhancedCode, reply: data.reply, reason: data.reason)
    }
}

/// `delivery.v1` as written, for ``DeliveryReport/init(decoding:)``.
private struct DeliveryDocument: Decodable {
    var subject: Identifier
    var data: DataDocument

    struct DataDocument: Decodable {
        var deliveryId: Identifier
        var recipientId: Identifier
        var notificationIds: [Identifier]
        var escalationIds: [Identifier]?
        var messageId: String
        var outcome: DeliveryStatus
        var attempt: Int
        var at: Timestamp
        var until: Timestamp?
        var smtpCode: Int?
        var enhancedCode: String?
        var reply: String?
        var reason: String?
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let specversion = try container.decode(String.self, forKey: .specversion)
        guard specversion == "1.0" else {
            throw EventRejection(kind: .enumeration, path: "specversion", expected: "\"1.0\"", found: "\"\(specversion.prefix(20))\"")
        }
        let type = try container.decode(String.self, forKey: .type)
        guard type == DeliveryReport.eventType else {
            let kind: EventRejection.Kind = type.hasPrefix("org.homeward.delivery.") ? .unknownMajorVersion : .unknownType
            throw EventRejection(kind: kind, path: "type", expected: "\"\(DeliveryReport.eventType)\"", found: "\"\(type.prefix(60))\"")
        }
        subject = try container.decode(Identifier.self, forKey: .subject)
        data = try container.decode(DataDocument.self, forKey: .data)
    }

    enum CodingKeys: String, CodingKey { case specversion, type, subject, data }
}
