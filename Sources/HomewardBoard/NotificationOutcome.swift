public import HomewardContract
public import HomewardNotification

/// What became of the e-mails about one escalation, as `deliveries` last
/// reported it per recipient: sent, deferred until when, failed.
public struct NotificationOutcome: Sendable, Hashable {
    /// The latest report per recipient id.
    public private(set) var latest: [String: Report] = [:]

    /// One recipient's latest report.
    public struct Report: Sendable, Hashable {
        /// What happened.
        public var status: DeliveryStatus
        /// When.
        public var at: Timestamp
        /// `deferred`: until when; a retry or in-doubt resend: the next attempt.
        public var until: Timestamp?
    }

    /// No report yet.
    public init() {}

    /// Takes `report` unless an later one for its recipient is already known.
    public mutating func apply(_ report: DeliveryReport) {
        let key = report.recipientId.rawValue
        if let known = latest[key], known.at > report.at { return }
        latest[key] = Report(status: report.status, at: report.at, until: report.until)
    }

    /// Recipients per status, most telling first: failed, then retrying or
    /// in doubt, deferred (with the earliest `until`), queued, sent.
    public var summary: [(status: DeliveryStatus, count: Int, until: Timestamp?)] {
        let order: [DeliveryStatus] = [.failed, .retrying, .inDoubt, .deferred, .queued, .sent, .writtenToFile, .cancelled]
        return order.compactMap { status in
            let reports = latest.values.filter { $0.status == status }
            guard !reports.isEmpty else { return nil }
            return (status, reports.count, reports.compactMap(\.until).min())
        }
    }
}
