public import HomewardContract
import HomewardProcessing

extension CaseSchedule {
    /// Applies one case event at `now` (stream or wall time). Each event is
    /// applied by its own time: an older stage, risk assessment or
    /// assignment that arrives late does not override a newer one, and a
    /// moment that has already passed is not reminded about again (only the
    /// latest passed one of a series fires, at once).
    public mutating func apply(_ event: CaseEvent, policy: SchedulePolicy, now: Timestamp) {
        courtOrders.removeAll { $0.endsAt <= now }
        switch event.payload {
        case .caseOpened, .caseworkerAssigned:
            contact.apply(event)
        case .caseStageChanged(let change):
            enter(change.stage, at: change.effectiveAt, policy: policy, now: now)
        case .caseReunified(let reunified):
            enter(.reunified, at: reunified.reunifiedAt, policy: policy, now: now)
        case .riskLevelAssessed(let assessment):
            guard riskAssessedAt.map({ assessment.assessedAt >= $0 }) ?? true else { return }
            riskLevel = assessment.level
            riskAssessedAt = assessment.assessedAt
            if let plan = aftercare, !plan.scheduled {
                setDue(nextVisit(after: plan.lastVisit, policy: policy), visitId: nil, scheduled: false, policy: policy, now: now)
            }
        case .visitScheduled(let visit):
            guard let plan = aftercare, !closed, event.time >= max(plan.lastVisit, plan.scheduledAt ?? plan.lastVisit) else { return }
            setDue(visit.dueAt, visitId: visit.visitId, scheduled: true, policy: policy, now: now)
            aftercare?.scheduledAt = event.time
        case .visitCompleted(let visit):
            guard let plan = aftercare, !closed, visit.completedAt >= plan.lastVisit else { return }
            aftercare?.lastVisit = visit.completedAt
            if let scheduledAt = plan.scheduledAt, scheduledAt > visit.completedAt { return }  // a later visit.scheduled set D
            setDue(nextVisit(after: visit.completedAt, policy: policy), visitId: nil, scheduled: false, policy: policy, now: now)
            aftercare?.scheduledAt = nil
        case .visitMissed:
            break  // recorded on case-events; the visit stays due
        case .riskSignalReported(let signal):
            if signal.severity.value >= policy.aftercare.closureReview.signalSeverityAtLeast {
                lastSeriousSignal = max(lastSeriousSignal ?? signal.observedAt, signal.observedAt)
            }
        case .courtOrderIssued(let order):
            guard reopenedAt.map({ event.time >= $0 }) ?? true else { return }  // the closure before the reopening ended it
            issue(order, policy: policy, now: now)
        case .courtOrderEnded(let ended):
            courtOrders.removeAll { $0.orderId == ended.orderId }
            // Remembered, so that its court-order.issued arriving late sets no reminders.
            if !endedOrders.contains(ended.orderId) { endedOrders = Array((endedOrders + [ended.orderId]).suffix(Self.endedOrdersKept)) }
        case .escalationAcknowledged, .escalationResolved:
            break
        case .caseClosed:
            guard reopenedAt.map({ event.time >= $0 }) ?? true else { return }  // a closure the case was since reopened from
            close(at: event.time)
        case .caseReopened:
            // Only a closed (or unknown) case, and not by a reopening older than its closure: a repeat changes nothing.
            guard closed || stageSince == nil, stageSince.map({ event.time >= $0 }) ?? true else { return }
            reopenedAt = event.time
            closed = false
            stage = nil
            aftercare = nil
            enter(.reunified, at: event.time, policy: policy, now: now)
        }
    }

