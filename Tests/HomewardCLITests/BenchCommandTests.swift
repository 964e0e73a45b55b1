import Foundation
import Testing

/// The benchmarks' argument checks. Their figures are read from
/// `homeward bench` itself: a run small enough for the test suite is too
/// small to time (its whole input can arrive in the first batch, which the
/// rates leave out), and speed is never asserted by a test.
@Suite("homeward bench")
struct BenchCommandTests {
    @Test("a bench with no rounds is refused and says what to fix")
    func noRounds() async throws {
        for bench in ["scheduler", "runtime"] {
            let result = try await HomewardProcess(["bench", bench, "--rounds", "0"]).wait()
            #expect(result.status != 0, "\(bench)")
            #expect(result.stderr.contains("--rounds must be positive"), "\(bench): \(result.stderr.prefix(300))")
            #expect(result.stdout.isEmpty, "\(bench)")
        }
    }

    @Test("a run too small to time (one record: it arrives in the first batch, which the rates leave out) is refused, not reported as a rate of zero")
    func tooSmallToTime() async throws {
        let result = try await HomewardProcess(["bench", "runtime", "--records", "1", "--keys", "10", "--partitions", "1", "--rounds", "1", "--json"]).wait()
        #expect(result.status != 0)
        #expect(result.stderr.contains("too few to time"), "\(result.stderr.suffix(500))")
        #expect(result.stdout.isEmpty)
    }

    /// The fields of `bench alert --json` the test reads.
    private struct AlertReport: Decodable {
        var rate: Int
        var seconds: Int
        var count: Int
        var p50Milliseconds: Double
        var p99Milliseconds: Double
        var maxMilliseconds: Double
        var target: Double
        var met: Bool
    }

    @Test("bench alert measures every signal it sends, to the acceptance of its e-mails, and reports percentiles against the 150 ms target")
    func alertReportsEverySignal() async throws {
        let result = try await HomewardProcess(["bench", "alert", "--rate", "20", "--seconds", "3", "--json"]).wait()
        #expect(result.status == 0, "\(result.stderr.suffix(800))")
        let report = try JSONDecoder().decode(AlertReport.self, from: Data(result.stdout.utf8))
        #expect(report.count == report.rate * report.seconds)
        #expect(report.count == 60)
        #expect(report.p50Milliseconds <= report.p99Milliseconds)
        #expect(report.p99Milliseconds <= report.maxMilliseconds)
        #expect(report.target == 150)
        #expect(report.met == (report.p99Milliseconds <= report.target))
    }

    @Test("bench all runs every bench and reports a row for each, with its target and whether it was met")
    func allBenches() async throws {
        let result = try await HomewardProcess(["bench", "all", "--quick", "--json"]).wait()
        #expect(result.status == 0, "\(result.stderr.suffix(1_500))")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let rows = try #require(report["rows"] as? [[String: Any]])
        #expect((report["failures"] as? [Any])?.isEmpty == true)
        let benches = Set(rows.compactMap { $0["bench"] as? String })
        #expect(benches == ["kafka", "decode", "runtime", "scheduler", "escalation", "smtp", "alert", "dashboard"])
        for row in rows where row["target"] != nil {
            #expect(row["met"] is Bool, "a row with a target says whether it was met: \(row)")
        }
        #expect(rows.contains { $0["bench"] as? String == "alert" && $0["target"] as? String == "≤ 150 ms" })
        #expect(rows.contains { $0["bench"] as? String == "dashboard" && $0["target"] as? String == "≤ 1000 ms" })
    }

    @Test("bench dashboard reports the page render, the view's memory and the live-row latency of every change it produced, each against its target")
    func dashboard() async throws {
        let result = try await HomewardProcess(["bench", "dashboard", "--escalations", "500", "--renders", "2", "--updates", "20", "--json"]).wait()
        #expect(result.status == 0, "\(result.stderr.suffix(1_500))")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["updates"] as? Int == 20 && report["escalations"] as? Int == 500)
        let render = try #require(report["renderMedianMilliseconds"] as? Double)
        #expect(render > 0 && report["renderMet"] as? Bool == (render <= 200))
        #expect((report["viewMegabytes"] as? Double ?? -1) >= 0 && report["target"] as? Double == 1_000)
        let p99 = try #require(report["p99Milliseconds"] as? Double)
        #expect(p99 > 0 && p99 >= (report["p50Milliseconds"] as? Double ?? .infinity))
    }
}
