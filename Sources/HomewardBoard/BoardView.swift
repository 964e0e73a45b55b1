public import HomewardContract
import Foundation
import Synchronization

/// The board's view, shared by the feed that builds it and the requests
/// that read it: a ``BoardState`` behind a lock, and the live changes
/// handed to every subscriber (the Server-Sent Events streams).
///
/// Every change has a version (1, 2, 3 …; ``version`` is the latest). A
/// page says which version it was rendered at, and its stream asks for the
/// changes since then (``changes(since:buffer:)``): a row that changed
/// between the page and its stream, or while a stream reconnected, is
/// sent all the same.
public final class BoardView: Sendable {
    private struct Guarded {
        var state: BoardState
        var version: UInt64 = 0
        /// The version of each case's latest change (kept for removed cases too).
        var changedAt: [String: UInt64] = [:]
    }

    private let guarded: Mutex<Guarded>
    private let subscribers = Mutex<[UUID: AsyncStream<BoardVersionedChange>.Continuation]>([:])
    private let caughtUp = Atomic(false)

    /// An empty view counting `day`.
    public init(day: Range<Timestamp>) {
        guarded = Mutex(Guarded(state: BoardState(day: day)))
    }

    /// Applies `body` to the state and hands the changes it returns to subscribers.
    public func update(_ body: (inout BoardState) -> [BoardChange]) {
        let versioned = guarded.withLock { guarded in
            body(&guarded.state).map { change in
                guarded.version += 1
                guarded.changedAt[change.caseId] = guarded.version
                return BoardVersionedChange(version: guarded.version, change: change)
            }
        }
        guard !versioned.isEmpty else { return }
        let continuations = subscribers.withLock { Array($0.values) }
        for continuation in continuations {
            for change in versioned { continuation.yield(change) }
        }
    }

    /// Reads the state.
    public func read<R>(_ body: (borrowing BoardState) -> R) -> R {
        guarded.withLock { body($0.state) }
    }

    /// The version of the latest change (0 before the first). Read it
    /// before rendering: the changes after it are the ones to stream.
    public var version: UInt64 { guarded.withLock { $0.version } }

    /// First every case changed after version `since` (nil: none), as it
    /// changed last, in version order; then the changes from now on, until
    /// the stream is dropped. A change made while the stream starts may
    /// come twice (both as a case changed since, and live): applying it
    /// again changes nothing. A subscriber too slow to keep up loses the
    /// oldest changes past `buffer` (a reload shows the whole list again).
    public func changes(since: UInt64?, buffer: Int = 10_000) -> AsyncStream<BoardVersionedChange> {
        let (stream, continuation) = AsyncStream.makeStream(of: BoardVersionedChange.self, bufferingPolicy: .bufferingNewest(buffer))
        let id = UUID()
        subscribers.withLock { $0[id] = continuation }  // before the catch-up is read: no change falls between the two
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        if let since {
            for change in missed(since: since) { continuation.yield(change) }
        }
        return stream
    }

    /// Each case changed after `since`, with its latest version, as the state has it now.
    private func missed(since: UInt64) -> [BoardVersionedChange] {
        guarded.withLock { guarded in
            guarded.changedAt.filter { $0.value > since }.sorted { $0.value < $1.value }.map { caseId, version in
                BoardVersionedChange(version: version,
                                     change: guarded.state.open[caseId] == nil ? .removed(caseId: caseId) : .changed(caseId: caseId))
            }
        }
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

/// A change of the view with its version.
public struct BoardVersionedChange: Sendable, Hashable {
    /// Its place in the order of the view's changes, from 1.
    public let version: UInt64
    public let change: BoardChange
}
