/// A binary min-heap of planned actions across all cases.
struct ActionQueue: Sendable {
    private var heap: [ScheduledAction] = []

    /// Creates an empty queue with room for `capacity` actions.
    init(capacity: Int = 0) { heap.reserveCapacity(capacity) }

    /// Whether nothing is planned.
    var isEmpty: Bool { heap.isEmpty }

    /// Plans an action.
    mutating func push(_ action: ScheduledAction) {
        heap.append(action)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Takes the earliest action.
    mutating func pop() -> ScheduledAction? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let first = heap.removeLast()
        var parent = 0
        let count = heap.count
        while true {
            let left = 2 * parent + 1
            guard left < count else { break }
            let right = left + 1
            let child = right < count && heap[right].precedes(heap[left]) ? right : left
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            parent = child
        }
        return first
    }
}
