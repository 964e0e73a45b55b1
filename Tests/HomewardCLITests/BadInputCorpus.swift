import Foundation
import Testing

/// Malformed records for `case-events`, produced straight to the topic
/// (bypassing `homeward produce`, which would refuse them): every file of
/// the contract's invalid corpus (invalid UTF-8, truncated JSON, nesting 65
/// deep, numbers out of range, wrong types, unknown types and versions,
/// times without offsets, years 0 and 9999, …), control characters and line
/// breaks in every string field of a valid event, an oversized record, and
/// keys that are empty, missing, oversized, not UTF-8 or not the subject.
enum BadInputCorpus {
    /// One malformed record: a name for messages, its key and value.
    struct Entry {
        var name: String
        var key: [UInt8]?
        var value: [UInt8]
    }

    static let contractCorpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ContractTests/Corpus")

    /// Every entry; `key` gives a case id to key a record by, so that the
    /// malformed records share partitions with the valid ones.
    static func entries(key: (Int) -> String) throws -> [Entry] {
        var entries = try invalidFiles()
        entries += try controlCharacters()
        entries += try keyProblems()
        entries.append(try oversized())
        for index in entries.indices where entries[index].key == nil && !entries[index].name.hasPrefix("key:") {
            entries[index].key = Array(key(index).utf8)
        }
        return entries
    }

    /// The files of the contract's invalid corpus, byte for byte.
    static func invalidFiles() throws -> [Entry] {
        let folder = contractCorpus.appendingPathComponent("invalid")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map { name in
            Entry(name: name, key: nil, value: Array(try Data(contentsOf: folder.appendingPathComponent(name))))
        }
    }

    /// A valid event with every field of a case opening, as a JSON object.
    static func validOpening() throws -> [String: Any] {
        let file = contractCorpus.appendingPathComponent("valid/case.opened.v1--all-optional-fields.json")
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
    }

    /// The opening with CR LF, BEL, NUL, ESC, NEL (U+0085) or LINE SEPARATOR
    /// (U+2028) put into each of its string fields in turn.
    static func controlCharacters() throws -> [Entry] {
        let opening = try validOpening()
        var entries: [Entry] = []
        for path in stringPaths(in: opening) {
            for (label, inserted) in [("crlf", "\r\n"), ("bel", "\u{07}"), ("nul", "\u{00}"), ("esc", "\u{1B}"),
                                      ("nel", "\u{85}"), ("line-separator", "\u{2028}")] {
                let changed = try #require(modify(opening, at: path[...]) { text in String(text.prefix(1)) + inserted + String(text.dropFirst()) })
                entries.append(Entry(name: "\(path.joined(separator: ".")) with \(label)", key: nil,
                                     value: Array(try JSONSerialization.data(withJSONObject: changed))))
            }
        }
        return entries
    }

    /// Records whose key is missing, empty, 300 bytes, not UTF-8, or
    /// another case's id than the event's subject.
    static func keyProblems() throws -> [Entry] {
        let opening = try validOpening()
        let value = Array(try JSONSerialization.data(withJSONObject: opening))
        let subject = try #require(opening["subject"] as? String)
        return [
            Entry(name: "key: none", key: nil, value: value),
            Entry(name: "key: empty", key: [], value: value),
            Entry(name: "key: 300 bytes", key: Array(String(repeating: "k", count: 300).utf8), value: value),
            Entry(name: "key: not UTF-8", key: [0x63, 0xC3, 0x28], value: value),
            Entry(name: "key: not the subject", key: Array((subject + "-other").utf8), value: value),
        ]
    }

    /// The opening padded past the contract's 65,536 bytes with an unknown field.
    static func oversized() throws -> Entry {
        var opening = try validOpening()
        opening["padding"] = String(repeating: "x", count: 70_000)
        return Entry(name: "oversized: 70 kB", key: nil, value: Array(try JSONSerialization.data(withJSONObject: opening)))
    }

    /// The paths of the string leaves of `object`.
    static func stringPaths(in object: Any, at path: [String] = []) -> [[String]] {
        if object is String { return [path] }
        guard let mapping = object as? [String: Any] else { return [] }
        return mapping.keys.sorted().flatMap { stringPaths(in: mapping[$0] as Any, at: path + [$0]) }
    }

    /// `object` with the string at `path` changed by `change`.
    static func modify(_ object: Any, at path: ArraySlice<String>, _ change: (String) -> String) -> Any? {
        guard let first = path.first else { return (object as? String).map(change) }
        guard var mapping = object as? [String: Any], let inner = mapping[first] else { return nil }
        mapping[first] = modify(inner, at: path.dropFirst(), change)
        return mapping
    }
}
