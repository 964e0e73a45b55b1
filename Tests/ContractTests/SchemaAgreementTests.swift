import Foundation
import HomewardContract
import HomewardTestKit
import Testing

/// The published JSON Schemas (`config/schemas`) and the Swift validator
/// judge the same corpus the same way.
@Suite("JSON Schemas and the Swift validator agree")
struct SchemaAgreementTests {
    static let testDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let corpus = testDirectory.appendingPathComponent("Corpus")

    /// The Python checker's verdict per corpus file (jsonschema, Draft 2020-12).
    static func schemaVerdicts() async throws -> [String: Bool] {
        let checked = try await ChildProcess.run(ChildProcess.python, [testDirectory.appendingPathComponent("schema_check.py").path, corpus.path])
        guard checked.status == 0 else {
            throw CheckerFailure(description: "schema_check.py exited \(checked.status): \(checked.stderr)")
        }
        var verdicts: [String: Bool] = [:]
        for line in checked.stdout.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 2).map(String.init)
            guard fields.count >= 2 else { continue }
            verdicts[fields[0]] = fields[1] == "valid"
        }
        return verdicts
    }

    struct CheckerFailure: Error, CustomStringConvertible { let description: String }

    static func corpusFiles() throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: corpus.path)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".json") { files.append(path) }
        }
        return files.sorted()
    }

    @Test("every corpus file gets the same verdict from both, and the verdict its folder names")
    func verdictsAgree() async throws {
        let files = try Self.corpusFiles()
        #expect(files.count >= 55, "the corpus covers every type and rejection class")
        let schema = try await Self.schemaVerdicts()
        let validator = CaseEventValidator()
        var disagreements: [String] = []
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: Self.corpus.appendingPathComponent(file)))
            let swiftSays: Bool
            if case .success = validator.validate(bytes) { swiftSays = true } else { swiftSays = false }
            let expected = file.hasPrefix("valid/")
            if schema[file] != swiftSays || swiftSays != expected {
                disagreements.append("\(file): folder says \(expected ? "valid" : "invalid"), schema \(schema[file].map { $0 ? "valid" : "invalid" } ?? "no verdict"), Swift \(swiftSays ? "valid" : "invalid")")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.joined(separator: "\n"))")
    }

    @Test("each invalid corpus file is rejected for the reason its name gives")
    func rejectionClassesMatchNames() throws {
        let validator = CaseEventValidator()
        for file in try Self.corpusFiles() where file.hasPrefix("invalid/") {
            let name = URL(fileURLWithPath: file).lastPathComponent
            guard let separator = name.range(of: "--") else { continue }
            let expectedClass = String(name[..<separator.lowerBound])
            let bytes = try [UInt8](Data(contentsOf: Self.corpus.appendingPathComponent(file)))
            guard case .failure(let rejection) = validator.validate(bytes) else { continue }
            #expect(rejection.kind.rawValue == expectedClass, "\(file): \(rejection)")
        }
    }

    @Test("there is a schema for every input type the Swift code knows, and no other input schema")
    func schemaPerType() throws {
        let schemas = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("config/schemas")
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: schemas.path))
        for type in CaseEventType.allCases {
            #expect(names.contains("\(type.cloudEventType).schema.json"), "\(type.cloudEventType)")
        }
        let outputs = ["org.homeward.reminder.v1", "org.homeward.escalation.v1", "org.homeward.escalation-status.v1", "org.homeward.notification.v1", "org.homeward.delivery.v1"]
        let inputs = names.filter { $0.hasPrefix("org.homeward.") }.map { String($0.dropLast(".schema.json".count)) }.filter { !outputs.contains($0) }
        #expect(Set(inputs) == Set(CaseEventType.allCases.map(\.cloudEventType)))
    }
}
