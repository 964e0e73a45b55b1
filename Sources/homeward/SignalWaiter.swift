import Dispatch
import Foundation

/// Waits for SIGINT or SIGTERM without blocking a Swift concurrency thread.
enum SignalWaiter {
    /// Returns the first of SIGINT/SIGTERM delivered to the process.
    static func waitForTermination() async -> Int32 {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let queue = DispatchQueue(label: "homeward.signals")
        return await withCheckedContinuation { continuation in
            let fired = LockedFlag()
            var sources: [any DispatchSourceSignal] = []
            for number in [SIGINT, SIGTERM] {
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler {
                    if fired.set() { continuation.resume(returning: number) }
                }
                source.resume()
                sources.append(source)
            }
            // The sources must outlive this scope; they live as long as the process.
            SignalSources.keep(sources)
        }
    }
}

/// Keeps signal sources alive for the process's lifetime.
private enum SignalSources {
    nonisolated(unsafe) static var kept: [any DispatchSourceSignal] = []  // only touched on the signal setup path
    static func keep(_ sources: [any DispatchSourceSignal]) { kept.append(contentsOf: sources) }
}

/// A flag that is set once.
final class LockedFlag: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var isSet = false

    /// Sets the flag; true if this call set it.
    func set() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if isSet { return false }
        isSet = true
        return true
    }
}
