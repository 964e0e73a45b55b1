import Foundation
import HomewardRuntime
import Logging
import Synchronization

/// `homeward dev`'s progress: on a terminal, one line on stderr redrawn in
/// place (events processed, reminders, escalations, notifications, e-mails);
/// otherwise a log line every few seconds.
final class DevStatusLine: Sendable {
    private let pipeline: DevPipeline
    private let events: Int
    private let logger: Logger
    private let onTerminal = isatty(2) == 1
    private let lastDrawn = Mutex(ContinuousClock.now - .seconds(60))

    init(_ pipeline: DevPipeline, events: Int, logger: Logger) {
        self.pipeline = pipeline
        self.events = events
        self.logger = logger
    }

    /// The counts now, in words.
    var text: String {
        let processed = pipeline.scheduler.count(WorkerMetricLabel.recordsMarked)
        return "events \(processed)/\(events) · reminders \(pipeline.scheduler.count(WorkerMetricLabel.recordsOut))"
            + " · escalations \(pipeline.escalator.count(WorkerMetricLabel.recordsOut))"
            + " · notifications \(pipeline.fanOut.count(WorkerMetricLabel.recordsOut))"
            + " · e-mails \(pipeline.performer.delivered)"
    }

    /// Draws the line (a few times a second at most), or logs it (every 5 s).
    func update() {
        let now = ContinuousClock.now, every: Duration = onTerminal ? .milliseconds(200) : .seconds(5)
        guard lastDrawn.withLock({ last in
            guard now - last >= every else { return false }
            last = now
            return true
        }) else { return }
        if onTerminal {
            FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        } else {
            logger.notice("progress", metadata: ["status": "\(text)"])
        }
    }

    /// Leaves the final counts on their own line.
    func finish() {
        if onTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K\(text)\n".utf8)) }
    }
}
