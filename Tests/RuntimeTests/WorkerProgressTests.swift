import HomewardRuntime
import Metrics
import Testing

@Suite("Worker progress: a worker's counters, read in-process")
struct WorkerProgressTests {
    @Test("a counter's increments add up over its dimensions; the first non-empty one is remembered")
    func counts() {
        let progress = WorkerProgress()
        Counter(label: WorkerMetricLabel.recordsIn, dimensions: [("worker", "w")], factory: progress).increment(by: 0)
        Counter(label: WorkerMetricLabel.recordsIn, dimensions: [("worker", "w")], factory: progress).increment(by: 3)
        Counter(label: WorkerMetricLabel.deadLetters, dimensions: [("worker", "w"), ("reason", "a")], factory: progress).increment()
        Counter(label: WorkerMetricLabel.deadLetters, dimensions: [("worker", "w"), ("reason", "b")], factory: progress).increment()
        Counter(label: WorkerMetricLabel.recordsIn, dimensions: [("worker", "w")], factory: progress).increment(by: 4)

        #expect(progress.count(WorkerMetricLabel.recordsIn) == 7)
        #expect(progress.count(WorkerMetricLabel.deadLetters) == 2)
        #expect(progress.count(WorkerMetricLabel.recordsMarked) == 0)
        #expect(progress.first(WorkerMetricLabel.recordsIn)?.amount == 3)
    }

    @Test("a wait for a count ends when the count is reached, at once when it already is")
    func waitsForACount() async {
        let progress = WorkerProgress()
        let marked = Counter(label: WorkerMetricLabel.recordsMarked, dimensions: [], factory: progress)
        let waiting = Task { await progress.reached(WorkerMetricLabel.recordsMarked, 5) }
        marked.increment(by: 2)
        marked.increment(by: 3)
        #expect(await waiting.value != nil)
        #expect(await progress.reached(WorkerMetricLabel.recordsMarked, 5) != nil)
    }

    @Test("a wait with a limit gives up when the count is not reached in time")
    func givesUp() async {
        let progress = WorkerProgress()
        #expect(await progress.reached(WorkerMetricLabel.timerChecks, 1, within: .milliseconds(10)) == nil)
    }
}
