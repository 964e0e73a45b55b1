import ArgumentParser
import Logging

/// How a long-running command logs: the level and the format, to stderr.
struct LogOptions: ParsableArguments {
    @Option(help: "Log level.")
    var logLevel: Logger.Level = .notice

    @Option(help: "text (one readable line per entry) or json (one JSON object per line, for a log collector); default: text on a terminal, json otherwise.")
    var logFormat: CommandLogging.Format?

    /// A logger labelled `label` at these options' level and format.
    func logger(_ label: String) -> Logger {
        CommandLogging.logger(label, level: logLevel, format: logFormat)
    }
}
