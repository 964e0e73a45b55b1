import HomewardContract

/// The latency of each emergency signal of `bench alert`: from the moment
/// it was meant to be produced to the moment the sink SMTP server accepted
/// the last of its e-mails. A signal leads to one e-mail per person it
/// tells; it counts only once every one of them was accepted, else it is
/// incomplete. An e-mail is matched to its signal's case through the
/// notification it carries; one accepted twice (an in-doubt resend) counts once.
struct AlertLatencies {
    /// A signal produced: when it was meant to go, and how many e-mails it must lead to.
    struct Signal {
        var sentAt: ContinuousClock.Instant
        var emails: Int
    }

    /// The complete signals' latencies.
    private(set) var histogram = LatencyHistogram()
    /// Signals some of whose e-mails were not accepted.
    private(set) var incomplete = 0
    /// The e-mails the signals must lead to.
    private(set) var emailsExpected = 0
    /// Those of them the sink accepted.
    private(set) var emailsAccepted = 0

    /// Joins `signals`, by case, with the messages the sink accepted;
    /// `caseOfNotification` names the case of each notification id.
    init(signals: [Identifier: Signal], accepted: [SMTPSinkLog.Entry], caseOfNotification: [String: Identifier]) {
        var delivered: [Identifier: (notifications: Set<String>, last: ContinuousClock.Instant)] = [:]
        for entry in accepted {
            for id in entry.notificationIds {
                guard let caseId = caseOfNotification[id], signals[caseId] != nil else { continue }
                var seen = delivered[caseId] ?? ([], entry.acceptedAt)
                seen.notifications.insert(id)
                seen.last = max(seen.last, entry.acceptedAt)
                delivered[caseId] = seen
            }
        }
        for (caseId, signal) in signals {
            let emails = delivered[caseId]
            emailsExpected += signal.emails
            emailsAccepted += min(signal.emails, emails?.notifications.count ?? 0)
            if let emails, emails.notifications.count >= signal.emails {
                histogram.record(emails.last - signal.sentAt)
            } else {
                incomplete += 1
            }
        }
    }
}
