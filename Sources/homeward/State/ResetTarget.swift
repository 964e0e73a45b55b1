import HomewardContract

/// What a reset acts on: the worker, its topics under the deployment's
/// prefix, and its consumer group.
struct ResetTarget {
    let worker: ResettableWorker
    /// Its input topics, in the order its rules list them.
    let inputTopics: [String]
    /// Its state topic.
    let stateTopic: String
    /// The input whose `case.opened` events must cover every open case.
    let caseEventsTopic: String
    /// Its consumer group.
    let group: String

    /// The target for `worker` with topics under `catalog`'s prefix and
    /// `group`, or the worker's own group when nil.
    init(_ worker: ResettableWorker, catalog: TopicCatalog, group: String?) {
        self.worker = worker
        inputTopics = worker.inputRoles.map(catalog.name)
        stateTopic = catalog.name(worker.stateRole)
        caseEventsTopic = catalog.name(.caseEvents)
        self.group = group ?? worker.defaultGroup
    }

    /// The inputs, for a sentence: `a`, or `a and b`.
    var inputsInWords: String {
        inputTopics.count > 1 ? inputTopics.dropLast().joined(separator: ", ") + " and " + inputTopics.last! : inputTopics[0]
    }
}
