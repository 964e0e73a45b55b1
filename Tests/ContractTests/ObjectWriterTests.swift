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
            var writer = JSONObjectWriter()
            writer.member("value", sample)
            let bytes = writer.finish()
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
            var writer = JSONObjectWriter()
            writer.member("t", time)
            #expect(try JSONParser.parse(writer.finish()) == .object([(key: "t", value: .string(time.rfc3339))]), "\(milliseconds)")
        }
    }
}
