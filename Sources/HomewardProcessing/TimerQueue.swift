/// A min-heap of timer slots with lazy deletion: cancelled or replaced timers
/// stay in the heap until they surface and are found stale.
@usableFromInline
struct TimerQueue: Sendable {
    @usableFromInline var heap: [TimerSlot] = []

    @usableFromInline init() {}

    @inlinable var count: Int { heap.count }

    @inlinable mutating func insert(_ slot: TimerSlot) {
        heap.append(slot)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child] < heap[parent] else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    @inlinable var first: TimerSlot? { heap.first }

    @inlinable mutating func removeFirst() {
        guard !heap.isEmpty else { return }
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, heap[left] < heap[smallest] { smallest = left }
            if right < heap.count, heap[right] < heap[smallest] { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }

    @usableFromInline mutating func rebuild(_ slots: [TimerSlot]) {
        heap = slots.sorted()
    }
}
