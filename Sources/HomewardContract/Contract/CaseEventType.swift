/// The input event types on `case-events`, without prefix and version.
public enum CaseEventType: String, CaseIterable, Sendable, Hashable {
    case caseOpened = "case.opened"
    case caseStageChanged = "case.stage-changed"
    case caseReunified = "case.reunified"
    case caseworkerAssigned = "case.caseworker-assigned"
    case riskLevelAssessed = "case.risk-level-assessed"
    case visitScheduled = "visit.scheduled"
    case visitCompleted = "visit.completed"
    case visitMissed = "visit.missed"
    case riskSignalReported = "risk.signal-reported"
    case courtOrderIssued = "court-order.issued"
    case courtOrderEnded = "court-order.ended"
    case escalationAcknowledged = "escalation.acknowledged"
    case escalationResolved = "escalation.resolved"
    case caseClosed = "case.closed"
    case caseReopened = "case.reopened"

    /// The prefix every Homeward type carries.
    public static let prefix = "org.homeward."

    /// The major version this code understands.
    public var majorVersion: Int { 1 }

    /// The full CloudEvents `type`, e.g. `org.homeward.case.opened.v1`.
    public var cloudEventType: String { "\(Self.prefix)\(rawValue).v\(majorVersion)" }

    private static let byFullType: [String: CaseEventType] =
        Dictionary(uniqueKeysWithValues: allCases.map { ($0.cloudEventType, $0) })

    /// Every full type's UTF-8 bytes, for ``known(utf8:)``.
    private static let fullTypeBytes: [(bytes: [UInt8], type: CaseEventType)] = allCases.map { (Array($0.cloudEventType.utf8), $0) }

    /// The type whose full CloudEvents type is exactly `utf8`, if any (the
    /// decoder's path: no string is made or hashed).
    static func known(utf8: UnsafeBufferPointer<UInt8>) -> CaseEventType? {
        for entry in fullTypeBytes where entry.bytes.count == utf8.count {
            if entry.bytes.withUnsafeBufferPointer({ memcmpEqual($0, utf8) }) { return entry.type }
        }
        return nil
    }

    /// Resolves a full CloudEvents type, or explains why it is not understood.
    public static func resolve(_ type: String) throws(ContractMismatch) -> CaseEventType {
        if let known = byFullType[type] { return known }
        let shown = "\"\(type.escapingControlCharacters.prefix(80))\""
        guard type.hasPrefix(prefix), let dot = type.lastIndex(of: "."),
              type[type.index(after: dot)...].hasPrefix("v"),
              case let digits = type[type.index(dot, offsetBy: 2)...],
              !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
              let version = Int(digits) else {
            throw ContractMismatch(expected: "a Homeward input type such as org.homeward.case.opened.v1", found: shown, kind: .unknownType)
        }
        let name = String(type[type.index(type.startIndex, offsetBy: prefix.count)..<dot])
        if let known = CaseEventType(rawValue: name) {
            throw ContractMismatch(
                expected: "major version v\(known.majorVersion) of \(prefix)\(name) (this consumer does not know v\(version))",
                found: shown, kind: .unknownMajorVersion)
        }
        throw ContractMismatch(expected: "a Homeward input type such as org.homeward.case.opened.v1", found: shown, kind: .unknownType)
    }
}
