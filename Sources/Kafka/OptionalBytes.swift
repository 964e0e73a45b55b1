// Never written or freed: librdkafka only reads 0 bytes through it.
nonisolated(unsafe) private let emptyByte = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)

/// Calls `body` with the bytes of `bytes`; `nil` becomes a NULL pointer and
/// an empty array a non-NULL pointer of length 0, so librdkafka can tell a
/// null value (tombstone) from an empty one.
func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    guard let bytes else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
    return bytes.withUnsafeBytes { withOptionalBytes($0, body) }
}

/// Calls `body` with `bytes`; when they are empty, with a non-NULL pointer
/// of length 0 (NULL would mean no value at all: a tombstone, or no key).
func withOptionalBytes<R>(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    bytes.isEmpty ? body(UnsafeRawBufferPointer(start: emptyByte, count: 0)) : body(bytes)
}
