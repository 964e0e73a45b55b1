import Kafka
import Testing

@testable import HomewardRuntime

@Suite("Effect holds: offsets move only once a performed effect's outcome is recorded")
struct EffectHoldsTests {
    let input0 = KafkaTopicPartition(topic: "in", partition: 0)
    let input1 = KafkaTopicPartition(topic: "in", partition: 1)

    @Test("without effects, every mark asked for is made at once")
    func noEffects() {
        var holds = EffectHolds()
        #expect(holds.admit([input0: 5, input1: 7]) == [input0: 5, input1: 7])
        #expect(holds.admit([input0: 9]) == [input0: 9])
    }

    @Test("an effect holds its partition's marks where they were when it started, until it finishes; other partitions move on")
    func holdsUntilFinished() {
        var holds = EffectHolds()
        _ = holds.admit([input0: 5, input1: 5])
        let send = holds.start(partition: 0)
        #expect(holds.admit([input0: 8, input1: 8]) == [input1: 8], "partition 0 stays at 5 while its send is under way")
        #expect(holds.admit([input0: 12]).isEmpty)
        #expect(holds.outstanding == 1)
        #expect(holds.finish([send]) == [input0: 12], "the latest mark asked for is made once the outcome is recorded")
        #expect(holds.outstanding == 0)
    }

    @Test("an effect started before its partition was ever marked holds every mark of it")
    func holdsEverythingBeforeTheFirstMark() {
        var holds = EffectHolds()
        let send = holds.start(partition: 0)
        #expect(holds.admit([input0: 3]).isEmpty)
        #expect(holds.finish([send]) == [input0: 3])
    }

    @Test("with several effects, the partition moves only as far as the earliest one still under way allows")
    func earliestHoldWins() {
        var holds = EffectHolds()
        _ = holds.admit([input0: 2])
        let first = holds.start(partition: 0)
        _ = holds.admit([input0: 6])
        let second = holds.start(partition: 0)
        _ = holds.admit([input0: 9])
        #expect(holds.finish([second]).isEmpty, "the first send still holds partition 0 at 2")
        #expect(holds.finish([first]) == [input0: 9])
    }

    @Test("a revoked partition's holds and marks are forgotten; a late outcome releases nothing")
    func revocationDropsHolds() {
        var holds = EffectHolds()
        _ = holds.admit([input0: 4])
        let send = holds.start(partition: 0)
        _ = holds.admit([input0: 10])
        holds.drop([0])
        #expect(holds.outstanding == 0)
        #expect(holds.finish([send]).isEmpty, "the mark of a partition that moved away is not made after the fact")
        #expect(holds.admit([input0: 11]) == [input0: 11], "assigned again, the partition starts afresh")
    }
}
