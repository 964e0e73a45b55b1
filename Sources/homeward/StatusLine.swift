import Foundation
import Logging
import Synchronization

/// A long-running command's progress: on a terminal, one line on stderr
/// redrawn in place (five times a second at most); otherwise a log line
/// every 5 s. Messages logged through it start on a clean line.
final class StatusLine: Sendable {
    private let logger: Logger
    private let onTerminal = isatty(STDERR_FILENO) == 1
    /// When the line was last drawn or logged, and whether it is on the screen.
    private let state = Mutex((lastDrawn: ContinuousClock.now - .seconds(60), drawn: false))

    init(logger: Logger) {
        self.logger = logger
    }

    /// Draws `text`, or logs it, unless the last time was too recent.
    func update(_ text: String) {
        let now = ContinuousClock.now, every: Duration = onTerminal ? .milliseconds(200) : .seconds(5)
        guard state.withLock({ state in
            guard now - state.lastDrawn >= every else { return false }
            state = (now, onTerminal)
            return true
        }) else { return }
        if onTerminal {
            FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        } else {
            logger.notice("progress", metadata: ["status": "\(text)"])
        }
    }

    /// Logs `message` on a line of its own.
    func log(_ message: String, _ metadata: Logger.Metadata = [:]) {
        clear()
        logger.notice("\(message)", metadata: metadata)
    }

    /// Removes the line, so that what follows starts on a clean line.
    func clear() {
        guard state.withLock({ state in
            defer { state.drawn = false }
            return state.drawn
        }) else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    /// On a terminal, leaves `text` (the final counts) on a line of its own.
    func finish(_ text: String) {
        guard onTerminal else { return }
        state.withLock { $0.drawn = false }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)\n".utf8))
    }
}
