import HomewardContract
import HomewardProcessing

extension NotificationDelivery {
    /// Starts the first attempt of a new e-mail: recorded as sending, handed
    /// to the runtime, reported queued.
    func start(_ content: EmailContent, emailId: String, in deliveries: inout RecipientDeliveries, _ step: inout Step) {
        let email = RecipientDeliveries.Email(emailId: emailId, messageId: MessageIdentity.messageId(emailId: emailId, domain: policy.messageIdDomain),
                                              content: content, attempt: 1, firstAttemptAt: step.now, phase: .sending(since: step.now))
        guard send(email, &step) else {
            deliveries.settle(email.notificationIds, at: step.now)
            return
        }
        deliveries.emails.append(email)
        report(.queued, emailId: emailId, notifications: email.content.notifications, messageId: email.messageId, attempt: 1, &step)
    }

    /// Renders `email`'s current attempt and hands it to the runtime; false
    /// (with a failed report and dead letters) when its recipient has left the directory.
    @discardableResult
    func send(_ email: RecipientDeliveries.Email, _ step: inout Step) -> Bool {
        guard let person = directory.person(step.recipientId) else {
            fail(email, reason: "recipient \(step.recipientId) is not in the directory: add them under people", &step)
            return false
        }
        let language = person.language ?? email.content.notifications.first?.language ?? .en
        let timezone = email.content.notifications.first?.timezone ?? person.timezone
        let content = templates.render(email.content, language: language, recipientName: person.name, timezone: timezone)
        step.sends.append(OutgoingEmail(recipientId: step.recipientId, emailId: email.emailId, notificationIds: email.notificationIds,
                                        toName: person.name, toAddress: person.email, messageId: email.messageId, date: step.now,
                                        headers: email.notificationIds.map { EmailHeader(name: EmailHeader.notificationName, value: $0.rawValue) },
                                        content: content, attempt: email.attempt))
        return true
    }

    /// Applies a send's outcome. An outcome of an e-mail no longer on its
    /// way, or of an attempt already superseded (unless it says sent), changes nothing.
    func record(_ outcome: SendOutcome, in deliveries: inout RecipientDeliveries, _ step: inout Step) {
        guard let index = deliveries.emails.firstIndex(where: { $0.messageId == outcome.messageId }) else { return }
        let email = deliveries.emails[index]
        switch outcome.result {
        case .sent(let code, let enhancedCode, let reply):
            deliveries.emails.remove(at: index)
            deliveries.settle(email.notificationIds, at: step.now)
            report(.sent, emailId: email.emailId, notifications: email.content.notifications, messageId: email.messageId, attempt: outcome.attempt,
                   smtpCode: code, enhancedCode: enhancedCode, reply: reply, &step)
        case .writtenToFile:
            deliveries.emails.remove(at: index)
            deliveries.settle(email.notificationIds, at: step.now)
            report(.writtenToFile, emailId: email.emailId, notifications: email.content.notifications, messageId: email.messageId, attempt: outcome.attempt, &step)
        case _ where outcome.attempt != email.attempt:
            return
        case _ where email.cancelled:
            deliveries.emails.remove(at: index)
            deliveries.settle(email.notificationIds, at: step.now)
            report(.cancelled, emailId: email.emailId, notifications: email.content.notifications, messageId: email.messageId, attempt: email.attempt,
                   reason: "its escalation was closed while attempt \(email.attempt) was on its way", &step)
        case .permanentFailure(let code, let enhancedCode, let reason):
            deliveries.emails.remove(at: index)
            deliveries.settle(email.notificationIds, at: step.now)
            fail(email, reason: "permanent failure: \(reason)", smtpCode: code, enhancedCode: enhancedCode, &step)
        case .transientFailure(let code, let enhancedCode, let reason):
            scheduleRetry(at: index, in: &deliveries, status: .retrying, reason: reason, smtpCode: code, enhancedCode: enhancedCode, &step)
        case .inDoubt(let reason):
            deliveries.emails[index].inDoubt = true
            scheduleRetry(at: index, in: &deliveries, status: .inDoubt, reason: reason, smtpCode: nil, enhancedCode: nil, &step)
        }
    }

