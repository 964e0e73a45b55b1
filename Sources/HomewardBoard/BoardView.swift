public import HomewardContract
import Foundation
import Synchronization

/// The board's view, shared by the feed that builds it and the requests
/// that read it: a ``BoardState`` behind a lock, and the live changes
/// handed to every subscriber (the Server-Sent Events streams).
public final class BoardView: Sendable {
    private let state: Mutex<BoardState>
    private let subscribers = Mutex<[UUID: AsyncStream<BoardChange>.Continuation]>([:])
    private let caughtUp = Atomic(false)

    /// An empty view counting `day`.
    public init(day: Range<Timestamp>) {
        state = Mutex(BoardState(day: day))
    }

    /// Applies `body` to the state and hands the changes it returns to subscribers.
    public func update(_ body: (inout BoardState) -> [BoardChange]) {
        let changes = state.withLock { body(&$0) }
        guard !changes.isEmpty else { return }
        let continuations = subscribers.withLock { Array($0.values) }
        for continuation in continuations {
            for change in changes { continuation.yield(change) }
        }
    }

    /// Reads the state.
    public func read<R>(_ body: (borrowing BoardState) -> R) -> R {
        state.withLock { body($0) }
    }

    /// The changes from now on, until the stream is dropped. A subscriber
    /// too slow to keep up loses the oldest changes past `buffer` (a
    /// reload shows the whole list again).
    public func changes(buffer: Int = 10_000) -> AsyncStream<BoardChange> {
        let (stream, continuation) = AsyncStream.makeStream(of: BoardChange.self, bufferingPolicy: .bufferingNewest(buffer))
        let id = UUID()
        subscribers.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        return stream
    }

    /// How many streams are subscribed.
    public var subscriberCount: Int { subscribers.withLock { $0.count } }

    /// Whether the feed has read every topic up to where it was when the board started.
    public var isCaughtUp: Bool { caughtUp.load(ordering: .acquiring) }

    /// Marks the view caught up.
    public func markCaughtUp() { caughtUp.store(true, ordering: .releasing) }

    /// Ends every subscriber's stream (the board stops).
    public func finish() {
        let continuations = subscribers.withLock { Array($0.values) }
        for continuation in continuations { continuation.finish() }
    }
}
