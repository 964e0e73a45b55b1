// Fuzz target `case-event`: a Kafka record value on `case-events`, decoded
// as the workers decode it (`CaseEventValidator.validate`). Built by
// `scripts/fuzz case-event` against HomewardContract, built instrumented.
import Foundation
import HomewardContract

/// Checks, for every input:
/// - the fast path and the `Decodable` conformances give the same verdict:
///   the same event, or a rejection of the same kind at the same path;
/// - an accepted event encoded again (structured JSON mode, `JSONEncoder`)
///   is accepted again as the same event.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    let validator = CaseEventValidator()
    let verdict = validator.validate(bytes)
    guard bytes.count <= CaseEventValidator.maxRecordSize, let document = try? JSONParser.parse(bytes) else {
        if case .success(let event) = verdict { fatalError("accepted a record that is not JSON: \(event)") }
        return 0
    }
    switch (verdict, validator.validateWithDecodable(document)) {
    case let (.success(fast), .success(decodable)):
        invariant(fast == decodable, "fast path \(fast) but Decodable \(decodable)")
    case let (.failure(fast), .failure(decodable)):
        invariant(fast.kind == decodable.kind && fast.path == decodable.path,
                     "fast path rejects with \(fast) but Decodable with \(decodable)")
    case let (fast, decodable):
        fatalError("fast path \(fast) but Decodable \(decodable)")
    }
    guard case .success(let event) = verdict else { return 0 }
    let encoded: Data
    do {
        encoded = try JSONEncoder().encode(event)
    } catch {
        fatalError("an accepted event does not encode: \(error) (\(event))")
    }
    switch validator.validate([UInt8](encoded)) {
    case .success(let again):
        invariant(again == event, "encoded and decoded again \(again), was \(event)")
    case .failure(let rejection):
        fatalError("the encoding of an accepted event is rejected: \(rejection)\n\(String(decoding: encoded, as: UTF8.self))")
    }
    return 0
}

/// Stops the run with `message` when `condition` is false: libFuzzer keeps
/// the input. (`precondition` prints no message in an optimized build.)
func invariant(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError(message()) }
}
