import Configuration
import Foundation

/// Secrets read from files: for a secret setting, the environment variable
/// `NAME_FILE` names a file holding its value (a Kubernetes Secret or a
/// systemd credential mounted as a file), read when the command starts. A
/// trailing newline is ignored.
enum SecretFiles {
    /// The values the `*_FILE` variables of `keys` name, marked secret.
    ///
    /// - Throws: when a named file cannot be read; the message names the
    ///   variable and the path, never a value.
    static func provider(keys: [ConfigurationKey], environment: [String: String]) throws -> InMemoryProvider {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for key in keys where key.isSecret {
            guard let path = environment[key.fileVariable] else { continue }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandFailure("\(key.fileVariable): cannot read \(path); mount the file or unset the variable")
            }
            let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
            values[key.absolute] = ConfigValue(.string(value), isSecret: true)
        }
        return InMemoryProvider(name: "secret file", values: values)
    }
}
