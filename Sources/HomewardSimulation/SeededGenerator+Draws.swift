/// Draws built only on `next()` and integer or IEEE arithmetic, so they give
/// the same values on every platform and Swift version (the standard
/// library's `random(in:using:)` algorithms are not promised to stay fixed).
extension SeededGenerator {
    /// A uniform integer in `0..<bound` (`bound` > 0).
    public mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// A uniform integer in `range`.
    mutating func integer(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// A uniform number in `0..<1`.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    /// A triangular number in `0...2 * mean` with the given mean (the sum of two
    /// uniform draws): gaps between recurring happenings that are irregular but
    /// never extreme.
    mutating func around(_ mean: Double) -> Double {
        (unit() + unit()) * mean
    }

    /// One of `values`, uniformly.
    mutating func element<Value>(of values: [Value]) -> Value {
        values[below(values.count)]
    }

    /// One value of `table`, in proportion to its weight.
    mutating func pick<Value>(_ table: WeightedTable<Value>) -> Value {
        var remaining = below(table.totalWeight)
        for (value, weight) in table.entries {
            if remaining < weight { return value }
            remaining -= weight
        }
        return table.entries[table.entries.count - 1].value
    }

    /// `count` distinct elements of `values` (a partial Fisher–Yates shuffle), in drawn order.
    mutating func sample<Value>(_ count: Int, of values: [Value]) -> [Value] {
        var pool = values
        let wanted = min(count, pool.count)
        for index in 0..<wanted {
            pool.swapAt(index, index + below(pool.count - index))
        }
        return Array(pool.prefix(wanted))
    }
}
