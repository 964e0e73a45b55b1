import ArgumentParser
import Configuration
import Foundation
import Yams

/// The configuration file in use (`--config`, else `$HOMEWARD_CONFIG`, else
/// `config/homeward.yaml` when it exists), read once: as swift-configuration's
/// YAML snapshot for the values, and as a YAML document for the names of
/// its Kafka properties and for `config check`'s key checks.
struct ConfigurationFile: Sendable {
    /// The file's path.
    let path: String
    /// The values, as swift-configuration reads them.
    let snapshot: YAMLSnapshot
    /// The names under `kafka.properties`.
    let propertyNames: [String]
    /// What is wrong with the file's keys: unknown keys, wrong shapes, secrets.
    let problems: [String]

    /// The file `option` or the environment names, else the default when it exists.
    ///
    /// - Returns: nil when no file is named and the default does not exist.
    /// - Throws: when a file named explicitly does not exist, or a file is not
    ///   YAML; the message gives the position only, never the file's text.
    static func locate(option: String?, environment: [String: String]) throws -> Self? {
        let explicit = option ?? environment["HOMEWARD_CONFIG"]
        let path = explicit ?? "config/homeward.yaml"
        guard FileManager.default.fileExists(atPath: path) else {
            if explicit != nil { throw ValidationError("configuration file \(path) does not exist; pass --config FILE or unset HOMEWARD_CONFIG") }
            return nil
        }
        return try Self(path: path)
    }

    /// Reads and parses the file at `path`.
    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("configuration file \(path) cannot be read")
        }
        let document: Any?
        do {
            document = try Yams.load(yaml: String(decoding: data, as: UTF8.self))
            let bytes = [UInt8](data.isEmpty ? Data("{}".utf8) : data)
            snapshot = try YAMLSnapshot(data: bytes.span.bytes, providerName: "file \(path)", parsingOptions: .default)
        } catch {
            let position = "\(error)".split(separator: "\n").first.map(String.init) ?? ""
            throw ValidationError("configuration file \(path) is not valid YAML (a mapping of settings): \(position)")
        }
        self.path = path
        let kafka = (document as? [String: Any])?["kafka"] as? [String: Any]
        propertyNames = (kafka?["properties"] as? [String: Any] ?? [:]).keys.sorted()
        problems = ConfigurationFileKeys.problems(in: document, path: path)
    }
}
