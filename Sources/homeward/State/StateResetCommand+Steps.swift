import ArgumentParser
import HomewardRuntime
import Kafka
import Logging

/// The reset's steps, each telling the operator what it found or did.
extension StateResetCommand {
    /// What the reset acts on.
    func introduce(_ target: ResetTarget) {
        printError("homeward state reset \(target.worker.name): state \(target.stateTopic), group \(target.group), inputs \(target.inputsInWords)"
                   + (dryRun ? " (dry run: nothing will be changed)" : ""))
    }

    /// Step 1: how far back the inputs reach. An input other than
    /// case-events that lost records gets a note: what they caused is not rebuilt.
    func showReach(_ survey: ResetSurvey, of target: ResetTarget) {
        narration.step(1, "How far back the inputs reach")
        for input in survey.reach {
            narration.say(input.summary)
            if !input.isWhole, input.topic != target.caseEventsTopic {
                narration.say("note: the \(target.worker.name) will not read the deleted records of \(input.topic) again: "
                              + "what they caused is not rebuilt")
            }
        }
    }

    /// Step 2: the open cases, and whether case-events still holds every one's opening.
    ///
    /// - Throws: ``ExitCode`` 1, after saying why, when an open case's `case.opened` is gone.
    func checkOpenings(_ survey: ResetSurvey, of target: ResetTarget) throws {
        narration.step(2, "Open cases")
        let openings = survey.openings
        narration.say("\(target.stateTopic): \(counted(openings.openCases.count, "open case")), "
                      + "\(counted(survey.state.checkpoints, "checkpoint")) (\(counted(survey.state.records, "record")) read)")
        if let oldest = openings.uncovered.first {
            let caseEvents = survey.reach.first { $0.topic == target.caseEventsTopic }
            let held = caseEvents?.earliest.map { "its earliest record is from \($0)" } ?? "it holds no record"
            let left = openings.firstEventAt[oldest].map { "its earliest event left is from \($0)" } ?? "no event of it is left"
            throw narration.refuse("""
                \(counted(openings.uncovered.count, "open case")) began before what \(target.caseEventsTopic) still holds \
                (\(held)): the case.opened event is gone. The oldest: \(oldest) (\(left)). A state rebuilt from the \
                inputs would not know these cases, so nothing was changed. For a reset to stay possible, keep \
                \(target.caseEventsTopic) for at least the aftercare period: retention.ms of two years covers a full one \
                (docs/durability.md, State formats and resets).
                """)
        }
        if let oldest = openings.oldestOpened {
            narration.say("\(target.caseEventsTopic) holds the case.opened event of every open case; the oldest was opened \(oldest.at) (\(oldest.caseId))")
        }
    }

    /// Step 3: joins the worker's group to make sure no instance of it runs.
    /// Returns the claim, which holds the group until the reset leaves it.
    ///
    /// - Throws: ``ExitCode`` 1, after saying why, while the group has other members.
    func claimGroup(of target: ResetTarget, partitions: Set<KafkaTopicPartition>, client: KafkaClientConfiguration,
                    logger: Logger) async throws -> KafkaGroupClaim {
        narration.step(3, "Running instances of the \(target.worker.name)")
        narration.say("joining group \(target.group), to see whether anyone else is in it…")
        let claim = try KafkaGroupClaim(configuration: claimConfiguration(target, client: client), topics: target.inputTopics, logger: logger)
        let handed: Set<KafkaTopicPartition>
        do {
            handed = try await claim.join(within: .seconds(120))
        } catch {
            await claim.leave()
            throw narration.refuse("group \(target.group) handed no partitions within 2 minutes (\(error)): instances of the "
                                   + "\(target.worker.name) may be joining it. Stop every instance of the worker first, then run the reset again.")
        }
        guard handed == partitions else {
            await claim.leave()
            throw narration.refuse("group \(target.group) has other members: it handed this check \(handed.count) of the "
                                   + "\(partitions.count) input partitions, so instances of the \(target.worker.name) are running. "
                                   + "Stop every instance of the worker first, then run the reset again. Nothing was changed.")
        }
        narration.say("handed all \(partitions.count) input partitions: no instance of the \(target.worker.name) is running")
        return claim
    }

    /// The claim's settings: the worker's group and assignor, a short
    /// session (it is held for seconds), nothing prefetched.
    private func claimConfiguration(_ target: ResetTarget, client: KafkaClientConfiguration) -> KafkaConsumerConfiguration {
        KafkaConsumerConfiguration(
            client: client, groupID: target.group, offsetReset: .earliest, assignor: WorkerConfiguration.assignor,
            sessionTimeout: .seconds(6), heartbeatInterval: .seconds(1), autoCommitInterval: nil,
            maxBatchSize: 100, bufferedBatches: 1, prefetchRecords: 100, prefetchKilobytes: 1_024)
    }

