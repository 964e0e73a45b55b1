import HomewardContract
import HomewardNotification
import HomewardProcessing

/// One recipient's delivery as the runtime would drive it, without Kafka
/// or SMTP: keeps the state and timers, fires timers in order as time
/// advances, and collects what the rules asked for.
struct DeliveryHarness {
    let rules: NotificationDelivery
    let recipient: Identifier
    var state: RecipientDeliveries?
    var timers: [DurableTimer] = []
    /// Everything asked so far.
    var sends: [OutgoingEmail] = []
    var reports: [DeliveryReport] = []
    var deadLetters: [DeliveryDeadLetter] = []

    init(recipient: Identifier = "cw-0001") throws {
        rules = try NotifierFixture.delivery()
        self.recipient = recipient
    }

    /// Applies `decision`, returning it.
    @discardableResult
    private mutating func take(_ decision: DeliveryDecision) -> DeliveryDecision {
        sends += decision.sends
        reports += decision.reports
        deadLetters += decision.deadLetters
        timers = decision.timers
        return decision
    }

    /// Fires every timer due by `now`, in order, then stops at `now`.
    mutating func advance(to now: Timestamp) {
        while let next = timers.filter({ $0.due <= now }).min(by: { ($0.due, $0.id) < ($1.due, $1.id) }) {
            take(rules.fire(next, recipientId: recipient, state: &state, now: next.due))
        }
    }

    /// Time runs to `now`, then `notification` arrives.
    @discardableResult
    mutating func receive(_ notification: StaffNotification, at now: Timestamp) -> DeliveryDecision {
        advance(to: now)
        return take(rules.decide(.notification(notification), recipientId: recipient, state: &state, now: now))
    }

    /// Time runs to `now`, then the send of `email` ends with `result`.
    @discardableResult
    mutating func complete(_ email: OutgoingEmail, _ result: SendOutcome.Result, at now: Timestamp) -> DeliveryDecision {
        advance(to: now)
        let outcome = SendOutcome(recipientId: recipient, messageId: email.messageId, attempt: email.attempt, result: result, at: now)
        return take(rules.decide(.outcome(outcome), recipientId: recipient, state: &state, now: now))
    }

    /// The worker restarted at `now` with the state as it was stored.
    @discardableResult
    mutating func restart(at now: Timestamp) -> DeliveryDecision {
        var bytes = BinaryWriter()
        state?.encode(into: &bytes)
        var reader = BinaryReader(bytes.bytes)
        state = state == nil ? nil : try! RecipientDeliveries(from: &reader)
        return take(rules.decide(.restored(recipientId: recipient, at: now), recipientId: recipient, state: &state, now: now))
    }

    /// The statuses reported, in order.
    var statuses: [DeliveryStatus] { reports.map(\.status) }
}

/// Accepted by the server.
let accepted = SendOutcome.Result.sent(code: 250, enhancedCode: "2.0.0", reply: "OK queued as 4F2A1")
/// A temporary failure.
let greylisted = SendOutcome.Result.transientFailure(code: 451, enhancedCode: "4.7.1", reason: "greylisted, try again later")
