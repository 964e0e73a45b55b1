import HomewardContract
import Testing

@Suite("Output event writing")
struct ObjectWriterTests {
    @Test("strings are escaped exactly where JSON needs it, at any position in long and short strings, and read back unchanged")
    func escaping() throws {
        let samples = [
            "plain-ascii-reference-0001", "", "q\"", "back\\slash", "tab\there", "\u{7F}delete", "nul\u{0}byte",
            "ünïcödé stays as it is", "long prefix without escapes then \"a quote\"", "12345678\n", "1234567\u{1F}",
            String(repeating: "x", count: 64) + "\\" + String(repeating: "y", count: 7),
        ]
        for sample in samples {
            let bytes = JSONObjectWriter.object { $0.member("value", sample) }
            let parsed = try JSONParser.parse(bytes)
            #expect(parsed == .object([(key: "value", value: .string(sample))]), "\(sample.debugDescription)")
            let needsEscape = sample.utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }
            #expect(bytes.count == sample.utf8.count + 12 || needsEscape, "copied as it is: \(sample.debugDescription)")
        }
    }

    @Test("a CloudEvent's envelope is written in its fixed order, times in RFC 3339 UTC, with nested data")
    func envelope() throws {
        let time = try Timestamp(rfc3339: "2026-03-02T09:30:00.250+01:00")
        let bytes = JSONObjectWriter.cloudEvent(id: "r-1", source: "/homeward/scheduler", type: "org.homeward.reminder.v1",
                                                time: time, subject: "case-000123") { data in
            data.member("dueAt", try! Timestamp(rfc3339: "2026-03-09T00:00:00Z"))
            data.member("firedAt", ifPresent: nil as Timestamp?)
            data.object("nested") { $0.member("count", 2) }
            data.member("notify", strings: ["caseworker", "supervisor"])
        }
        #expect(String(decoding: bytes, as: UTF8.self) == #"""
            {"specversion":"1.0","id":"r-1","source":"/homeward/scheduler","type":"org.homeward.reminder.v1","time":"2026-03-02T08:30:00.250Z","subject":"case-000123","datacontenttype":"application/json","data":{"dueAt":"2026-03-09T00:00:00Z","nested":{"count":2},"notify":["caseworker","supervisor"]}}
            """#)
    }

    @Test("a time member is written as its RFC 3339 text, beyond four-digit years too")
    func times() throws {
        for milliseconds: Int64 in [0, 1, -1, 1_772_440_200_123, -62_135_596_800_000, 253_402_300_799_999, 253_402_300_800_000] {
            let time = Timestamp(millisecondsSinceEpoch: milliseconds)
            #expect(try JSONParser.parse(JSONObjectWriter.object { $0.member("t", time) }) == .object([(key: "t", value: .string(time.rfc3339))]), "\(milliseconds)")
        }
    }

    @Test("an object larger than the size expected is written whole, integers of every sign and width included")
    func beyondCapacity() throws {
        let integers = [0, 7, -5, 1_234_567_890, Int.max, Int.min]
        for capacity in [0, 16, 64, 4096] {
            let bytes = JSONObjectWriter.object(capacity: capacity) { writer in
                writer.member("text", String(repeating: "long text \"quoted\" ", count: 20))
                writer.member("flag", true)
                writer.object("integers") { object in
                    let names: [StaticString] = ["a", "b", "c", "d", "e", "f"]
                    for (name, integer) in zip(names, integers) { object.member(name, integer) }
                }
            }
            let expected = JSONValue.object([
                (key: "text", value: .string(String(repeating: "long text \"quoted\" ", count: 20))),
                (key: "flag", value: .bool(true)),
                (key: "integers", value: .object(zip(["a", "b", "c", "d", "e", "f"], integers).map { (key: $0, value: .number(Double($1))) })),
            ])
            #expect(try JSONParser.parse(bytes) == expected, "capacity \(capacity)")
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.contains(#""d":1234567890,"e":9223372036854775807,"f":-9223372036854775808}"#), "capacity \(capacity)")
        }
        let event = JSONObjectWriter.cloudEvent(id: "r-2", source: "/s", type: "t", time: Timestamp(millisecondsSinceEpoch: 0),
                                                subject: "case-1", dataCapacity: 0) { $0.member("note", String(repeating: "x", count: 2_000)) }
        #expect(event.count > 2_000)
        #expect(try JSONParser.parse(event) != .null)
    }
}