    /// Step 4: with `--dry-run`, says what a reset would do; otherwise resets.
    func resetOrPlan(_ target: ResetTarget, survey: ResetSurvey, claim: KafkaGroupClaim, client: KafkaClientConfiguration,
                     logger: Logger) async throws {
        guard !dryRun else {
            narration.step(4, "What a reset would do (dry run: nothing is changed)")
            narration.say("rewind " + rewindInWords(target, survey))
            narration.say("empty " + emptyingInWords(target, survey))
            warnOfRepublishing(target, survey)
            return
        }
        narration.step(4, "Reset")
        warnOfRepublishing(target, survey)
        try await reset(target, survey: survey, claim: claim, client: client, logger: logger)
    }

    /// What the rebuild publishes again, and what of it the notifier no longer recognises.
    private func warnOfRepublishing(_ target: ResetTarget, _ survey: ResetSurvey) {
        let since = survey.reach.compactMap(\.earliest).min().map { " since \($0)" } ?? ""
        narration.say("note: the rebuilt \(target.worker.name) publishes again its \(target.worker.outputs)\(since), with the same ids; "
                      + "the notifier drops those whose notifications it settled within sentIdsKept (30 days by default) "
                      + "and e-mails older ones again")
    }

    /// Asks for confirmation (unless `--yes`), rewinds the group, then
    /// empties the state topic. The rewind comes first: stopped between the
    /// two, the worker resumes from the checkpoints still on the state
    /// topic, as if nothing had happened.
    ///
    /// - Throws: ``ExitCode`` 1, after saying why, when not confirmed or
    ///   when an instance of the worker joins the group meanwhile.
    private func reset(_ target: ResetTarget, survey: ResetSurvey, claim: KafkaGroupClaim, client: KafkaClientConfiguration,
                       logger: Logger) async throws {
        let rewind = rewindInWords(target, survey), emptying = emptyingInWords(target, survey)
        if !yes, try await !Confirmation.ask("Rewind \(rewind) and empty \(emptying)?") {
            throw narration.refuse("not confirmed. Nothing was changed.")
        }
        guard claim.heldSinceJoin else {
            throw narration.refuse("another member joined group \(target.group) meanwhile: an instance of the \(target.worker.name) "
                                   + "started. Nothing was changed. Stop every instance of the worker, then run the reset again.")
        }
        try await claim.commit(survey.rewind)
        narration.say("rewound " + rewind)
        try await empty(target, tombstones: survey.state.tombstones, client: client, logger: logger)
        narration.say("emptied " + emptying)
        guard claim.heldSinceJoin else {
            throw narration.fail("another member joined group \(target.group) while the state was being emptied: an instance of the "
                                 + "\(target.worker.name) started and may have restored part of the old state. Stop every instance "
                                 + "of the worker, then run the reset again.")
        }
    }

    /// The rewind, in words: the group and where it starts each input again.
    private func rewindInWords(_ target: ResetTarget, _ survey: ResetSurvey) -> String {
        "group \(target.group) to the start of " + survey.reach.map(startInWords).joined(separator: " and ")
    }

    /// The emptying, in words: the state topic and its tombstones.
    private func emptyingInWords(_ target: ResetTarget, _ survey: ResetSurvey) -> String {
        "\(target.stateTopic): \(counted(survey.state.tombstones.count, "tombstone")) "
            + "(\(counted(survey.openings.openCases.count, "open case")), the checkpoints of \(counted(survey.state.checkpoints, "partition")))"
    }

    /// Where the group starts reading `input` again, in words.
    private func startInWords(_ input: InputReach) -> String {
        "\(input.topic) (" + (input.isWhole ? "offset 0" : "the earliest offset left") + " on \(counted(input.watermarks.count, "partition")))"
    }

    /// Produces `tombstones` and waits for every acknowledgement.
    ///
    /// - Throws: ``ExitCode`` 1, after saying where that leaves things, if one is not delivered.
    private func empty(_ target: ResetTarget, tombstones: [KafkaProducerRecord], client: KafkaClientConfiguration,
                       logger: Logger) async throws {
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client), logger: logger)
        let reports = try await producer.send(contentsOf: tombstones)
        await producer.shutdown()
        let failed = reports.filter { !$0.isDelivered }
        guard let first = failed.first else { return }
        throw narration.fail("\(failed.count) of \(tombstones.count) tombstones were not delivered to \(target.stateTopic) "
                             + "(\(first.error.map(String.init(describing:)) ?? "no reason given")). The group is rewound; each partition "
                             + "of the state is either emptied (the worker rebuilds it) or still whole (the worker resumes from its "
                             + "checkpoint), so nothing is lost. Run the reset again.")
    }

    /// Step 5: what happened, and what the worker does next.
    func conclude(_ target: ResetTarget) {
        narration.step(5, dryRun ? "Nothing was changed" : "Done")
        guard !dryRun else {
            narration.say("run the command again without --dry-run to reset the \(target.worker.name)'s state")
            return
        }
        narration.say("\(target.stateTopic) is empty and group \(target.group) starts again at the beginning of \(target.inputsInWords).")
        narration.say("On its next start the \(target.worker.name) rebuilds its state from its inputs and publishes its "
                      + "\(target.worker.outputs) again, with the same ids, which their consumers drop as ids they have already "
                      + "handled (the notifier: those it settled within sentIdsKept).")
    }
}
