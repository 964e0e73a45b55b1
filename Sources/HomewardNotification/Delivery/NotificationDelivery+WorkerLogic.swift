public import HomewardContract
public import HomewardProcessing

/// Delivery's rules on the runtime: its decisions as effects. Reports go
/// to `deliveries`, undeliverable notifications to `dead-letter`, and each
/// e-mail to send is a performed output (``OutgoingEmail/sendRole``): the
/// runtime sends it once the state recording its start is durable, and the
/// outcome comes back as ``DeliveryInput/outcome(_:)``.
extension NotificationDelivery: WorkerLogic {
    /// E-mails are sent by the runtime's mail transport, not produced.
    public var performedRole: TopicRole? { OutgoingEmail.sendRole }
    /// A restore sends again, in doubt, what started without an outcome.
    public var reactsToRestore: Bool { true }

    /// ``handle(_:updating:timers:now:)`` on a copy.
    public func handle(_ input: DeliveryInput, state: RecipientDeliveries?, timers: [DurableTimer], now: Timestamp) -> Effects<RecipientDeliveries> {
        pureEffects(of: state) { handle(input, updating: &$0, timers: timers, now: now) }
    }

    /// A notification or a send's outcome for its recipient.
    public func handle(_ input: DeliveryInput, updating state: inout RecipientDeliveries?, timers: [DurableTimer],
                       now: Timestamp) -> Effects<RecipientDeliveries> {
        step(state: &state, timers: timers) { decide(input, recipientId: Identifier(trusted: input.key), state: &$0, now: now) }
    }

    /// ``fire(_:key:updating:timers:now:)`` on a copy.
    public func fire(_ timer: DurableTimer, key: String, state: RecipientDeliveries?, timers: [DurableTimer],
                     now: Timestamp) -> Effects<RecipientDeliveries> {
        pureEffects(of: state) { fire(timer, key: key, updating: &$0, timers: timers, now: now) }
    }

    /// A digest, deferral, retry or outcome deadline came due.
    public func fire(_ timer: DurableTimer, key: String, updating state: inout RecipientDeliveries?, timers: [DurableTimer],
                     now: Timestamp) -> Effects<RecipientDeliveries> {
        step(state: &state, timers: timers) { fire(timer, recipientId: Identifier(trusted: key), state: &$0, now: now) }
    }

    /// The recipient's state was restored: what started without an outcome goes again, in doubt.
    public func restored(key: String, updating state: inout RecipientDeliveries?, timers: [DurableTimer],
                         now: Timestamp) -> Effects<RecipientDeliveries> {
        step(state: &state, timers: timers) { decide(.restored(recipientId: Identifier(trusted: key), at: now), recipientId: Identifier(trusted: key),
                                                     state: &$0, now: now) }
    }

    /// Runs `decision` on the state in place and turns it into effects.
    private func step(state: inout RecipientDeliveries?, timers: [DurableTimer],
                      _ decision: (inout RecipientDeliveries?) -> DeliveryDecision) -> Effects<RecipientDeliveries> {
        let hadState = state != nil
        let decided = decision(&state)
        var effects = decided.effects(replacing: timers)
        effects.outputs += decided.deadLetters.map(\.record)
        effects.outputs += decided.sends.map(\.record)
        if hadState, state == nil { effects.state = .delete }
        return effects
    }
}

extension DeliveryDeadLetter {
    /// The notification, for `dead-letter`, with the reason.
    public var record: OutputRecord {
        OutputRecord(topicRole: .deadLetter, key: notification.recipientId.rawValue, id: notification.notificationId.rawValue,
                     time: notification.time, value: notification.encoded(),
                     deadLetter: DeadLetterReason(reason: reason, kind: "undeliverable"))
    }
}