    /// The case enters `newStage` at `since`.
    mutating func enter(_ newStage: CaseStage, at since: Timestamp, policy: SchedulePolicy, now: Timestamp) {
        if let stageSince, since < stageSince { return }  // older than the stage the case is in
        if newStage == .closed {
            close(at: since)
            return
        }
        guard newStage != stage else { return }  // the same stage again (case.reunified and stage-changed come as a pair)
        stage = newStage
        stageSince = since
        stageReviewsFired = 0
        if let review = policy.review(of: newStage) {
            stageReviewsFired = Self.passedBeforeLatest(first: since + review.every, every: review.every, now: now)
        }
        guard !closed else { return }
        if newStage == .reunified {
            aftercare = AftercarePlan(reunifiedAt: since, lastVisit: since, due: since,
                                      closureCheck: since + policy.aftercare.closureReview.after)
            setDue(nextVisit(after: since, policy: policy), visitId: nil, scheduled: false, policy: policy, now: now, force: true)
        } else {
            aftercare = nil  // the child is no longer home: aftercare visits stop
        }
    }

    private mutating func close(at time: Timestamp) {
        closed = true
        stage = .closed
        stageSince = max(stageSince ?? time, time)
        aftercare = nil
        courtOrders = []
        held = []
    }

    /// D for a visit planned from `lastVisit`: the interval for the time
    /// since reunification at that moment, capped by the risk level.
    func nextVisit(after lastVisit: Timestamp, policy: SchedulePolicy) -> Timestamp {
        let sinceReunification = PolicyDuration(milliseconds: lastVisit.millisecondsSinceEpoch
                                                - (aftercare?.reunifiedAt ?? lastVisit).millisecondsSinceEpoch)
        let intervals = policy.aftercare.intervals
        var interval = (intervals.first { $0.sinceReunificationUnder.map { sinceReunification < $0 } ?? true } ?? intervals[intervals.count - 1]).every
        if let riskLevel, let cap = policy.aftercare.riskCaps[riskLevel] { interval = min(interval, cap) }
        return lastVisit + interval
    }

    /// Sets D. The same D keeps what was already reminded; a new one starts
    /// afresh, skipping a due-soon moment already passed and all but the
    /// latest overdue moment already passed.
    mutating func setDue(_ due: Timestamp, visitId: Identifier?, scheduled: Bool, policy: SchedulePolicy, now: Timestamp,
                         force: Bool = false) {
        guard var plan = aftercare else { return }
        defer { aftercare = plan }
        plan.visitId = visitId
        plan.scheduled = scheduled
        if plan.due == due && !force { return }
        plan.due = due
        plan.dueSoonDone = due - policy.aftercare.dueSoon.before <= now
        let overdue = policy.aftercare.overdue
        plan.overdueFired = Self.passedBeforeLatest(first: due + overdue.after, every: overdue.repeatEvery, now: now)
    }

    /// Of a series of moments `first`, `first + every`, …: how many passed
    /// by `now` except the latest (which still fires).
    static func passedBeforeLatest(first: Timestamp, every: PolicyDuration, now: Timestamp) -> Int {
        guard first <= now else { return 0 }
        let passed = Int((now.millisecondsSinceEpoch - first.millisecondsSinceEpoch) / every.milliseconds) + 1
        return passed - 1
    }

    private mutating func issue(_ order: CourtOrderIssued, policy: SchedulePolicy, now: Timestamp) {
        guard !closed, !endedOrders.contains(order.orderId), let (moments, _) = policy.orderReminders(for: order.kind) else { return }
        if let existing = courtOrders.first(where: { $0.orderId == order.orderId }) {
            if existing.endsAt == order.endsAt && existing.kind == order.kind { return }  // the same order again
            courtOrders.removeAll { $0.orderId == order.orderId }  // a new end (an extension): new reminders
        }
        guard order.endsAt > now else { return }
        let passed = moments.filter { order.endsAt - $0.before <= now }.count
        courtOrders.append(CourtOrderTrack(orderId: order.orderId, kind: order.kind, endsAt: order.endsAt,
                                           slot: nextOrderSlot, done: max(0, passed - 1)))
        nextOrderSlot += 1
    }
}
