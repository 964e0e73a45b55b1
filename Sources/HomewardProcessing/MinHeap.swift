/// A binary min-heap: the smallest element first. The partition store
/// keeps its timers in one (with lazy deletion: cancelled or replaced
/// timers stay until they surface and are found stale), as does delivery's
/// replay. Inlinable, so each use is specialized for its element.
public struct MinHeap<Element: Comparable & Sendable>: Sendable {
    @usableFromInline var heap: [Element] = []

    /// An empty heap.
    @inlinable public init() {}

    /// The number of elements.
    @inlinable public var count: Int { heap.count }

    /// Adds `slot`.
    @inlinable public mutating func insert(_ slot: Element) {
        heap.append(slot)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child] < heap[parent] else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// The smallest element.
    @inlinable public var first: Element? { heap.first }

    /// Removes the smallest element.
    @inlinable public mutating func removeFirst() {
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

    /// Replaces the contents with `slots`.
    @inlinable public mutating func rebuild(_ slots: [Element]) {
        heap = slots.sorted()
    }
}
