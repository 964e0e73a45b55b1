import Histogram

/// Latencies recorded in microseconds in an HdrHistogram (three significant
/// digits, up to a minute), read back in milliseconds: what the latency
/// benches report.
struct LatencyHistogram: Sendable {
    private var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)

    /// Records one latency; a negative one counts as zero, one beyond a minute as a minute.
    mutating func record(_ latency: Duration) {
        _ = histogram.record(UInt64(min(60_000_000, max(0, latency.microseconds))))
    }

    /// How many latencies were recorded.
    var count: Int { Int(histogram.totalCount) }

    /// The latency at `percentile` (0–100), in milliseconds.
    func milliseconds(atPercentile percentile: Double) -> Double {
        Double(histogram.valueAtPercentile(percentile)) / 1_000
    }

    /// The largest latency, in milliseconds.
    var maxMilliseconds: Double { Double(histogram.max) / 1_000 }
}

extension Duration {
    /// The duration in whole microseconds.
    var microseconds: Int64 { components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000 }
}
