import Foundation
import HomewardContract
import Testing

@Suite("JSON parsing")
struct ParserTests {
    /// Strings built from pieces that stop the parser's eight-byte scan
    /// (quotes, backslashes, escapes, non-ASCII) at every offset.
    @Test("strings read back exactly, whatever the position of escapes and non-ASCII characters")
    func strings() throws {
        let pieces = ["a", "bcdefgh", "\"", "\\", "\n", "\u{1F}", "é", "€", "😀", "\u{7F}", "/", "12345678"]
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15  // a fixed sequence: the same strings every run
        for _ in 0..<2_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var text = ""
            var state = seed
            for _ in 0..<Int(state % 12) {
                state = state &* 6_364_136_223_846_793_005 &+ 1
                text += pieces[Int(state >> 33) % pieces.count]
            }
            let document = try JSONSerialization.data(withJSONObject: ["k": text, "n": 1] as [String: Any])
            let parsed = try JSONParser.parse(Array(document))
            #expect(parsed["k"] == .string(text), "\(text.debugDescription)")
        }
    }

    @Test("a raw control character or invalid UTF-8 is rejected wherever it stands in a string")
    func invalidStrings() {
        for offset in 0..<20 {
            let plain = Array(repeating: UInt8(ascii: "x"), count: 20)
            var control = plain
            control[offset] = 0x0A
            #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([UInt8(ascii: "\"")] + control + [UInt8(ascii: "\"")]) }
            var invalid = plain
            invalid[offset] = 0xFF
            #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([UInt8(ascii: "\"")] + invalid + [UInt8(ascii: "\"")]) }
            #expect((try? JSONParser.parse([UInt8(ascii: "\"")] + plain + [UInt8(ascii: "\"")])) == .string(String(repeating: "x", count: 20)))
        }
    }

    @Test("documents of any number of values parse whole, past the nodes an event needs (the first 64 are on the stack)")
    func manyValues() throws {
        for count in [0, 1, 31, 62, 63, 64, 65, 127, 1_000] {
            let items = (0..<count).map { $0 % 2 == 0 ? JSONValue.number(Double($0)) : .string("s\($0)") }
            let text = "[" + items.map { if case .number(let n) = $0 { String(Int(n)) } else if case .string(let s) = $0 { "\"\(s)\"" } else { "" } }.joined(separator: ",") + "]"
            #expect(try JSONParser.parse(Array(text.utf8)) == .array(items), "\(count) items")
            let object = "{" + (0..<count).map { "\"k\($0)\":{\"v\":[\($0)]}" }.joined(separator: ",") + "}"
            let expected = JSONValue.object((0..<count).map { (key: "k\($0)", value: .object([(key: "v", value: .array([.number(Double($0))]))])) })
            #expect(try JSONParser.parse(Array(object.utf8)) == expected, "\(count) members")
        }
    }
}
