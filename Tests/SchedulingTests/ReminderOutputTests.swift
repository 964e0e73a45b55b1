import Foundation
import HomewardContract
import HomewardProcessing
import HomewardScheduling
import Testing

@Suite("Reminder events: envelope, identity, decoding")
struct ReminderOutputTests {
    @Test("a reminder is an org.homeward.reminder.v1 CloudEvent about the case, timed at the moment it was scheduled for")
    func envelope() throws {
        let run = try replay(openedAndReunified(), until: day(5))
        let record = try #require(run.records.first)
        let reminder = try decodedReminder(record)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(record.value)) as? [String: Any])
        #expect(json["type"] as? String == "org.homeward.reminder.v1")
        #expect(json["subject"] as? String == ScheduleFixture.caseId.rawValue)
        #expect(json["time"] as? String == day(5).rfc3339)
        #expect(json["id"] as? String == reminder.reminderId.rawValue)
        #expect(record.topicRole == SchedulerWorker.outputRole)
        #expect(record.key == ScheduleFixture.caseId.rawValue)
        #expect(record.id == reminder.reminderId.rawValue)
        #expect(record.time == day(5))
    }

    @Test("each reminder record is counted by its kind")
    func countedByKind() throws {
        let history = openedAndReunified() + [courtOrderIssued("order-000001-1", .voorlopigeOTS, endsAt: day(60), at: day(1))]
        let run = try replay(history, until: day(60))
        try #require(Set(run.reminders.map(\.kind)).count > 1)
        for record in run.records {
            #expect(record.metric == .reminder(try decodedReminder(record).kind))
        }
    }

    @Test("the same case and slot give the same reminder id; another slot or case another id")
    func identityIsDeterministic() {
        let id = ReminderIdentity.id(caseId: "case-000001", slot: "visit-20260309T0900Z-due-soon-1")
        #expect(id == ReminderIdentity.id(caseId: "case-000001", slot: "visit-20260309T0900Z-due-soon-1"))
        #expect(id != ReminderIdentity.id(caseId: "case-000001", slot: "visit-20260309T0900Z-overdue-1"))
        #expect(id != ReminderIdentity.id(caseId: "case-000002", slot: "visit-20260309T0900Z-due-soon-1"))
    }

    @Test("reminder ids come from the slot text: visit due time and order end in compact UTC, seconds only when not zero (ids must not change between versions)")
    func slotTextIsStable() throws {
        let end = day(60).adding(milliseconds: 30_500)  // 2026-05-01T09:00:30.500Z
        let history = openedAndReunified() + [courtOrderIssued("order-000001-1", .voorlopigeOTS, endsAt: end, at: day(1))]
        let reminders = try replay(history, until: day(50)).reminders
        let dueSoon = try #require(reminders.first { $0.kind == .visitDueSoon })
        #expect(dueSoon.reminderId == ReminderIdentity.id(caseId: ScheduleFixture.caseId, slot: "visit-20260309T0900Z-due-soon-1"))
        let expiring = try #require(reminders.first { $0.kind == .courtOrderExpiring })
        #expect(expiring.reminderId == ReminderIdentity.id(caseId: ScheduleFixture.caseId, slot: "order-000001-1-20260501T090030.500Z-expiring-1"))
    }

    @Test("a reminder id stays within 128 characters for a 120-character case id, and stays deterministic")
    func identityOfLongCaseId() {
        let caseId = Identifier(trusted: String(repeating: "c", count: 120))
        let id = ReminderIdentity.id(caseId: caseId, slot: "visit-20260309T0900Z-overdue-2")
        #expect(id.rawValue.count <= Identifier.maxLength)
        #expect(id == ReminderIdentity.id(caseId: caseId, slot: "visit-20260309T0900Z-overdue-2"))
        #expect(id != ReminderIdentity.id(caseId: caseId, slot: "visit-20260309T0900Z-overdue-3"))
    }

    @Test("the replay of the same history gives every reminder the same id, and different reminders different ids")
    func replayIdsAreStable() throws {
        let history = openedAndReunified() + [courtOrderIssued("order-000001-1", .voorlopigeOTS, endsAt: day(60), at: day(1))]
        let first = try replay(history, until: day(60)).reminders.map(\.reminderId)
        let second = try replay(history, until: day(60)).reminders.map(\.reminderId)
        #expect(first.count > 5)
        #expect(first == second)
        #expect(Set(first).count == first.count)
    }

    @Test("every reminder of a simulated history of many cases decodes as a reminder.v1 event")
    func simulatedHistoryDecodes() throws {
        var simulation = SimulatedHistory(seed: 7)
        let (events, last) = simulation.events(cases: 60)
        let run = try replay(events, until: last.adding(days: 400), partitions: 4)
        try #require(run.records.count > 500)
        for record in run.records {
            let reminder = try decodedReminder(record)
            #expect(record.key == reminder.caseId.rawValue)
            #expect(record.id == reminder.reminderId.rawValue)
            #expect(record.time == reminder.scheduledFor)
        }
        #expect(Set(run.reminders.map(\.kind)) == Set(ReminderKind.allCases))
    }

    @Test("a case's schedule survives its changelog encoding unchanged")
    func stateRoundTrip() throws {
        let policy = try ScheduleFixture.policy()
        var schedule = CaseSchedule()
        schedule.contact.caseworkerId = ScheduleFixture.caseworker
        schedule.contact.teamId = ScheduleFixture.team
        schedule.contact.assignedAt = day(-60)
        schedule.contact.language = .en
        schedule.contact.timezone = TimeZoneName(trusted: "Europe/Brussels")
        schedule.riskLevel = .medium
        schedule.riskAssessedAt = day(3)
        schedule.stage = .reunified
        schedule.stageSince = day(0)
        schedule.stageReviewsFired = 2
        schedule.reopenedAt = day(-1)
        schedule.aftercare = AftercarePlan(reunifiedAt: day(0), lastVisit: day(15), due: day(22), visitId: "visit-000001-002",
                                           scheduled: true, scheduledAt: day(16), dueSoonDone: true, overdueFired: 1, closureCheck: day(365))
        schedule.lastSeriousSignal = day(30)
        schedule.lastOverdue = day(10)
        schedule.courtOrders = [CourtOrderTrack(orderId: "order-000001-1", kind: .machtigingUithuisplaatsing, endsAt: day(150), slot: 3, done: 1)]
        schedule.nextOrderSlot = 4
        schedule.held = [ReminderDraft(kind: .courtOrderExtensionDecision, slot: "order-000001-1-20260730T0900Z-extension-decision-1",
                                       scheduledFor: day(66), dueAt: day(94), occurrence: 1, notify: [.caseworker, .supervisor],
                                       orderId: "order-000001-1")]
        let record = KeyRecord(state: schedule, timers: schedule.timers(policy: policy))
        #expect(try KeyRecord<CaseSchedule>(encoded: record.encoded()) == record)
        #expect(try KeyRecord<CaseSchedule>(encoded: KeyRecord(state: CaseSchedule()).encoded()).state == CaseSchedule())
    }
}
