extension String {
    /// Creates a string from `bytes` if they are valid UTF-8, else `nil`.
    ///
    /// The same verdict as `String(validating:as:)`, without its generic
    /// metadata lookups on every call: ASCII (nearly every identifier and
    /// timestamp) is checked with a word-at-a-time scan and copied as is;
    /// anything else is decoded and compared with the input, which is equal
    /// only when nothing had to be repaired.
    public init?(validatingUTF8Bytes bytes: UnsafeRawBufferPointer) {
        let buffer = bytes.bindMemory(to: UInt8.self)
        if bytes.isASCII {
            self = String(decoding: buffer, as: UTF8.self)
            return
        }
        let decoded = String(decoding: buffer, as: UTF8.self)
        var copy = decoded
        let unchanged = copy.withUTF8 { $0.count == buffer.count && memcmpEqual($0, buffer) }
        guard unchanged else { return nil }
        self = decoded
    }

}

extension UnsafeRawBufferPointer {
    /// Whether every byte is ASCII (a word at a time).
    var isASCII: Bool {
        var index = 0
        while index + 8 <= count {
            if ByteLanes.nonASCII(loadUnaligned(fromByteOffset: index, as: UInt64.self)) != 0 { return false }
            index += 8
        }
        while index < count {
            if self[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }

    /// Whether the bytes are valid UTF-8 (the same verdict as
    /// `String(validatingUTF8Bytes:)`, without making a string for ASCII).
    var isValidUTF8: Bool { isASCII || String(validatingUTF8Bytes: self) != nil }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether the bytes are non-empty printable ASCII (0x21…0x7E, and the
    /// space when `allowingSpace`), eight at a time.
    func isPrintableASCII(allowingSpace: Bool) -> Bool {
        guard let base = baseAddress, count > 0 else { return false }
        let lowest: UInt8 = allowingSpace ? 0x20 : 0x21
        var index = 0
        while index &+ 8 <= count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            if ByteLanes.nonASCII(word) | ByteLanes.below(word, lowest) | ByteLanes.equal(word, 0x7F) != 0 { return false }
            index &+= 8
        }
        while index < count {
            let byte = base[index]
            if byte < lowest || byte >= 0x7F { return false }
            index &+= 1
        }
        return true
    }
}

/// Whether `lhs` and the start of `rhs` hold the same bytes (`rhs` at least
/// as long). Eight bytes at a time, the last eight (or four) overlapping
/// what was compared: the names it compares share long prefixes
/// (`org.homeward.…`), which a byte at a time walked through.
func memcmpEqual(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
    let count = lhs.count
    guard count > 0 else { return true }
    let left = UnsafeRawPointer(lhs.baseAddress!), right = UnsafeRawPointer(rhs.baseAddress!)
    func word(_ base: UnsafeRawPointer, _ offset: Int) -> UInt64 { base.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
    func half(_ base: UnsafeRawPointer, _ offset: Int) -> UInt32 { base.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }
    if count >= 8 {
        var offset = 0
        while offset &+ 8 < count {
            if word(left, offset) != word(right, offset) { return false }
            offset &+= 8
        }
        return word(left, count &- 8) == word(right, count &- 8)
    }
    if count >= 4 { return half(left, 0) == half(right, 0) && half(left, count &- 4) == half(right, count &- 4) }
    for index in 0..<count where lhs[index] != rhs[index] { return false }
    return true
}
