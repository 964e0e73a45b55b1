import HomewardContract
import HomewardProcessing

extension NotificationDelivery {
    /// A notification arrives: dropped if known, a cancellation applied,
    /// else sent, deferred or added to the digest as the policy says.
    func receive(_ notification: StaffNotification, into deliveries: inout RecipientDeliveries, _ step: inout Step) {
        guard notification.recipientId == step.recipientId else {
            step.deadLetters.append(DeliveryDeadLetter(notification: notification,
                                                       reason: "notification for \(notification.recipientId) read under key \(step.recipientId): the fan-out keys notifications by recipient"))
            return
        }
        guard !deliveries.knows(notification.notificationId) else { return }
        if notification.isCancellation, let escalationId = notification.escalationId {
            cancel(escalationId, reason: notification.escalationStatus?.rawValue ?? "cancelled", in: &deliveries, &step)
            deliveries.settle([notification.notificationId], at: step.now)
            return
        }
        let timing = policy.timing(of: notification)
        guard timing != .never else {
            deliveries.settle([notification.notificationId], at: step.now)
            return
        }
        guard timing == .digest || TemplateKind(of: .single(notification)) != nil else {
            step.deadLetters.append(DeliveryDeadLetter(notification: notification,
                                                       reason: "kind \(notification.kind) (\(notification.sourceType.rawValue)) has no template: expected a reminder kind or an escalation level this build knows"))
            return
        }
        guard directory.person(notification.recipientId) != nil else {
            step.deadLetters.append(DeliveryDeadLetter(notification: notification,
                                                       reason: "recipient \(notification.recipientId) is not in the directory: add them under people"))
            return
        }
        if let escalationId = notification.escalationId {
            cancel(escalationId, reason: "superseded by \(notification.notificationId)", in: &deliveries, &step, deferredOnly: true)
        }
        let calendar = LocalCalendar(zone: notification.timezone)
        switch timing {
        case .digest:
            if deliveries.digest.isEmpty || deliveries.digestAt == nil {
                deliveries.digestAt = calendar.nextDigest(after: step.now, policy.digest)
            }
            deliveries.digest.append(notification)
            let digestAt = deliveries.digestAt!
            let digestId = MessageIdentity.digestId(recipientId: step.recipientId, at: digestAt)
            step.reports.append(DeliveryReport(emailId: notification.notificationId.rawValue, recipientId: step.recipientId,
                                               notifications: [notification],
                                               messageId: MessageIdentity.messageId(emailId: digestId, domain: policy.messageIdDomain),
                                               status: .deferred, attempt: 1, at: step.now, until: digestAt, reason: "digest"))
        case .atOnce where calendar.isQuiet(step.now, policy.quietHours):
            hold(notification, until: calendar.endOfQuiet(after: step.now, policy.quietHours), into: &deliveries, &step)
        case .atOnce, .alwaysAtOnce, .never:
            start(.single(notification), emailId: notification.notificationId.rawValue, in: &deliveries, &step)
        }
    }

    /// Holds `notification` until `until` (the end of quiet hours).
    private func hold(_ notification: StaffNotification, until: Timestamp, into deliveries: inout RecipientDeliveries, _ step: inout Step) {
        deliveries.deferred.append(RecipientDeliveries.Deferred(notification: notification, until: until))
        let emailId = notification.notificationId.rawValue
        step.reports.append(DeliveryReport(emailId: emailId + "-\(until.millisecondsSinceEpoch)", recipientId: step.recipientId,
                                           notifications: [notification],
                                           messageId: MessageIdentity.messageId(emailId: emailId, domain: policy.messageIdDomain),
                                           status: .deferred, attempt: 1, at: step.now, until: until, reason: "quiet-hours"))
    }

