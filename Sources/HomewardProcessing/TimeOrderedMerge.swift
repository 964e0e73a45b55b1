public import HomewardContract

/// Takes the records of several co-partitioned inputs of one partition in
/// time order: the one merge rule, used by the live worker and by replay
/// alike, so that both hand a worker's rules the same sequence.
///
/// A record is released only when every input has a record buffered to
/// compare it with, or the caller says an input without one need not be
/// waited for (it is caught up, or the wait has lasted too long). The
/// earliest head goes first; at equal times the input listed first wins.
/// Each input's own order is kept. A record without a time (it could not be
/// decoded) goes at once, wherever it stands, so that it reaches dead-letter
/// without waiting for other inputs.
///
/// For the escalator's inputs, `case-events` then `reminders`, this means:
/// a reminder waits until a case event later than it arrives (or the
/// case-events input is caught up), and a case event goes before a reminder
/// of the same time. It is a value with no IO: the live worker keeps one
/// per owned partition, replay one per partition it simulates.
public struct TimeOrderedMerge<Element: Sendable>: Sendable {
    private struct Pending: Sendable {
        let element: Element
        let time: Timestamp?
    }

    /// Per input, its buffered records; `heads[i]` indexes the first not yet released.
    private var queues: [[Pending]]
    private var heads: [Int]

    /// A merge of `inputs` inputs, numbered from 0; lower numbers win at equal times.
    public init(inputs: Int) {
        precondition(inputs > 0, "a merge needs at least one input")
        queues = Array(repeating: [], count: inputs)
        heads = Array(repeating: 0, count: inputs)
    }

    /// The number of inputs.
    public var inputs: Int { queues.count }

    /// Whether any record waits for its turn.
    public var isHolding: Bool { queues.indices.contains { !isEmpty($0) } }

    /// Whether `input` has no record waiting.
    public func isEmpty(_ input: Int) -> Bool { heads[input] == queues[input].count }

    /// Buffers `element` of `input` behind that input's earlier records;
    /// `time` is nil for a record that could not be decoded.
    public mutating func add(_ element: Element, input: Int, time: Timestamp?) {
        queues[input].append(Pending(element: element, time: time))
    }

    /// Releases, in order, every record that may go now, calling `body` with
    /// each. `waitFor(input)` is asked about an input with no record
    /// buffered: true holds back every record that has a time.
    public mutating func release(waitFor: (Int) -> Bool, _ body: (Element) throws -> Void) rethrows {
        while let chosen = nextInput(waitFor: waitFor) {
            let pending = queues[chosen][heads[chosen]]
            heads[chosen] += 1
            if heads[chosen] == queues[chosen].count {
                queues[chosen].removeAll(keepingCapacity: true)
                heads[chosen] = 0
            }
            try body(pending.element)
        }
    }

    /// Releases every buffered record in merge order, waiting for nothing
    /// (the end of a replay, or a partition being handed over).
    public mutating func releaseAll(_ body: (Element) throws -> Void) rethrows {
        try release(waitFor: { _ in false }, body)
    }

    /// The input whose head goes next, or nil when nothing may go.
    private func nextInput(waitFor: (Int) -> Bool) -> Int? {
        var best: Int?
        var bestTime = Timestamp(millisecondsSinceEpoch: 0)
        var waiting = false
        for input in queues.indices {
            guard !isEmpty(input) else {
                if waitFor(input) { waiting = true }
                continue
            }
            guard let time = queues[input][heads[input]].time else { return input }
            if best == nil || time < bestTime {
                best = input
                bestTime = time
            }
        }
        return waiting ? nil : best
    }
}
