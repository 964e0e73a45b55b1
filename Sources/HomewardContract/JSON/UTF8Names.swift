/// A small table of names and what they stand for, matched against raw
/// UTF-8 bytes (the decoder's path: no string is made or hashed).
struct UTF8Names<Value: Sendable>: Sendable {
    private let entries: [(bytes: [UInt8], value: Value)]

    init(_ pairs: [(String, Value)]) {
        entries = pairs.map { (Array($0.0.utf8), $0.1) }
    }

    /// What the name spelled exactly by `utf8` stands for, if any.
    func value(named utf8: UnsafeBufferPointer<UInt8>) -> Value? {
        for entry in entries where entry.bytes.count == utf8.count {
            if entry.bytes.withUnsafeBufferPointer({ memcmpEqual($0, utf8) }) { return entry.value }
        }
        return nil
    }
}
