import Foundation
import HomewardContract
import Logging
import Synchronization

/// `homeward chaos`'s progress: on a terminal, one line on stderr redrawn in
/// place; otherwise a log line every few seconds. Events (kills, restarts)
/// are always logged, above the line.
final class ChaosStatusLine: Sendable {
    private let logger: Logger
    private let onTerminal = isatty(STDERR_FILENO) == 1
    /// When the line was last drawn or logged, and whether it is on the screen.
    private let state = Mutex((lastDrawn: ContinuousClock.now - .seconds(60), drawn: false))

    init(logger: Logger) {
        self.logger = logger
    }

    /// The line for `look` in `phase`, with `kills` made so far of `planned`.
    static func text(phase: String, look: ChaosLook, kills: Int, planned: Int) -> String {
        let records = look.records
        return "\(phase) · kills \(kills)/\(planned) · events \(records[.caseEvents] ?? 0) · reminders \(records[.reminders] ?? 0)"
            + " · escalations \(records[.escalations] ?? 0) · notifications \(records[.notifications] ?? 0)"
            + " · e-mails \(look.emails) · lag \(look.totalLag)"
    }

    /// Draws the line (five times a second at most), or logs it (every 5 s).
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
}
