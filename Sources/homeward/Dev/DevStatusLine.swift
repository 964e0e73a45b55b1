import HomewardRuntime
import Logging

/// `homeward dev`'s progress on a ``StatusLine``: events processed,
/// reminders, escalations, notifications, e-mails.
struct DevStatusLine: Sendable {
    private let pipeline: DevPipeline
    private let events: Int
    private let line: StatusLine

    init(_ pipeline: DevPipeline, events: Int, logger: Logger) {
        self.pipeline = pipeline
        self.events = events
        line = StatusLine(logger: logger)
    }

    /// The counts now, in words.
    var text: String {
        let processed = pipeline.scheduler.count(WorkerMetricLabel.recordsMarked)
        return "events \(processed)/\(events) · reminders \(pipeline.scheduler.count(WorkerMetricLabel.recordsOut))"
            + " · escalations \(pipeline.escalator.count(WorkerMetricLabel.recordsOut))"
            + " · notifications \(pipeline.fanOut.count(WorkerMetricLabel.recordsOut))"
            + " · e-mails \(pipeline.performer.delivered)"
    }

    /// Draws the line, or logs it, when it is due.
    func update() { line.update(text) }

    /// Leaves the final counts on their own line.
    func finish() { line.finish(text) }
}
