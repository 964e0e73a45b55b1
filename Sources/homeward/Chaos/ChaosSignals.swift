import Dispatch
import Foundation

/// SIGINT and SIGTERM during a chaos run: a handler that must end the run at
/// once, whatever it is waiting on (it kills the children and exits).
enum ChaosSignals {
    /// Calls `handler` with the signal's number on the first SIGINT or SIGTERM.
    static func onTermination(_ handler: @escaping @Sendable (Int32) -> Void) {
        let fired = LockedFlag()
        let queue = DispatchQueue(label: "homeward.chaos.signals")
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { if fired.set() { handler(number) } }
            source.resume()
            kept.append(source)
        }
    }

    /// The sources live as long as the process.
    nonisolated(unsafe) private static var kept: [any DispatchSourceSignal] = []  // only touched once, while the run sets up
}
