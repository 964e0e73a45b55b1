/// The live side of the time-ordered merge (``TimeOrderedMerge``): whether
/// to hold back every record of a partition for one of its inputs that has
/// none buffered.
///
/// Replay knows where each input ends; the live worker does not, so it
/// waits for an input while a record of another input was written after
/// its writer had read further into this one (``ReadPosition``), while the
/// broker has records of it that this partition was not handed yet
/// (fetched into the consumer's buffer counts as not handed), or while that
/// input's end is not known yet (no fetch response has told its high
/// watermark). The first is exact; the high watermark is the one the last
/// fetch response told, which can lag behind the broker after a restart or
/// a rebalance. It gives up after
/// ``maxWait`` of the input lying empty, in case its records vanish (a
/// partition deleted, a broker that does not report watermarks): the merge
/// then goes on without it. Once records of the input are buffered again,
/// the next wait for it starts anew.
struct MergeWaitRule: Sendable {
    /// How long an input is waited for at most.
    static var maxWait: Duration { .seconds(60) }

    /// Per input, since when it lies empty (nil: it has records buffered).
    private var emptySince: [ContinuousClock.Instant?]
    /// Per input, the offset it must have been handed up to (records of
    /// other inputs were written after their writers read that far).
    private var required: [Int64]

    /// A rule for `inputs` inputs, none empty yet.
    init(inputs: Int) {
        emptySince = Array(repeating: nil, count: inputs)
        required = Array(repeating: 0, count: inputs)
    }

    /// A record of another input was written after its writer had read
    /// `input` up to `next` (exclusive): wait for `input` until it is handed that far.
    mutating func requires(_ input: Int, upTo next: Int64) {
        required[input] = max(required[input], next)
    }

    /// `input` has records buffered: its next wait starts anew.
    mutating func refilled(_ input: Int) {
        emptySince[input] = nil
    }

    /// Whether to wait for `input`, which has no record buffered: `handed`
    /// is the offset after the last of its records this partition was
    /// handed, `end` its high watermark on the broker (nil: not known yet).
    mutating func waitFor(_ input: Int, handed: Int64, end: Int64?, now: ContinuousClock.Instant) -> Bool {
        let since = emptySince[input] ?? now
        emptySince[input] = since
        let behind = handed < required[input] || (end.map { handed < $0 } ?? true)
        guard now - since < Self.maxWait else {
            // Given up: a position no record will ever reach (its topic was
            // recreated, say) must not hold the partition up again next time.
            required[input] = min(required[input], handed)
            return false
        }
        return behind
    }
}
