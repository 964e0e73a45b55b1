import ArgumentParser

/// Which dead letters a command takes: by reason, worker and source topic.
struct DeadLetterFilter: ParsableArguments {
    @Option(help: "Only dead letters of this reason: its kind (json, range, undeliverable, …) or a part of its text.")
    var reason: String?

    @Option(help: "Only dead letters of this worker (scheduler, escalator, notifier-fanout, notifier-delivery).")
    var worker: String?

    @Option(help: "Only dead letters read from this topic (its full name, e.g. homeward.case-events).")
    var sourceTopic: String?

    /// Whether any criterion is given.
    var isEmpty: Bool { reason == nil && worker == nil && sourceTopic == nil }

    /// Whether `entry` meets every criterion given.
    func matches(_ entry: DeadLetterEntry) -> Bool {
        if let reason, entry.kind != reason, !entry.reason.localizedCaseInsensitiveContains(reason) { return false }
        if let worker, entry.worker != worker { return false }
        if let sourceTopic, entry.source?.topic != sourceTopic { return false }
        return true
    }
}
