import Testing

/// What a live run of the worker under test must publish: exactly what
/// `homeward replay` prints for the same history.
extension WorkerRun {
    /// Expects `live`, every record the worker published, to be `replayed`:
    /// each id published once, with replay's bytes, keyed by its case, and
    /// each case's events in replay's order.
    func expectLiveEqualsReplay(live: [PublishedEvent], replayed: [PublishedEvent],
                                sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = PublishedEvent.byId(replayed, "replay", sourceLocation: sourceLocation)
        let actual = PublishedEvent.byId(live, "live", sourceLocation: sourceLocation)
        #expect(live.count == actual.count, "each of the \(worker.output) is published once: \(live.count) records, \(actual.count) ids",
                sourceLocation: sourceLocation)
        expectSameEvents(replay: expected, live: actual, sourceLocation: sourceLocation)
        #expect(live.allSatisfy { $0.value.contains(#""subject":"\#($0.caseId)""#) }, "each record is keyed by its case",
                sourceLocation: sourceLocation)
        let replayOrder = PublishedEvent.idsByCase(replayed), liveOrder = PublishedEvent.idsByCase(live)
        let reordered = Set(replayOrder.keys).union(liveOrder.keys).sorted().filter { replayOrder[$0] != liveOrder[$0] }
        #expect(reordered.isEmpty, "\(reordered.count) cases' \(worker.output) come in another order than replay's, e.g. \(reordered.first.map { "\($0): replay \(replayOrder[$0] ?? []), live \(liveOrder[$0] ?? [])" } ?? "")",
                sourceLocation: sourceLocation)
    }

    /// Expects the live events (`[id: value]`) to have exactly replay's ids, each with replay's bytes.
    func expectSameEvents(replay expected: [String: String], live actual: [String: String],
                          sourceLocation: SourceLocation = #_sourceLocation) {
        let missing = Set(expected.keys).subtracting(actual.keys).sorted()
        let unexpected = Set(actual.keys).subtracting(expected.keys).sorted()
        #expect(missing.isEmpty, "\(missing.count) of replay's \(worker.output) not published, e.g. \(missing.prefix(3).compactMap { expected[$0] })",
                sourceLocation: sourceLocation)
        #expect(unexpected.isEmpty, "\(unexpected.count) published \(worker.output) replay does not give, e.g. \(unexpected.prefix(3).compactMap { actual[$0] })",
                sourceLocation: sourceLocation)
        let different = expected.keys.sorted().filter { actual[$0] != nil && actual[$0] != expected[$0] }
        #expect(different.isEmpty, "\(different.count) \(worker.output) differ from replay, e.g. replay \(different.first.flatMap { expected[$0] } ?? "") live \(different.first.flatMap { actual[$0] } ?? "")",
                sourceLocation: sourceLocation)
    }
}
