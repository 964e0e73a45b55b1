import Foundation

/// The Kafka SASL password, taken from the environment so that it never
/// sits in a flag (visible in the process list) or the configuration file.
///
/// `HOMEWARD_KAFKA_SASL_PASSWORD` holds the password itself;
/// `HOMEWARD_KAFKA_SASL_PASSWORD_FILE` names a file holding it (a trailing
/// newline is ignored), read when the command starts: a Kubernetes Secret or a
/// systemd credential mounted as a file. An empty password sets nothing, so
/// one deployment can mount an empty file for a cluster without SASL. The
/// password becomes librdkafka's `sasl.password`, over the configuration
/// file's and under a `--kafka-property` of the same name.
enum KafkaSASLPassword {
    /// The librdkafka property the password is passed as.
    static let property = "sasl.password"

    /// The password `environment` gives, or nil when it gives none.
    static func password(environment: [String: String]) throws -> String? {
        if let password = environment["HOMEWARD_KAFKA_SASL_PASSWORD"] { return password.isEmpty ? nil : password }
        guard let file = environment["HOMEWARD_KAFKA_SASL_PASSWORD_FILE"] else { return nil }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandFailure("HOMEWARD_KAFKA_SASL_PASSWORD_FILE: cannot read \(file); mount the file or unset the variable")
        }
        let password = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
        return password.isEmpty ? nil : password
    }
}
