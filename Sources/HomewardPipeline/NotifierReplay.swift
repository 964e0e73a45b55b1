public import HomewardContract
public import HomewardNotification
public import HomewardProcessing

/// The notifier's two stages replayed offline, with stream time: the
/// fan-out takes the reminders and escalations of the stages before it
/// (merged per partition by ``TimeOrderedMerge``, never waiting: they are
/// always caught up), and its notifications go straight to
/// ``DeliveryReplay``, which hands out each e-mail as the live pipeline
/// would send it.
public struct NotifierReplay: Sendable {
    private var fanOut: MergedReplay<NotificationFanOut>
    private var delivery: DeliveryReplay

    /// A replay over `partitions` partitions (of the case-keyed inputs, and of `notifications`).
    public init(fanOut: NotificationFanOut, delivery: NotificationDelivery, partitions: Int) {
        self.fanOut = MergedReplay(logic: fanOut, partitions: partitions)
        self.delivery = DeliveryReplay(rules: delivery, partitions: partitions)
        self.fanOut.endHistory()
    }

    /// Takes a reminder or an escalation an earlier stage produced (other
    /// records are left); hands `sink` the e-mails that go out.
    public mutating func take(_ record: OutputRecord, into sink: (OutgoingEmail) -> Void) {
        var notifications: [OutputRecord] = []
        fanOut.take(record) { notifications.append($0) }
        deliver(notifications, into: sink)
    }

    /// Ends the replay at `until`: the fan-out's inputs still waiting, then
    /// every delivery timer due by then.
    public mutating func finish(until: Timestamp, into sink: (OutgoingEmail) -> Void) {
        var notifications: [OutputRecord] = []
        fanOut.finish(until: until) { notifications.append($0) }
        deliver(notifications, into: sink)
        delivery.finish(until: until, into: sink)
    }

    private mutating func deliver(_ records: [OutputRecord], into sink: (OutgoingEmail) -> Void) {
        for record in records where record.topicRole == .notifications {
            guard let notification = record.value.withUnsafeBytes({ try? StaffNotification(decoding: $0) }) else { continue }
            delivery.take(notification, into: sink)
        }
    }
}
