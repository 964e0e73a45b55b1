public import HomewardContract

/// What became of an e-mail, as `deliveries` reports it
/// (`data.outcome` of `delivery.v1`).
public enum DeliveryStatus: String, ContractEnum {
    /// Handed to the sender: the send has started.
    case queued
    /// Waiting for a moment (`until`): the next digest, or the end of quiet hours.
    case deferred
    /// The mail server accepted it (with its reply and enhanced code).
    case sent
    /// A temporary failure: another attempt follows at `nextAttemptAt`.
    case retrying = "retry-scheduled"
    /// It may or may not have arrived (the connection was lost after the
    /// final dot, or the worker restarted mid-send): sent again with the
    /// same Message-ID.
    case inDoubt = "in-doubt"
    /// No longer sent: its escalation was acknowledged or resolved, or a
    /// newer notification of the same escalation replaced it.
    case cancelled
    /// A permanent failure, or retries exhausted: its notifications go to dead-letter.
    case failed
    /// The file transport wrote an `.eml` file (local use).
    case writtenToFile = "written-to-file"
}
