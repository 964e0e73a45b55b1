/// An opaque C pointer carried across a lock or thread boundary.
///
/// `@unchecked Sendable`: only used for librdkafka objects, which are
/// thread-safe, and only while their owner keeps them alive.
struct SendablePointer: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
}
