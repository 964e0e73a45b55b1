/// Values with integer weights: a discrete distribution to draw from with
/// ``SeededGenerator/pick(_:)``.
struct WeightedTable<Value: Sendable>: Sendable {
    /// The values and their weights (all positive).
    let entries: [(value: Value, weight: Int)]
    /// The sum of the weights.
    let totalWeight: Int

    /// Creates a table; weights must be positive.
    init(_ entries: [(Value, Int)]) {
        precondition(!entries.isEmpty && entries.allSatisfy { $0.1 > 0 }, "weights must be positive")
        self.entries = entries.map { (value: $0.0, weight: $0.1) }
        self.totalWeight = entries.reduce(0) { $0 + $1.1 }
    }
}
