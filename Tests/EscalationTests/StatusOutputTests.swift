import HomewardContract
import HomewardEscalation
import HomewardProcessing
import Testing

@Suite("escalation-status: each case's open escalation, and the state that remembers its count and first raise")
struct StatusOutputTests {
    static func statuses(_ run: EscalatorRun) throws -> [CaseEscalationStatus?] {
        try run.statusRecords.map { record in
            record.isTombstone ? nil : try record.value.withUnsafeBytes { bytes throws(EventRejection) in try CaseEscalationStatus(decoding: bytes) }
        }
    }

    @Test("every escalation event is followed by the case's status record; the resolution by a tombstone")
    func statusPerEvent() throws {
        let inputs = try BusyHistory.withResponses()
        let run = try run(inputs, until: day(120))
        let statuses = try Self.statuses(run)
        #expect(statuses.count == run.escalations.count)
        for (event, status) in zip(run.escalations, statuses) {
            guard event.status != .resolved else {
                #expect(status == nil, "resolved \(event.escalationId): a tombstone")
                continue
            }
            let record = try #require(status)
            #expect(record.escalationId == event.escalationId && record.caseId == event.caseId && record.level == event.level)
            #expect(record.lastChange == event.status && record.step == event.step && record.respondBy == event.respondBy)
            if event.status == .acknowledged { #expect(record.acknowledged) }
            if event.status == .raised || event.status == .levelRaised { #expect(!record.acknowledged) }
            #expect(record.changedAt == event.time && record.raisedAt <= record.levelRaisedAt)
            #expect(record.evidenceCount >= event.evidence.count && record.teamId == event.contact.teamId)
        }
        #expect(zip(run.statusRecords, run.escalations).allSatisfy { $0.key == $1.caseId.rawValue })
    }

    @Test("the evidence count goes past the evidence kept, and the first raise stays when the level rises")
    func countAndFirstRaise() throws {
        let signals = (0..<(CaseEscalations.evidenceKept + 8)).map { signal(severity: 2, at: day($0)) }
        let run = try run([opened(at: day(0))] + signals + [signal(.childRanAway, severity: 2, at: day(60))])
        let last = try #require(try Self.statuses(run).last ?? nil)
        #expect(last.evidenceCount > CaseEscalations.evidenceKept)
        #expect(last.level == .urgent)
        #expect(last.raisedAt < last.levelRaisedAt, "first raised \(last.raisedAt), this level since \(last.levelRaisedAt)")
    }

    @Test("a state of format 1 reads with the evidence kept as its count and the level's raise as its first; it is written as format 2")
    func migratesFormat1() throws {
        let raised = Timestamp(millisecondsSinceEpoch: 1_767_225_600_000)
        var old = BinaryWriter()
        KnownContact().encode(into: &old)
        old.write(false)
        old.write(Timestamp?.none) { $0.write($1) }
        old.write([String]()) { $0.write($1) }
        old.write([String]()) { $0.write($1) }
        old.write(Timestamp?.none) { $0.write($1) }
        old.write(true)  // an open escalation, as format 1 wrote it
        old.write("esc-1")
        old.write(EscalationLevel.urgent.rawValue)
        old.write(raised)
        old.write(Timestamp?.some(raised.adding(hours: 24))) { $0.write($1) }
        old.write(false)
        old.write(1)
        old.write(["child-safety-event"]) { $0.write($1) }
        old.write(["sig-1", "sig-2"]) { $0.write($1) }
        var reader = BinaryReader(old.bytes)
        let state = try CaseEscalations(from: &reader, formatVersion: 1)
        let open = try #require(state.open)
        #expect(open.evidenceCount == 2 && open.firstRaisedAt == raised && open.step == 1 && open.level == .urgent)
        var again = BinaryWriter()
        state.encode(into: &again)
        var current = BinaryReader(again.bytes)
        #expect(try CaseEscalations(from: &current) == state)
        #expect(CaseEscalations.formatVersion == 2)
        var future = BinaryReader(again.bytes)
        #expect(throws: (any Error).self) { try CaseEscalations(from: &future, formatVersion: 3) }
    }
}
