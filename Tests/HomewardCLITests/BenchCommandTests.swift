import Foundation
import Testing

/// The benchmarks' reports, not their speed: speed is read from
/// `homeward bench` itself, never asserted by a test.
@Suite("homeward bench")
struct BenchCommandTests {
    /// Runs `homeward bench ARGS --json` and returns its one JSON object.
    private func report(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let result = try HomewardProcess(["bench"] + arguments + ["--json"]).wait()
        #expect(result.status == 0, "\(result.stderr.suffix(800))", sourceLocation: sourceLocation)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1, "stdout must be one JSON object: \(result.stdout.prefix(300))", sourceLocation: sourceLocation)
        let object = try JSONSerialization.jsonObject(with: Data((lines.first ?? "").utf8))
        return try #require(object as? [String: Any], sourceLocation: sourceLocation)
    }

    @Test("bench scheduler over rounds reports the rounds, the cores and every figure of a small population")
    func schedulerRounds() throws {
        let report = try report(["scheduler", "--cases", "300", "--partitions", "2", "--rounds", "2"])
        #expect(report["benchmark"] as? String == "scheduler")
        #expect(report["rounds"] as? Int == 2)
        #expect((report["cores"] as? Int ?? 0) >= 1)
        #expect(report["cases"] as? Int == 300)
        #expect(report["activeCases"] as? Int == 300)
        #expect((report["events"] as? Int ?? 0) >= 600)  // at least opened and reunified per case
        #expect((report["remindersProduced"] as? Int ?? 0) > 0)
        #expect((report["changelogRecords"] as? Int ?? 0) >= 300)
        #expect(report["target"] as? Double == 0.25)
        let throughput = try #require(report["throughput"] as? [String: Any])
        let raw = try #require(throughput["raw"] as? Double), swift = try #require(throughput["swift"] as? Double)
        #expect(raw > 0 && swift > 0)
        #expect(abs((report["ratio"] as? Double ?? 0) - swift / raw) < 1e-9)
        #expect((report["bytesPerActiveCase"] as? Double ?? -1) >= 0)
    }

    @Test("bench runtime reports the cores it could use alongside both comparisons")
    func runtimeCores() throws {
        let report = try report(["runtime", "--records", "1000", "--keys", "1000", "--partitions", "2", "--rounds", "1"])
        #expect(report["benchmark"] as? String == "runtime")
        #expect((report["cores"] as? Int ?? 0) >= 1)
        for name in ["passThrough", "restore"] {
            let comparison = try #require(report[name] as? [String: Any], "\(name) missing")
            #expect((comparison["raw"] as? Double ?? 0) > 0)
            #expect((comparison["swift"] as? Double ?? 0) > 0)
        }
    }

    @Test("a bench with no rounds is refused and says what to fix")
    func noRounds() throws {
        let result = try HomewardProcess(["bench", "scheduler", "--rounds", "0"]).wait()
        #expect(result.status != 0)
        #expect(result.stderr.contains("--rounds must be positive"))
        #expect(result.stdout.isEmpty)
    }
}
