import Synchronization

/// What the sink SMTP server accepted, and when: for each message, the
/// instant its reply to the final dot went out (on the bench's clock) and
/// the header values that name it. Shared by the server's connections and
/// the bench.
final class SMTPSinkLog: Sendable {
    /// One accepted message.
    struct Entry: Sendable {
        /// When the server sent its reply to the final dot.
        var acceptedAt: ContinuousClock.Instant
        /// Its `X-Homeward-Notification` values.
        var notificationIds: [String]
    }

    private let entries = Mutex<[Entry]>([])
    private let accepted = Atomic<Int>(0)

    /// Adds a message accepted at `instant`.
    func record(_ headers: SMTPSinkSession.AcceptedHeaders, at instant: ContinuousClock.Instant) {
        let entry = Entry(acceptedAt: instant, notificationIds: headers.notificationIds)
        entries.withLock { $0.append(entry) }
        accepted.add(1, ordering: .relaxed)
    }

    /// How many messages were accepted so far.
    var count: Int { accepted.load(ordering: .relaxed) }

    /// Every message accepted so far, in the order of acceptance.
    var all: [Entry] { entries.withLock { $0 } }
}
