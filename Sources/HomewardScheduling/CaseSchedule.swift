public import HomewardContract
public import HomewardProcessing

/// What the scheduler keeps per case: who to tell, where the case stands,
/// its visit plan, its court orders, and reminders waiting for a caseworker.
/// Timers are derived from it (``timers(policy:)``), so they always agree.
public struct CaseSchedule: Sendable, Hashable {
    /// The caseworker, once known.
    public var caseworkerId: Identifier?
    /// The caseworker's team, once known.
    public var teamId: Identifier?
    /// When the caseworker and team were set (a late, older assignment does not override).
    public var assignedAt: Timestamp?
    /// The case's language (from `case.opened`).
    public var language: Language?
    /// The case's time zone (from `case.opened`).
    public var timezone: TimeZoneName?
    /// Whether the case is closed.
    public var closed = false
    /// When the case was last reopened: a closure older than that (a repeat,
    /// or one arriving late) does not close it again.
    public var reopenedAt: Timestamp?
    /// The last assessed risk level.
    public var riskLevel: RiskLevel?
    /// When it was assessed.
    public var riskAssessedAt: Timestamp?
    /// The case's stage.
    public var stage: CaseStage?
    /// When it entered that stage.
    public var stageSince: Timestamp?
    /// Stage reviews fired (or skipped) since entering the stage.
    public var stageReviewsFired = 0
    /// The visit plan while the child is home.
    public var aftercare: AftercarePlan?
    /// The latest `observedAt` of a risk signal that breaks the quiet before a closure review.
    public var lastSeriousSignal: Timestamp?
    /// The moment of the latest overdue-visit reminder.
    public var lastOverdue: Timestamp?
    /// Court orders with deadlines still ahead.
    public var courtOrders: [CourtOrderTrack] = []
    /// The next court-order timer slot.
    public var nextOrderSlot = 0
    /// Reminders that came due before the caseworker was known.
    public var held: [ReminderDraft] = []

    /// An empty schedule (a case seen for the first time).
    public init() {}

    /// Who handles the case, if the caseworker and team are known.
    public func contact(defaultLanguage: Language) -> CaseContact? {
        guard let caseworkerId, let teamId else { return nil }
        return CaseContact(caseworkerId: caseworkerId, teamId: teamId, language: language ?? defaultLanguage,
                           timezone: timezone ?? .amsterdam)
    }
}

extension CaseSchedule: StateCodable {
    /// The compact changelog encoding.
    public func encode(into writer: inout BinaryWriter) {
        writer.write(caseworkerId) { $0.write($1.rawValue) }
        writer.write(teamId) { $0.write($1.rawValue) }
        writer.write(assignedAt) { $0.write($1) }
        writer.write(language) { $0.write($1.rawValue) }
        writer.write(timezone) { $0.write($1.rawValue) }
        writer.write(closed)
        writer.write(riskLevel) { $0.write($1.rawValue) }
        writer.write(riskAssessedAt) { $0.write($1) }
        writer.write(stage) { $0.write($1.rawValue) }
        writer.write(stageSince) { $0.write($1) }
        writer.write(stageReviewsFired)
        writer.write(aftercare) { writer, plan in
            writer.write(plan.reunifiedAt)
            writer.write(plan.lastVisit)
            writer.write(plan.due)
            writer.write(plan.visitId) { $0.write($1.rawValue) }
            writer.write(plan.scheduled)
            writer.write(plan.dueSoonDone)
            writer.write(plan.overdueFired)
            writer.write(plan.closureCheck) { $0.write($1) }
            writer.write(plan.scheduledAt) { $0.write($1) }
        }
        writer.write(lastSeriousSignal) { $0.write($1) }
        writer.write(lastOverdue) { $0.write($1) }
        writer.write(courtOrders) { writer, order in
            writer.write(order.orderId.rawValue)
            writer.write(order.kind.rawValue)
            writer.write(order.endsAt)
            writer.write(order.slot)
            writer.write(order.done)
        }
        writer.write(nextOrderSlot)
        writer.write(held) { writer, draft in
            writer.write(draft.kind.rawValue)
            writer.write(draft.slot)
            writer.write(draft.scheduledFor)
            writer.write(draft.dueAt)
            writer.write(draft.occurrence)
            writer.write(draft.notify) { $0.write($1.rawValue) }
            writer.write(draft.visitId) { $0.write($1.rawValue) }
            writer.write(draft.orderId) { $0.write($1.rawValue) }
        }
        writer.write(reopenedAt) { $0.write($1) }
    }

    /// Reads the changelog encoding.
    public init(from reader: inout BinaryReader) throws {
        caseworkerId = try reader.readOptional { Identifier(trusted: try $0.readString()) }
        teamId = try reader.readOptional { Identifier(trusted: try $0.readString()) }
        assignedAt = try reader.readOptional { try $0.readTimestamp() }
        language = try reader.readOptional { try $0.readEnum(Language.self) }
        timezone = try reader.readOptional { TimeZoneName(trusted: try $0.readString()) }
        closed = try reader.readBool()
        riskLevel = try reader.readOptional { try $0.readEnum(RiskLevel.self) }
        riskAssessedAt = try reader.readOptional { try $0.readTimestamp() }
        stage = try reader.readOptional { try $0.readEnum(CaseStage.self) }
        stageSince = try reader.readOptional { try $0.readTimestamp() }
        stageReviewsFired = try reader.readInt()
        aftercare = try reader.readOptional { reader in
            var plan = AftercarePlan(reunifiedAt: try reader.readTimestamp(), lastVisit: try reader.readTimestamp(), due: try reader.readTimestamp(),
                                     visitId: try reader.readOptional { Identifier(trusted: try $0.readString()) },
                                     scheduled: try reader.readBool(), dueSoonDone: try reader.readBool(), overdueFired: try reader.readInt(),
                                     closureCheck: try reader.readOptional { try $0.readTimestamp() })
            plan.scheduledAt = try reader.readOptional { try $0.readTimestamp() }
            return plan
        }
        lastSeriousSignal = try reader.readOptional { try $0.readTimestamp() }
        lastOverdue = try reader.readOptional { try $0.readTimestamp() }
        courtOrders = try reader.readArray { reader in
            CourtOrderTrack(orderId: Identifier(trusted: try reader.readString()), kind: try reader.readEnum(CourtOrderKind.self),
                            endsAt: try reader.readTimestamp(), slot: try reader.readInt(), done: try reader.readInt())
        }
        nextOrderSlot = try reader.readInt()
        held = try reader.readArray { reader in
            ReminderDraft(kind: try reader.readEnum(ReminderKind.self), slot: try reader.readString(),
                          scheduledFor: try reader.readTimestamp(), dueAt: try reader.readTimestamp(), occurrence: try reader.readInt(),
                          notify: try reader.readArray { try $0.readEnum(NotifyRole.self) },
                          visitId: try reader.readOptional { Identifier(trusted: try $0.readString()) },
                          orderId: try reader.readOptional { Identifier(trusted: try $0.readString()) })
        }
        reopenedAt = try reader.readOptional { try $0.readTimestamp() }
    }
}

extension BinaryReader {
    /// Reads a contract enum written as its raw value.
    mutating func readEnum<Value: ContractEnum>(_ type: Value.Type) throws -> Value {
        let text = try readString()
        guard let value = Value(rawValue: text) else {
            throw BinaryDecodingError(description: "unknown \(Value.self) \"\(text.prefix(40))\" in stored state")
        }
        return value
    }
}
