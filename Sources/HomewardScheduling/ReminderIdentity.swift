public import HomewardContract
import HomewardProcessing

/// Derives reminder ids: `rem-<case>-<slot>`, the same for the same case,
/// kind and schedule slot, whoever derives it and however often. An id
/// that would exceed the contract's 128 characters (a very long case id)
/// becomes `rem-` and a 128-bit hash of that text, still deterministic.
public enum ReminderIdentity {
    /// The id of the reminder for `slot` of `caseId`.
    public static func id(caseId: Identifier, slot: String) -> Identifier {
        DerivedIdentifier.make("rem-\(caseId.rawValue)-\(slot)", prefix: "rem-")
    }
}
