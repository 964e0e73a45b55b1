import HomewardMail
import HomewardNotification
import HomewardProcessing
import Synchronization

/// The notifier's mail performer, counting the e-mails that went out
/// (sent, or written to the outbox) for `homeward dev`'s status line.
final class CountingPerformer: EffectPerformer {
    private let performer: MailPerformer
    private let count = Atomic(0)

    init(_ performer: MailPerformer) { self.performer = performer }

    /// E-mails sent or written so far.
    var delivered: Int { count.load(ordering: .relaxed) }

    var concurrency: Int { performer.concurrency }

    func perform(_ effect: OutputRecord) async -> DeliveryInput {
        let input = await performer.perform(effect)
        if case .outcome(let outcome) = input {
            switch outcome.result {
            case .sent, .writtenToFile: count.add(1, ordering: .relaxed)
            default: break
            }
        }
        return input
    }

    func shutdown() async { await performer.shutdown() }
}
