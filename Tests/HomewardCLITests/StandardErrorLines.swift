import Foundation
import Synchronization

/// A child process's standard error, read on a thread of its own as it is
/// written: the child never blocks on a full pipe however much it logs,
/// and a test can act on a line the moment it is read
/// (``firstLine(where:then:)``), not when the test next looks.
final class StandardErrorLines: Sendable {
    private struct Watch {
        let id: Int
        let matches: @Sendable (Substring) -> Bool
        let action: @Sendable () -> Void
        let continuation: CheckedContinuation<String?, Never>
    }

    private struct State {
        var lines: [String] = []
        var unfinishedLine: [UInt8] = []
        var ended = false
        var watches: [Watch] = []
        var nextWatch = 0
        var cancelledWatches: Set<Int> = []
    }

    private let state = Mutex(State())
    private let end = DispatchSemaphore(value: 0)

    /// Starts reading `handle` until its end.
    init(reading handle: FileHandle) {
        let thread = Thread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                received(chunk)
            }
            ended()
        }
        thread.name = "homeward-test.stderr"
        thread.start()
    }

    /// Everything read so far.
    var text: String {
        state.withLock { state in
            state.lines.map { $0 + "\n" }.joined() + String(decoding: state.unfinishedLine, as: UTF8.self)
        }
    }

    /// Waits until the child closes its standard error (it exited) and
    /// returns everything it wrote there.
    func waitForEnd() -> String {
        end.wait()
        end.signal()
        return text
    }

    /// The first line (read so far or to come) that `matches`; `action` runs
    /// on the reading thread as soon as it is read, before any later line
    /// is. `nil` if the child's standard error ends first or the task is
    /// cancelled.
    func firstLine(where matches: @escaping @Sendable (Substring) -> Bool,
                   then action: @escaping @Sendable () -> Void = {}) async -> String? {
        let id = state.withLock { state in
            defer { state.nextWatch += 1 }
            return state.nextWatch
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
                let now: String?? = state.withLock { state in
                    if let line = state.lines.first(where: { matches($0[...]) }) { return .some(line) }
                    if state.ended || state.cancelledWatches.contains(id) { return .some(nil) }
                    state.watches.append(Watch(id: id, matches: matches, action: action, continuation: continuation))
                    return .none
                }
                if let now {
                    if now != nil { action() }
                    continuation.resume(returning: now)
                }
            }
        } onCancel: {
            let watch = state.withLock { state -> Watch? in
                guard let index = state.watches.firstIndex(where: { $0.id == id }) else {
                    state.cancelledWatches.insert(id)
                    return nil
                }
                return state.watches.remove(at: index)
            }
            watch?.continuation.resume(returning: nil)
        }
    }

    private func received(_ chunk: Data) {
        let matched = state.withLock { state -> [(Watch, String)] in
            var matched: [(Watch, String)] = []
            for byte in chunk {
                guard byte == UInt8(ascii: "\n") else {
                    state.unfinishedLine.append(byte)
                    continue
                }
                let line = String(decoding: state.unfinishedLine, as: UTF8.self)
                state.unfinishedLine.removeAll(keepingCapacity: true)
                state.lines.append(line)
                while let index = state.watches.firstIndex(where: { $0.matches(line[...]) }) {
                    matched.append((state.watches.remove(at: index), line))
                }
            }
            return matched
        }
        for (watch, line) in matched {
            watch.action()
            watch.continuation.resume(returning: line)
        }
    }

    private func ended() {
        let waiting = state.withLock { state -> [Watch] in
            if !state.unfinishedLine.isEmpty {
                state.lines.append(String(decoding: state.unfinishedLine, as: UTF8.self))
                state.unfinishedLine.removeAll()
            }
            state.ended = true
            defer { state.watches.removeAll() }
            return state.watches
        }
        for watch in waiting { watch.continuation.resume(returning: nil) }
        end.signal()
    }
}
