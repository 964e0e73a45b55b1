import Foundation

/// One line of `homeward bench all`: a figure, the baseline it is measured
/// against in the same run (when the bench has one), the ratio and the target.
struct BenchRow: Encodable {
    var bench: String
    var measure: String
    var figure: Double?
    var baseline: Double?
    var unit: String
    var ratio: Double?
    /// The target as the bench states it (`≥ 0.80`, `≤ 150 ms`).
    var target: String?
    var met: Bool?

    /// The rows of one bench's JSON: each nested comparison (raw against
    /// Homeward), or the bench's own figures.
    static func rows(of bench: String, _ report: [String: Any]) -> [BenchRow] {
        let nested = report.keys.sorted().compactMap { key -> BenchRow? in
            guard let comparison = report[key] as? [String: Any], let raw = comparison["raw"] as? Double,
                  let swift = comparison["swift"] as? Double else { return nil }
            let ratio = comparison["ratio"] as? Double, target = comparison["target"] as? Double
            return BenchRow(bench: bench, measure: key, figure: swift, baseline: raw, unit: comparison["unit"] as? String ?? "",
                            ratio: ratio, target: target.map { String(format: "≥ %.2f", $0) },
                            met: ratio.flatMap { ratio in target.map { ratio >= $0 } })
        }
        if !nested.isEmpty { return nested }
        return [topLevel(of: bench, report)]
    }

    /// A bench without nested comparisons: its own figure and baseline. A
    /// latency bench states its target as a most: in milliseconds, or as a
    /// ratio of its p99 to a bound.
    private static func topLevel(of bench: String, _ report: [String: Any]) -> BenchRow {
        let figureKey = ["homeward", "p99Milliseconds"].first { report[$0] is Double }
        let baselineKey = ["smtpSource", "foundation"].first { report[$0] is Double }
        let figure = figureKey.flatMap { report[$0] as? Double }
        let ratio = report["ratio"] as? Double, target = report["target"] as? Double
        let isLatency = figureKey == "p99Milliseconds"
        var row = BenchRow(bench: bench, measure: isLatency ? "p99" : (figureKey ?? "ratio"), figure: figure,
                           baseline: baselineKey.flatMap { report[$0] as? Double },
                           unit: isLatency ? "ms" : report["unit"] as? String ?? "", ratio: ratio, target: nil, met: report["met"] as? Bool)
        switch (isLatency, ratio, target) {
        case (true, .some(let ratio), .some(let target)):
            row.target = String(format: "ratio ≤ %.2f", target)
            row.met = row.met ?? (ratio <= target)
        case (true, .none, .some(let target)):
            row.target = String(format: "≤ %.0f ms", target)
            row.met = row.met ?? figure.map { $0 <= target }
        case (false, .some(let ratio), .some(let target)):
            row.target = String(format: "≥ %.2f", target)
            row.met = row.met ?? (ratio >= target)
        default: break
        }
        return row
    }

    /// The table, for people.
    static func printTable(_ rows: [BenchRow]) {
        let pad = BenchOutput.pad
        print(pad("bench", 12) + pad("measure", 16) + pad("Homeward", 16) + pad("baseline", 16) + pad("unit", 20) + pad("ratio", 8) + "target")
        for row in rows {
            let target = row.target ?? "—"
            let verdict = row.met.map { $0 ? " met" : " NOT met" } ?? ""
            print(pad(row.bench, 12) + pad(row.measure, 16) + pad(row.figure.map(format) ?? "—", 16) + pad(row.baseline.map(format) ?? "—", 16)
                  + pad(row.unit, 20) + pad(row.ratio.map { String(format: "%.2f", $0) } ?? "—", 8) + target + verdict)
        }
    }

    private static func format(_ value: Double) -> String {
        value < 100 ? String(format: "%.1f", value) : BenchOutput.format(value)
    }
}
