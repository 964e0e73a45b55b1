import Foundation
import Testing

/// The benchmarks' argument checks. Their figures are read from
/// `homeward bench` itself: a run small enough for the test suite is too
/// small to time (its whole input can arrive in the first batch, which the
/// rates leave out), and speed is never asserted by a test.
@Suite("homeward bench")
struct BenchCommandTests {
    @Test("a bench with no rounds is refused and says what to fix")
    func noRounds() throws {
        for bench in ["scheduler", "runtime"] {
            let result = try HomewardProcess(["bench", bench, "--rounds", "0"]).wait()
            #expect(result.status != 0, "\(bench)")
            #expect(result.stderr.contains("--rounds must be positive"), "\(bench): \(result.stderr.prefix(300))")
            #expect(result.stdout.isEmpty, "\(bench)")
        }
    }

    @Test("a run too small to time (one record: it arrives in the first batch, which the rates leave out) is refused, not reported as a rate of zero")
    func tooSmallToTime() throws {
        let result = try HomewardProcess(["bench", "runtime", "--records", "1", "--keys", "10", "--partitions", "1", "--rounds", "1", "--json"]).wait()
        #expect(result.status != 0)
        #expect(result.stderr.contains("too few to time"), "\(result.stderr.suffix(500))")
        #expect(result.stdout.isEmpty)
    }
}
