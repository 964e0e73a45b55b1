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

    /// Every type by its full CloudEvents type, for the decoder.
    static let byFullTypeBytes = UTF8Names(allCases.map { ($0.cloudEventType, $0) })

    /// Resolves a full CloudEvents type, or explains why it is not understood.
    public static func resolve(_ type: String) throws(ContractMismatch) -> CaseEventType {
        if let known = byFullType[type] { return known }
        let shown = "\"\(type.escapingControlCharacters.prefix(80))\""
        guard type.hasPrefix(prefix), let dot = type.lastIndex(of: "."),
              type.distance(from: type.startIndex, to: dot) > prefix.count,  // a name between prefix and version
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