    /// Waits with backoff before the next attempt, or gives up once the
    /// next attempt would start later than `giveUpAfter` after the first.
    private func scheduleRetry(at index: Int, in deliveries: inout RecipientDeliveries, status: DeliveryStatus, reason: String,
                               smtpCode: Int?, enhancedCode: String?, _ step: inout Step) {
        let email = deliveries.emails[index]
        let next = step.now + policy.retries.wait(after: email.attempt, of: email.emailId)
        guard next <= email.firstAttemptAt + policy.retries.giveUpAfter else {
            deliveries.emails.remove(at: index)
            deliveries.settle(email.notificationIds, at: step.now)
            fail(email, reason: "retries exhausted after \(email.attempt) attempts in \(policy.retries.giveUpAfter): \(reason)",
                 smtpCode: smtpCode, enhancedCode: enhancedCode, &step)
            return
        }
        deliveries.emails[index].phase = .waiting(until: next)
        report(status, emailId: email.emailId, notifications: email.content.notifications, messageId: email.messageId, attempt: email.attempt,
               until: next, smtpCode: smtpCode, enhancedCode: enhancedCode, reason: reason, &step)
    }

    /// An attempt that started has no outcome: sent again now with the same
    /// Message-ID, reported in doubt; or, when that attempt itself started
    /// after `giveUpAfter` had passed since the first, failed (false: the
    /// caller removes it). The lost attempt's start decides, not `now`: on
    /// stream time the partition's clock runs on while a send is on its way.
    func resendInDoubt(_ email: inout RecipientDeliveries.Email, why: String, _ step: inout Step) -> Bool {
        guard case .sending(let since) = email.phase, since <= email.firstAttemptAt + policy.retries.giveUpAfter else {
            fail(email, reason: "\(why): attempt \(email.attempt) has no outcome, and retries are exhausted after \(policy.retries.giveUpAfter)", &step)
            return false
        }
        email.attempt += 1
        email.inDoubt = true
        email.phase = .sending(since: step.now)
        report(.inDoubt, emailId: email.emailId, notifications: email.content.notifications, messageId: email.messageId, attempt: email.attempt,
               reason: "\(why): attempt \(email.attempt - 1) has no outcome; sent again with the same Message-ID", &step)
        return send(email, &step)
    }

    /// Reports `email` failed and dead-letters its notifications.
    private func fail(_ email: RecipientDeliveries.Email, reason: String, smtpCode: Int? = nil, enhancedCode: String? = nil, _ step: inout Step) {
        report(.failed, emailId: email.emailId, notifications: email.content.notifications, messageId: email.messageId, attempt: email.attempt,
               smtpCode: smtpCode, enhancedCode: enhancedCode, reason: reason, &step)
        let reason = DeliveryReport.withoutAddresses(reason, limit: 500)  // a server's reply may echo the address
        step.deadLetters += email.content.notifications.map { DeliveryDeadLetter(notification: $0, reason: reason) }
    }

    /// Adds a report of `status` to `step`.
    func report(_ status: DeliveryStatus, emailId: String, notifications: [StaffNotification], messageId: String, attempt: Int,
                until: Timestamp? = nil, smtpCode: Int? = nil, enhancedCode: String? = nil, reply: String? = nil, reason: String? = nil,
                _ step: inout Step) {
        step.reports.append(DeliveryReport(emailId: emailId, recipientId: step.recipientId, notifications: notifications, messageId: messageId,
                                           status: status, attempt: attempt, at: step.now, until: until, smtpCode: smtpCode,
                                           enhancedCode: enhancedCode, reply: reply, reason: reason))
    }
}
