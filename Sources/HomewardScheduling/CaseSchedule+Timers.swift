public import HomewardContract
public import HomewardProcessing

/// The ids of the scheduler's timers within a case (short, so they are
/// stored inline).
enum ScheduleTimer {
    static let dueSoon = "soon"
    static let overdue = "over"
    static let closure = "close"
    static let stageReview = "stage"
    static let orderPrefix = "o"
}

extension CaseSchedule {
    /// The timers this schedule needs: one per pending reminder series.
    public func timers(policy: SchedulePolicy) -> [DurableTimer] {
        guard !closed else { return [] }
        var timers: [DurableTimer] = []
        if let plan = aftercare {
            let rules = policy.aftercare
            if !plan.dueSoonDone { timers.append(DurableTimer(id: ScheduleTimer.dueSoon, due: plan.due - rules.dueSoon.before)) }
            let overdueAt = plan.due + rules.overdue.after + PolicyDuration(milliseconds: Int64(plan.overdueFired) * rules.overdue.repeatEvery.milliseconds)
            timers.append(DurableTimer(id: ScheduleTimer.overdue, due: overdueAt))
            if let check = plan.closureCheck { timers.append(DurableTimer(id: ScheduleTimer.closure, due: check)) }
        }
        if let review = policy.review(of: stage), let since = stageSince {
            let next = since + PolicyDuration(milliseconds: Int64(stageReviewsFired + 1) * review.every.milliseconds)
            timers.append(DurableTimer(id: ScheduleTimer.stageReview, due: next))
        }
        for order in courtOrders {
            guard let (moments, _) = policy.orderReminders(for: order.kind), order.done < moments.count else { continue }
            timers.append(DurableTimer(id: ScheduleTimer.orderPrefix + String(order.slot), due: order.endsAt - moments[order.done].before))
        }
        return timers
    }

    /// Fires the timer `id` that was due at `due`: returns the reminder it
    /// stands for (if it still stands for one) and moves the series on.
    public mutating func fire(_ id: String, due: Timestamp, policy: SchedulePolicy) -> ReminderDraft? {
        switch id {
        case ScheduleTimer.dueSoon:
            guard var plan = aftercare, !plan.dueSoonDone else { return nil }
            plan.dueSoonDone = true
            aftercare = plan
            return ReminderDraft(kind: .visitDueSoon, slot: "visit-\(plan.due.compact)-due-soon-1", scheduledFor: due, dueAt: plan.due,
                                 occurrence: 1, notify: policy.aftercare.dueSoon.notify, visitId: plan.visitId)
        case ScheduleTimer.overdue:
            guard var plan = aftercare else { return nil }
            plan.overdueFired += 1
            aftercare = plan
            lastOverdue = max(lastOverdue ?? due, due)
            let overdue = policy.aftercare.overdue
            let occurrence = plan.overdueFired
            return ReminderDraft(kind: .visitOverdue, slot: "visit-\(plan.due.compact)-overdue-\(occurrence)", scheduledFor: due,
                                 dueAt: plan.due, occurrence: occurrence,
                                 notify: occurrence == 1 ? overdue.notifyFirst : overdue.notifyRepeats, visitId: plan.visitId)
        case ScheduleTimer.closure:
            guard var plan = aftercare, plan.closureCheck != nil else { return nil }
            let review = policy.aftercare.closureReview
            let quietSince = due - review.quietPeriod
            let quiet = !(lastSeriousSignal.map { $0 >= quietSince } ?? false) && !(lastOverdue.map { $0 >= quietSince } ?? false)
            guard quiet else {
                plan.closureCheck = due + review.recheckEvery
                aftercare = plan
                return nil
            }
            plan.closureCheck = nil
            aftercare = plan
            return ReminderDraft(kind: .closureReviewDue, slot: "closure-\(plan.reunifiedAt.compact)-1", scheduledFor: due, dueAt: due,
                                 occurrence: 1, notify: review.notify)
        case ScheduleTimer.stageReview:
            guard let review = policy.review(of: stage), let since = stageSince, !closed else { return nil }
            stageReviewsFired += 1
            let name = review.kind == .reassessmentDue ? "reassessment" : "plan-review"
            return ReminderDraft(kind: review.kind, slot: "\(name)-\(since.compact)-\(stageReviewsFired)", scheduledFor: due, dueAt: due,
                                 occurrence: stageReviewsFired, notify: review.notify)
        default:
            guard id.hasPrefix(ScheduleTimer.orderPrefix), let slot = Int(id.dropFirst(ScheduleTimer.orderPrefix.count)),
                  let index = courtOrders.firstIndex(where: { $0.slot == slot }),
                  let (moments, notify) = policy.orderReminders(for: courtOrders[index].kind),
                  courtOrders[index].done < moments.count else { return nil }
            let order = courtOrders[index]
            let moment = moments[order.done]
            let occurrence = moments[...order.done].filter { $0.kind == moment.kind }.count
            courtOrders[index].done += 1
            let kindName = String(moment.kind.rawValue.dropFirst("court-order-".count))
            return ReminderDraft(kind: moment.kind, slot: "\(order.orderId.rawValue)-\(order.endsAt.compact)-\(kindName)-\(occurrence)",
                                 scheduledFor: due, dueAt: order.endsAt - moment.dueBefore, occurrence: occurrence,
                                 notify: notify, orderId: order.orderId)
        }
    }
}

extension Timestamp {
    /// `20260209T1400Z`: UTC, compact, for schedule slots in ids (seconds
    /// and milliseconds only when present).
    var compact: String {
        var bytes = Array(rfc3339.utf8)
        bytes.removeAll { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ":") }
        if bytes.count >= 3, bytes[(bytes.count - 3)...].elementsEqual("00Z".utf8), !bytes.contains(UInt8(ascii: ".")) {
            bytes.removeSubrange((bytes.count - 3)..<(bytes.count - 1))  // the seconds, when zero
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
