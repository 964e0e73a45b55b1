public import HomewardContract
public import HomewardProcessing

/// What the scheduler keeps per case: who to tell, where the case stands,
/// its visit plan, its court orders, and reminders waiting for a caseworker.
/// Timers are derived from it (``timers(policy:)``), so they always agree.
public struct CaseSchedule: Sendable, Hashable {
    /// Who handles the case, as far as known.
    public var contact = KnownContact()
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
    /// The latest orders that ended (at most ``endedOrdersKept``).
    public var endedOrders: [Identifier] = []
    /// How many ended orders are remembered.
    public static let endedOrdersKept = 8
    /// Reminders that came due before the caseworker was known.
    public var held: [ReminderDraft] = []

    /// An empty schedule (a case seen for the first time).
    public init() {}

    /// Who handles the case, if the caseworker and team are known.
    public func contact(defaultLanguage: Language) -> CaseContact? {
        contact.contact(defaultLanguage: defaultLanguage)
    }
}

extension CaseSchedule: StateCodable {
    /// The compact changelog encoding.
    public func encode(into writer: inout BinaryWriter) {
        contact.encode(into: &writer)
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
        writer.write(endedOrders) { $0.write($1.rawValue) }
    }

    /// Reads the changelog encoding.
    public init(from reader: inout BinaryReader) throws {
        contact = try KnownContact(from: &reader)
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
        endedOrders = try reader.readArray { Identifier(trusted: try $0.readString()) }
    }
}
