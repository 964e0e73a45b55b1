import HomewardContract
public import HomewardProcessing

/// What one step of delivery's rules asks the runtime to do for one
/// recipient. The state itself was changed in place.
public struct DeliveryDecision: Sendable {
    /// E-mails to send now (each already recorded as started in the state).
    public var sends: [OutgoingEmail] = []
    /// Status changes for `deliveries`.
    public var reports: [DeliveryReport] = []
    /// Notifications that cannot be delivered, for `dead-letter`.
    public var deadLetters: [DeliveryDeadLetter] = []
    /// The recipient's timers as the state now wants them.
    public var timers: [DurableTimer] = []

    /// Creates an empty decision.
    public init() {}

    /// The reports as records for `deliveries`, the state as changed in
    /// place, and the timers set or cancelled against `current`. Sends and
    /// dead letters are the runtime's to perform besides.
    public func effects(replacing current: [DurableTimer]) -> Effects<RecipientDeliveries> {
        Effects(outputs: reports.map(\.record), timers: timers, replacing: current)
    }
}

/// A notification that cannot be delivered: it goes to `dead-letter` with
/// ``reason`` (the value is the notification's own encoding).
public struct DeliveryDeadLetter: Sendable, Hashable {
    /// The notification.
    public var notification: StaffNotification
    /// Why, naming the fix where there is one.
    public var reason: String

    /// Creates the dead letter.
    public init(notification: StaffNotification, reason: String) {
        self.notification = notification
        self.reason = reason
    }
}
