public import HomewardContract
public import HomewardProcessing

/// What the escalator keeps per case: who to tell, whether the case is
/// closed, the recent serious signals (for the sliding window), the run of
/// visits without seeing the child alone, and the open escalation.
public struct CaseEscalations: Sendable, Hashable {
    /// At most this many evidence ids are kept on an open escalation (the latest).
    public static let evidenceKept = 32

    /// Who handles the case.
    public var contact = KnownContact()
    /// Whether the case is closed.
    public var closed = false
    /// When it was last closed or reopened (a late, older change does not override).
    public var closedChangedAt: Timestamp?
    /// Serious signals within the window of the latest one: id and `observedAt`.
    public var recentSignals: [RecentSignal] = []
    /// Completed visits in a row without seeing the child alone: their ids
    /// (the latest `child-not-seen-alone.count`, the evidence the rule cites).
    public var visitsNotAlone: [String] = []
    /// The latest completed visit applied (an older one arriving late is ignored).
    public var lastVisitAt: Timestamp?
    /// The open escalation, if any.
    public var open: OpenEscalation?

    /// A signal counted by the sliding window.
    public struct RecentSignal: Sendable, Hashable {
        /// Unique per signal (a visit concern: visit id and category).
        public var id: String
        /// The id to cite as evidence (the signal's, or the visit's).
        public var evidence: String
        /// When it was observed.
        public var observedAt: Timestamp
    }

    /// Nothing known yet.
    public init() {}
}

extension CaseEscalations: StateCodable {
    /// 2: an open escalation also keeps its evidence count and when it was first raised.
    public static var formatVersion: Int { 2 }

    /// The compact changelog encoding.
    public func encode(into writer: inout BinaryWriter) {
        contact.encode(into: &writer)
        writer.write(closed)
        writer.write(closedChangedAt) { $0.write($1) }
        writer.write(recentSignals) { writer, signal in
            writer.write(signal.id)
            writer.write(signal.evidence)
            writer.write(signal.observedAt)
        }
        writer.write(visitsNotAlone) { $0.write($1) }
        writer.write(lastVisitAt) { $0.write($1) }
        writer.write(open) { writer, open in
            writer.write(open.id.rawValue)
            writer.write(open.level.rawValue)
            writer.write(open.raisedAt)
            writer.write(open.respondBy) { $0.write($1) }
            writer.write(open.acknowledged)
            writer.write(open.step)
            writer.write(open.reasons) { $0.write($1) }
            writer.write(open.evidence) { $0.write($1) }
            writer.write(open.evidenceCount)
            writer.write(open.firstRaisedAt)
        }
    }

    /// Reads the current changelog encoding.
    public init(from reader: inout BinaryReader) throws {
        try self.init(from: &reader, formatVersion: Self.formatVersion)
    }

    /// Reads format 1 (no evidence count, no first raise: the evidence kept
    /// and the current level's raise stand in) or format 2.
    public init(from reader: inout BinaryReader, formatVersion: Int) throws {
        guard (1...Self.formatVersion).contains(formatVersion) else {
            throw BinaryDecodingError(description: "escalator state format \(formatVersion); this build reads formats 1...\(Self.formatVersion)")
        }
        contact = try KnownContact(from: &reader)
        closed = try reader.readBool()
        closedChangedAt = try reader.readOptional { try $0.readTimestamp() }
        recentSignals = try reader.readArray { RecentSignal(id: try $0.readString(), evidence: try $0.readString(), observedAt: try $0.readTimestamp()) }
        visitsNotAlone = try reader.readArray { try $0.readString() }
        lastVisitAt = try reader.readOptional { try $0.readTimestamp() }
        open = try reader.readOptional { reader in
            var open = OpenEscalation(id: Identifier(trusted: try reader.readString()), level: try reader.readEnum(EscalationLevel.self),
                                      raisedAt: try reader.readTimestamp(), respondBy: try reader.readOptional { try $0.readTimestamp() },
                                      acknowledged: try reader.readBool(), step: try reader.readInt(),
                                      reasons: try reader.readArray { try $0.readString() }, evidence: try reader.readArray { try $0.readString() })
            if formatVersion >= 2 {
                open.evidenceCount = try reader.readInt()
                open.firstRaisedAt = try reader.readTimestamp()
            }
            return open
        }
    }
}
