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
        if Self.isASCII(bytes) {
            self = String(decoding: buffer, as: UTF8.self)
            return
        }
        let decoded = String(decoding: buffer, as: UTF8.self)
        var copy = decoded
        let unchanged = copy.withUTF8 { $0.count == buffer.count && memcmpEqual($0, buffer) }
        guard unchanged else { return nil }
        self = decoded
    }

    private static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        let count = bytes.count
        while index + 8 <= count {
            if bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            index += 8
        }
        while index < count {
            if bytes[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }
}

private func memcmpEqual(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
    for index in 0..<lhs.count where lhs[index] != rhs[index] { return false }
    return true
}
