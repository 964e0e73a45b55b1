import ArgumentParser
import Foundation

/// `homeward bench all`: every bench, each in a process of its own, and one
/// table of what they measured: each figure, its baseline from the same run,
/// the ratio and the target.
struct BenchAllCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all",
        abstract: "Run every bench (each in its own process, one after the other) and print one table: each figure, its baseline from the same run, the ratio and the target.",
        discussion: "With --quick each bench runs on a small load: a check that they all work, not figures to quote."
    )

    /// The benches, in the order they run, with their small load for --quick.
    static let benches: [(name: String, quick: [String])] = [
        ("kafka", ["--records", "20000", "--rounds", "1"]),
        ("decode", ["--events", "5000", "--rounds", "1"]),
        ("runtime", ["--records", "20000", "--keys", "20000", "--rounds", "1"]),
        ("scheduler", ["--cases", "2000", "--rounds", "1"]),
        ("escalation", ["--rate", "50", "--seconds", "3"]),
        ("smtp", ["--messages", "500", "--rounds", "1"]),
        ("alert", ["--rate", "20", "--seconds", "3"]),
        ("dashboard", ["--escalations", "2000", "--renders", "3", "--updates", "50"]),
    ]

    @Flag(help: "Run each bench on a small load (a check that they work).")
    var quick = false

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func run() async throws {
        var rows: [BenchRow] = []
        var failures: [String] = []
        for (index, bench) in Self.benches.enumerated() {
            if isatty(2) == 1 { printError("bench all: \(bench.name) (\(index + 1) of \(Self.benches.count))…") }
            do {
                rows += BenchRow.rows(of: bench.name, try runBench(bench.name, arguments: quick ? bench.quick : []))
            } catch {
                failures.append("\(bench.name): \(error)")
            }
        }
        if json {
            try BenchOutput.printJSON(Report(cores: BenchOutput.usableCores, quick: quick, rows: rows, failures: failures))
        } else {
            print("Homeward benches on \(BenchOutput.usableCores) usable cores\(quick ? " (quick: small loads)" : "")")
            BenchRow.printTable(rows)
            for failure in failures { print("FAILED " + failure) }
        }
        if !failures.isEmpty {
            for failure in failures { printError("bench all: \(failure)") }
            throw ExitCode(1)
        }
    }

    struct Report: Encodable {
        var benchmark = "all"
        var cores: Int
        var quick: Bool
        var rows: [BenchRow]
        var failures: [String]
    }

    /// Runs `homeward bench NAME --json` and returns its JSON object.
    private func runBench(_ name: String, arguments: [String]) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        process.arguments = ["bench", name, "--json"] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CommandFailure("exited with status \(process.terminationStatus) (its reasons are above)") }
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CommandFailure("printed no JSON object")
        }
        return object
    }
}
