public import HomewardContract
public import HomewardProcessing

extension OutgoingEmail {
    /// The role of an e-mail to send among delivery's outputs: not a topic.
    /// The runtime hands such outputs to the mail transport (see
    /// ``NotificationDelivery/performedRole``) instead of producing them.
    public static let sendRole: TopicRole = "outgoing-mail"

    /// The e-mail as a performed output of delivery's rules.
    public var record: OutputRecord {
        var writer = BinaryWriter()
        encode(into: &writer)
        return OutputRecord(topicRole: Self.sendRole, key: recipientId.rawValue, id: "\(messageId)#\(attempt)", time: date,
                            value: writer.bytes)
    }

    /// Reads an e-mail from a performed output's value.
    public init(decoding bytes: [UInt8]) throws {
        var reader = BinaryReader(bytes)
        try self.init(from: &reader)
    }

    func encode(into writer: inout BinaryWriter) {
        writer.write(recipientId.rawValue)
        writer.write(emailId)
        writer.write(notificationIds) { $0.write($1.rawValue) }
        writer.write(toName)
        writer.write(toAddress)
        writer.write(messageId)
        writer.write(date)
        writer.write(headers) { writer, header in
            writer.write(header.name)
            writer.write(header.value)
        }
        writer.write(content.subject)
        writer.write(content.text)
        writer.write(content.html)
        writer.write(attempt)
    }

    init(from reader: inout BinaryReader) throws {
        self.init(recipientId: Identifier(trusted: try reader.readString()), emailId: try reader.readString(),
                  notificationIds: try reader.readArray { Identifier(trusted: try $0.readString()) },
                  toName: try reader.readString(), toAddress: try reader.readString(), messageId: try reader.readString(),
                  date: try reader.readTimestamp(),
                  headers: try reader.readArray { EmailHeader(name: try $0.readString(), value: try $0.readString()) },
                  content: RenderedEmail(subject: try reader.readString(), text: try reader.readString(), html: try reader.readString()),
                  attempt: try reader.readInt())
    }
}
