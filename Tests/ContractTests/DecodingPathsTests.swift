import Foundation
import HomewardContract
import Testing

/// The validator's fast path and the `Decodable` conformances (used with any
/// `Decoder`, e.g. Foundation's `JSONDecoder`) implement the same contract.
@Suite("Fast path and Decodable agree")
struct DecodingPathsTests {
    static func corpusDocuments() throws -> [(String, [UInt8])] {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")
        let enumerator = FileManager.default.enumerator(atPath: corpus.path)
        var result: [(String, [UInt8])] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".json") { result.append((path, [UInt8](try Data(contentsOf: corpus.appendingPathComponent(path))))) }
        }
        return result.sorted { $0.0 < $1.0 } + Fixtures.valid.map { ("fixture \($0.key)", Array($0.value.utf8)) }
    }

    @Test("same event or same rejection (class and path) for every corpus file and fixture")
    func sameVerdicts() throws {
        let validator = CaseEventValidator()
        for (name, bytes) in try Self.corpusDocuments() {
            guard let value = try? JSONParser.parse(bytes) else { continue }
            switch (validator.validate(bytes), validator.validateWithDecodable(value)) {
            case let (.success(fast), .success(decodable)):
                #expect(fast == decodable, "\(name)")
            case let (.failure(fast), .failure(decodable)):
                #expect(fast.kind == decodable.kind, "\(name): \(fast) vs \(decodable)")
                #expect(fast.path == decodable.path, "\(name): \(fast) vs \(decodable)")
            case let (fast, decodable):
                Issue.record("\(name): fast path \(fast), Decodable \(decodable)")
            }
        }
    }

    @Test("Foundation's JSONDecoder decodes valid events to the same values")
    func foundationAgrees() throws {
        let validator = CaseEventValidator()
        for (name, bytes) in try Self.corpusDocuments() {
            guard case .success(let event) = validator.validate(bytes) else { continue }
            let viaFoundation = try JSONDecoder().decode(CaseEvent.self, from: Data(bytes))
            #expect(viaFoundation == event, "\(name)")
        }
    }
}
