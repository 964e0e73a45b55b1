public import HomewardContract

/// The runtime benchmark's worker: for every case event it writes one state
/// value (the last event id and a count) and produces one output record.
/// No rules; it measures the runtime's own cost.
public struct PassThroughWorker: WorkerLogic {
    /// The state kept per case.
    public struct Seen: StateCodable {
        /// The last event's id.
        public var lastEventId: String
        /// Events seen for the case.
        public var count: Int

        /// Appends the encoding.
        public func encode(into writer: inout BinaryWriter) {
            writer.write(lastEventId)
            writer.write(count)
        }

        /// Reads the encoding.
        public init(from reader: inout BinaryReader) throws {
            lastEventId = try reader.readString()
            count = try reader.readInt()
        }

        init(lastEventId: String, count: Int) {
            self.lastEventId = lastEventId
            self.count = count
        }
    }

    /// Creates the worker.
    public init() {}

    /// `passthrough`.
    public var name: String { "passthrough" }
    /// Reads `case-events`.
    public var inputRoles: [TopicRole] { [.caseEvents] }
    /// Keeps `passthrough-state`.
    public var stateRole: TopicRole { "passthrough-state" }
    /// Writes its copies to `passthrough`.
    public static let outputRole: TopicRole = "passthrough"

    /// One state write and one output per event.
    public func handle(_ input: CaseEvent, state: Seen?, timers: [DurableTimer], now: Timestamp) -> Effects<Seen> {
        let count = (state?.count ?? 0) + 1
        let id = "passthrough/" + input.id.rawValue
        let value = JSONObjectWriter.cloudEvent(id: id, source: "/homeward/passthrough", type: "org.homeward.passthrough.v1",
                                                time: input.time, subject: input.key, dataCapacity: 32) { $0.member("count", count) }
        return Effects(
            outputs: [OutputRecord(topicRole: Self.outputRole, key: input.key, id: id, time: input.time, value: value)],
            state: .set(Seen(lastEventId: input.id.rawValue, count: count)))
    }

    /// Never sets timers.
    public func fire(_ timer: DurableTimer, key: String, state: Seen?, timers: [DurableTimer], now: Timestamp) -> Effects<Seen> {
        .none
    }
}
