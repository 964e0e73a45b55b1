import HomewardContract

/// A court order a case has had.
struct CourtOrderRecord: Sendable {
    /// Its number within the case (for the order id).
    let number: Int
    /// Its kind.
    let kind: CourtOrderKind
    /// When it starts.
    let startsAt: Int64
    /// When it ends.
    let endsAt: Int64
    /// Whether a follow-up order (extension or conversion) was issued.
    var succeeded = false
    /// Whether it has ended (expired, lifted, or ended at closure).
    var ended = false
}
