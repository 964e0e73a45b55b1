import ArgumentParser
import Foundation
import HomewardOperations
import Logging

/// Logging for commands: everything goes to stderr, so stdout stays for
/// data; readable text on a terminal, JSON lines otherwise (where a log
/// collector reads it), unless the command is told which.
enum CommandLogging {
    /// How log entries are written.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        /// swift-log's stream format: `<time> <level> <label>: <metadata> [<module>] <message>`.
        case text
        /// One JSON object per line (``HomewardOperations/JSONLogHandler``).
        case json

        /// Text when stderr is a terminal, else JSON.
        static var forStandardError: Format { isatty(STDERR_FILENO) != 0 ? .text : .json }
    }

    private static let bootstrapped = LockedFlag()

    /// A logger at `level`, writing to stderr in `format` (by default, as
    /// ``Format/forStandardError`` says). The first call chooses the format
    /// for the whole process.
    static func logger(_ label: String, level: Logger.Level, format: Format? = nil) -> Logger {
        if bootstrapped.set() {
            switch format ?? .forStandardError {
            case .text: LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
            case .json: LoggingSystem.bootstrap { label in JSONLogHandler(label: label) }
            }
        }
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}
