import Foundation
import Kafka
import Testing

/// One output event as published (a reminder or an escalation): its id, the
/// record key (or, from replay, the subject) and the exact bytes of the
/// CloudEvent.
struct PublishedEvent: Sendable, Equatable {
    let id: String
    let caseId: String
    let value: String

    /// An event from its CloudEvent line and record key (`nil`: use its subject).
    init(line: String, key: String?) throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        id = try #require(object["id"] as? String, "\(line)")
        let subject = try #require(object["subject"] as? String, "\(line)")
        caseId = key ?? subject
        value = line
    }

    /// An event from the record it was published as.
    init(_ record: KafkaRecord) throws {
        try self.init(line: String(decoding: record.value ?? [], as: UTF8.self), key: record.keyString)
    }

    /// `[id: value]`, failing the test if one id has two different values.
    static func byId(_ events: [PublishedEvent], _ origin: String,
                     sourceLocation: SourceLocation = #_sourceLocation) -> [String: String] {
        var byId: [String: String] = [:]
        for event in events {
            if let earlier = byId[event.id] {
                #expect(earlier == event.value, "\(origin): \(event.id) appears with two values:\n\(earlier)\n\(event.value)",
                        sourceLocation: sourceLocation)
            }
            byId[event.id] = event.value
        }
        return byId
    }

    /// The ids of each case's events, in order.
    static func idsByCase(_ events: [PublishedEvent]) -> [String: [String]] {
        events.reduce(into: [:]) { $0[$1.caseId, default: []].append($1.id) }
    }
}

extension PublishedEvent {
    /// The value of `data.<name>` in a CloudEvent line, as text (a number as
    /// its digits); nil when absent.
    static func field(_ name: String, in line: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let data = object["data"] as? [String: Any], let value = data[name] else { return nil }
        return value as? String ?? (value as? NSNumber).map { "\($0)" }
    }
}
