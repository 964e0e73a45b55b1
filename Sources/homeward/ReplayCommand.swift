import ArgumentParser
import Foundation
import HomewardContract
import HomewardProcessing
import HomewardEscalation
import HomewardNotification
import HomewardPipeline
import HomewardScheduling
import SMTP

/// `homeward replay`: the workers' rules over an NDJSON history, offline, with stream time.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run the workers' rules over an NDJSON case history offline, with stream time, and print every output event as NDJSON.",
        discussion: """
        Deterministic: the same history gives the same output, in the same order, as the \
        live workers would produce it (each case is processed on the partition Kafka's \
        partitioner gives it, with that partition's stream time). Only output events go \
        to stdout; invalid lines are reported on stderr and skipped, as a live worker \
        dead-letters them.

        With --outbox DIR the notifier runs too, on stream time, behind the scheduler and \
        the escalator: every e-mail the live pipeline would send for the history is written \
        to DIR as an .eml file named for its Message-ID, its Date the stream time at which \
        it went out (digests and quiet hours applied). Use it to preview a template or policy \
        change on real history.
        """
    )

    /// The workers replay can run, by name.
    static let workers: [String: @Sendable (Int, PolicyDirectory) throws -> AnyReplay] = [
        "passthrough": { partitions, _ in AnyReplay(PassThroughWorker(), partitions: partitions) },
        "scheduler": { partitions, policies in AnyReplay(SchedulerWorker(policy: try policies.schedulePolicy()), partitions: partitions) },
        "escalator": { partitions, policies in try pipeline(partitions, policies, emitting: [.escalator]) },
        "scheduler+escalator": { partitions, policies in try pipeline(partitions, policies, emitting: [.scheduler, .escalator]) },
    ]

    /// What replay runs when no worker is named: the scheduler and the
    /// escalator together (the escalator sees the scheduler's reminders).
    static let productionWorkers: [String] = ["scheduler+escalator"]

    /// The scheduler feeding the escalator, printing the outputs of `stages`.
    static func pipeline(_ partitions: Int, _ policies: PolicyDirectory, emitting stages: Set<PipelineStage>) throws -> AnyReplay {
        let box = AnyReplay.Box(PipelineReplay(scheduler: SchedulerWorker(policy: try policies.schedulePolicy()),
                                               escalator: EscalatorWorker(policy: try policies.escalationPolicy()),
                                               partitions: partitions, emitting: stages))
        return AnyReplay(name: PipelineStage.allCases.filter(stages.contains).map(\.rawValue).joined(separator: "+"),
                         feed: { event, sink in box.value.feed(event) { sink($1) } },
                         finish: { until, sink in box.value.finish(until: until) { sink($1) } })
    }

    @Argument(help: "The NDJSON history, or - for standard input.")
    var file: String = "-"

    @Option(help: "Stop at this time (RFC 3339): later events are ignored, timers due by then fire.")
    var until: String?

    @Option(help: "Partitions of case-events in the live deployment (stream time is per partition).")
    var partitions: Int = 8

    @Option(help: "Directory of policy files (default: HOMEWARD_POLICIES, else config/policies).")
    var policies: String?

    @Option(help: "Also run the notifier and write every e-mail it sends into this directory, as .eml files.")
    var outbox: String?

    @OptionGroup var notifier: NotifierSettings

    @Flag(help: "Print, instead of the events, the escalation-status records a compacted topic holds at the end: each case's open escalation, by case id.")
    var status = false

    @Option(name: .customLong("worker"), help: "A worker to run (repeatable): \(workers.keys.sorted().joined(separator: ", ")).")
    var workerNames: [String] = []

    func validate() throws {
        guard partitions > 0 else { throw ValidationError("--partitions must be positive") }
        if let until, (try? Timestamp(rfc3339: until)) == nil {
            throw ValidationError("--until '\(until)': expected an RFC 3339 time with offset, e.g. 2027-01-01T00:00:00Z")
        }
        if status, !(workerNames.isEmpty || workerNames.contains { $0.contains("escalator") }) {
            throw ValidationError("--status shows the escalator's escalation-status: run it with --worker escalator (or scheduler+escalator)")
        }
        if status, outbox != nil { throw ValidationError("--status and --outbox print different things: give one of them") }
        for name in workerNames where Self.workers[name] == nil {
            throw ValidationError("unknown worker '\(name)'; known: \(Self.workers.keys.sorted().joined(separator: ", "))")
        }
    }

    func run() throws {
        let names = workerNames.isEmpty ? Self.productionWorkers : workerNames
        guard !names.isEmpty else {
            throw CommandFailure("no worker to replay: this build has no production workers yet; name one with --worker (\(Self.workers.keys.sorted().joined(separator: ", ")))")
        }
        let directory = PolicyDirectory(option: policies)
        var replays = try names.map { try Self.workers[$0]!(partitions, directory) }
        // With --outbox the production pipeline runs once, printing its events and writing its e-mails.
        let production = names == Self.productionWorkers
        let mail = try outbox.map {
            try OutboxWriter(directory: $0, settings: notifier, policies: directory, partitions: partitions,
                             emitting: production ? [.scheduler, .escalator] : [])
        }
        if let mail {
            if production { replays = [] }
            replays.append(mail.replay)
        }
        let limit = try until.map { try Timestamp(rfc3339: $0) }
        let validator = CaseEventValidator()
        var reader = try LineReader(path: file)
        var output = Data()
        var invalid = 0
        var compacted = CompactedTopic()
        func emit(_ record: OutputRecord) {
            guard record.topicRole != .escalationStatus else {
                if status { compacted.apply(record) }
                return
            }
            guard !status else { return }
            output.append(contentsOf: record.value)
            output.append(0x0A)
            if output.count >= 1 << 20 {
                FileHandle.standardOutput.write(output)
                output.removeAll(keepingCapacity: true)
            }
        }
        var latest: Timestamp?
        while let line = reader.next() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            switch validator.validate(line) {
            case .failure(let rejection):
                invalid += 1
                printError("line \(reader.lineNumber): dead-lettered: \(rejection)")
            case .success(let event):
                if let limit, event.time > limit { continue }
                latest = max(latest ?? event.time, event.time)
                for replay in replays { replay.feed(event, into: emit) }
            }
        }
        if let limit {
            for replay in replays { replay.finish(until: limit, into: emit) }
        }
        if status {
            for value in compacted.values { output.append(contentsOf: value + [0x0A]) }
        }
        FileHandle.standardOutput.write(output)
        if let mail, let failure = mail.failure { throw CommandFailure(failure) }
        if let mail { printError("wrote \(mail.written) e-mails to \(mail.outbox.directory.path)") }
        printError("replayed \(reader.lineNumber) lines through \(names.joined(separator: ", "))\(invalid > 0 ? "; \(invalid) invalid lines dead-lettered" : "")\(latest.map { "; stream time \($0)" } ?? "")")
    }
}
