import Foundation
import HomewardContract
import HomewardEscalation
import HomewardMail
import HomewardNotification
import HomewardPipeline
import HomewardProcessing
import HomewardScheduling
import SMTP

/// `homeward replay --outbox`: the whole pipeline on stream time, notifier
/// included, writing each e-mail it sends as an `.eml` file and handing
/// on the events of the stages asked for.
final class OutboxWriter {
    let outbox: MailFileOutbox
    /// The replay to run beside the others.
    private(set) var replay: AnyReplay!
    /// E-mails written so far.
    private(set) var written = 0
    /// Why writing stopped, if it did.
    private(set) var failure: String?

    init(directory: String, settings: NotifierSettings, policies: PolicyDirectory, partitions: Int,
         emitting stages: Set<PipelineStage>) throws {
        outbox = try MailFileOutbox(directory: URL(fileURLWithPath: directory))
        let (fanOut, delivery, sender) = try settings.load(policies: policies)
        let pipeline = AnyReplay.Box(PipelineReplay(
            scheduler: SchedulerWorker(policy: try policies.schedulePolicy()),
            escalator: EscalatorWorker(policy: try policies.escalationPolicy()), partitions: partitions, emitting: stages,
            notifier: NotifierReplay(fanOut: fanOut, delivery: delivery, partitions: partitions)))
        replay = AnyReplay(
            name: "outbox",
            feed: { [unowned self] event, sink in
                pipeline.value.feed(event, into: { sink($1) }, emails: { self.write($0, from: sender) })
            },
            finish: { [unowned self] until, sink in
                pipeline.value.finish(until: until, into: { sink($1) }, emails: { self.write($0, from: sender) })
            })
    }

    private func write(_ email: OutgoingEmail, from sender: MailAddress) {
        guard failure == nil else { return }
        do {
            try outbox.write(try email.message(from: sender))
            written += 1
        } catch {
            failure = "e-mail \(email.messageId) to \(email.recipientId): \(error)"
        }
    }
}
