public import HomewardContract

extension DeliveryReport {
    /// Decodes and validates a `delivery.v1` CloudEvent (as a dashboard reads `deliveries`).
    public init(decoding bytes: UnsafeRawBufferPointer) throws(EventRejection) {
        let document = try CloudEventDocument.decode(DeliveryDocument.self, from: bytes)
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
        try CloudEventDocument.checkEnvelope(container, specversion: .specversion, type: .type, expected: DeliveryReport.eventType)
        subject = try container.decode(Identifier.self, forKey: .subject)
        data = try container.decode(DataDocument.self, forKey: .data)
    }

    enum CodingKeys: String, CodingKey { case specversion, type, subject, data }
}