    /// Cancels what of `escalationId` has not gone out: deferred
    /// notifications, and (unless `deferredOnly`) e-mails waiting for a
    /// retry; an e-mail on its way is not retried if it fails.
    private func cancel(_ escalationId: Identifier, reason: String, in deliveries: inout RecipientDeliveries, _ step: inout Step,
                        deferredOnly: Bool = false) {
        for item in deliveries.deferred where item.notification.escalationId == escalationId {
            report(.cancelled, emailId: item.notification.notificationId.rawValue, notifications: [item.notification],
                   messageId: MessageIdentity.messageId(emailId: item.notification.notificationId.rawValue, domain: policy.messageIdDomain),
                   attempt: 1, reason: reason, &step)
            deliveries.settle([item.notification.notificationId], at: step.now)
        }
        deliveries.deferred.removeAll { $0.notification.escalationId == escalationId }
        guard !deferredOnly else { return }
        func carries(_ email: RecipientDeliveries.Email) -> Bool {
            guard case .single(let notification) = email.content else { return false }
            return notification.escalationId == escalationId
        }
        for index in deliveries.emails.indices where carries(deliveries.emails[index]) {
            deliveries.emails[index].cancelled = true  // an attempt on its way is not retried
        }
        let cancelled = deliveries.emails.filter { email in
            guard case .waiting = email.phase else { return false }
            return carries(email)
        }
        for email in cancelled {
            report(.cancelled, emailId: email.emailId, notifications: email.content.notifications, messageId: email.messageId, attempt: email.attempt + 1,
                   reason: reason, &step)
            deliveries.settle(email.notificationIds, at: step.now)
        }
        deliveries.emails.removeAll { email in cancelled.contains { $0.emailId == email.emailId } }
    }

    /// The digest's moment came: one e-mail with every item, unless it is quiet hours then.
    func sendDigest(_ deliveries: inout RecipientDeliveries, _ step: inout Step) {
        guard let first = deliveries.digest.first, let digestAt = deliveries.digestAt, digestAt <= step.now else { return }
        let calendar = LocalCalendar(zone: first.timezone)
        if calendar.isQuiet(step.now, policy.quietHours) {
            deliveries.digestAt = calendar.nextDigest(after: step.now, policy.digest)
            return
        }
        let items = deliveries.digest.sorted {
            ($0.dueAt ?? Timestamp(millisecondsSinceEpoch: .max), $0.caseId, $0.notificationId)
                < ($1.dueAt ?? Timestamp(millisecondsSinceEpoch: .max), $1.caseId, $1.notificationId)
        }
        deliveries.digest = []
        deliveries.digestAt = nil
        start(.digest(items), emailId: MessageIdentity.digestId(recipientId: step.recipientId, at: digestAt), in: &deliveries, &step)
    }

    /// Deferred notifications whose moment came go, each in its own e-mail
    /// (again deferred if the timer fired late, into new quiet hours).
    func sendDeferred(_ deliveries: inout RecipientDeliveries, _ step: inout Step) {
        let due = deliveries.deferred.filter { $0.until <= step.now }
        deliveries.deferred.removeAll { $0.until <= step.now }
        for item in due {
            let calendar = LocalCalendar(zone: item.notification.timezone)
            if policy.timing(of: item.notification) == .atOnce, calendar.isQuiet(step.now, policy.quietHours) {
                hold(item.notification, until: calendar.endOfQuiet(after: step.now, policy.quietHours), into: &deliveries, &step)
            } else {
                start(.single(item.notification), emailId: item.notification.notificationId.rawValue, in: &deliveries, &step)
            }
        }
    }

    /// E-mails whose retry moment came start their next attempt.
    func retry(_ deliveries: inout RecipientDeliveries, _ step: inout Step) {
        for index in deliveries.emails.indices {
            guard case .waiting(let until) = deliveries.emails[index].phase, until <= step.now else { continue }
            deliveries.emails[index].attempt += 1
            deliveries.emails[index].phase = .sending(since: step.now)
            send(deliveries.emails[index], &step)
        }
    }
}
