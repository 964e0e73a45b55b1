import Foundation
import Logging

/// Logging for commands: everything goes to stderr, so stdout stays for data.
enum CommandLogging {
    private static let bootstrapped = LockedFlag()

    /// A logger at `level`, writing to stderr.
    static func logger(_ label: String, level: Logger.Level) -> Logger {
        if bootstrapped.set() {
            LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
        }
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}
