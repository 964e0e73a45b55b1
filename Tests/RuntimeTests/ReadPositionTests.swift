@testable import HomewardRuntime
import HomewardContract
import Kafka
import Testing

@Suite("ReadPosition: how far a worker had read its inputs when it wrote an output, as a header")
struct ReadPositionTests {
    private func parsed(_ text: String) -> ReadPosition? {
        Array(text.utf8).withUnsafeBytes { ReadPosition(headerValue: $0) }
    }

    @Test("one header per input topic under the prefix, role/partition=next, in topic order")
    func headers() {
        let headers = ReadPosition.headers(["hw.reminders": 7, "hw.case-events": 1_234, "other.case-events": 9], partition: 3, prefix: "hw.")
        #expect(headers.map(\.name) == ["homeward-read-to", "homeward-read-to"])
        #expect(headers.map(\.stringValue) == ["case-events/3=1234", "reminders/3=7"])
    }

    @Test("a header's value reads back as the position it was written from")
    func roundTrip() throws {
        let position = ReadPosition(role: .caseEvents, partition: 11, next: 9_876_543_210)
        let value = try #require(position.header.value)
        #expect(value.withUnsafeBytes { ReadPosition(headerValue: $0) } == position)
    }

    @Test("values that are not a position are ignored", arguments: [
        "", "case-events", "case-events/3", "case-events=3/4", "/3=4", "case-events/-1=4", "case-events/3=-4", "case-events/3=x",
        "case-events/3=99999999999999999999",
    ])
    func notAPosition(_ text: String) {
        #expect(parsed(text) == nil)
    }
}
