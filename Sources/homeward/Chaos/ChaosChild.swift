import Foundation
import Synchronization

/// One child process of `homeward chaos`: a `homeward` subcommand (the
/// broker, a worker, a producer, a replay) or the mail server. Its standard
/// error goes to a log file of its own; it is registered with
/// ``ChaosChildren`` from its start, so that whatever ends the run, the
/// child is killed with it.
final class ChaosChild: Sendable {
    /// What it is, for logs and the report (`scheduler-1`, `broker`).
    let name: String
    /// Where its standard error goes.
    let log: URL
    /// Its process id.
    let pid: Int32
    private let process: Process  // Process is thread-safe for the calls made here: signals and the exit status
    private let output: Pipe?
    private let input: Pipe?
    private let exited: Exit

    /// Starts `executable` with `arguments`, standard error to `log`;
    /// `readsOutput` keeps standard output for ``firstLine()`` (otherwise it
    /// goes to `log` too, or to `stdout` when given); `keepsInput` holds its standard input open until
    /// it is stopped (a Python server stops when it closes).
    init(_ name: String, executable: URL, arguments: [String], log: URL, readsOutput: Bool = false, keepsInput: Bool = false,
         stdout: URL? = nil, children: ChaosChildren) throws {
        self.name = name
        self.log = log
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let logHandle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardError = logHandle
        output = readsOutput ? Pipe() : nil
        if let output {
            process.standardOutput = output
        } else if let stdout {
            _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: stdout)
        } else {
            process.standardOutput = logHandle
        }
        input = keepsInput ? Pipe() : nil
        process.standardInput = input ?? FileHandle.nullDevice
        let exited = Exit()
        process.terminationHandler = { finished in exited.finish(status: finished.terminationStatus, reason: finished.terminationReason) }
        self.exited = exited
        try children.start(process)
        self.process = process
        pid = process.processIdentifier
        try? logHandle.close()
    }

    /// Starts `homeward arguments` (this very executable).
    convenience init(homeward arguments: [String], name: String, logs: URL, stdout: URL? = nil, readsOutput: Bool = false,
                     children: ChaosChildren) throws {
        try self.init(name, executable: Self.homewardExecutable, arguments: arguments, log: logs.appendingPathComponent("\(name).log"),
                      readsOutput: readsOutput, stdout: stdout, children: children)
    }

    /// The running `homeward` binary, which every child runs.
    static var homewardExecutable: URL {
        URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0])
    }

    /// Whether it still runs.
    var isRunning: Bool { exited.status == nil }

    /// Its exit status once it has ended (the signal's number when a signal ended it).
    var exitStatus: Int32? { exited.status }

    /// Reads standard output up to its first newline (an address, a port),
    /// on a thread of its own; empty if the child ends first.
    func firstLine() async -> String {
        guard let handle = output?.fileHandleForReading else { return "" }
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var bytes: [UInt8] = []
                while let chunk = try? handle.read(upToCount: 1), let byte = chunk.first, byte != UInt8(ascii: "\n") {
                    bytes.append(byte)
                }
                continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
            }
        }
    }

    /// Sends `signal`.
    func send(_ signal: Int32) {
        if isRunning { _ = Foundation.kill(pid, signal) }
    }

    /// Waits until it has exited; returns its status (the signal's number
    /// when a signal ended it) and whether a signal did.
    @discardableResult
    func exit() async -> (status: Int32, bySignal: Bool) {
        await exited.wait()
    }

    /// Kills it with SIGKILL and waits until it is gone.
    func kill() async {
        send(SIGKILL)
        await exit()
    }

    /// Asks it to stop (SIGTERM, and its standard input closed), then kills
    /// it if it has not stopped within `grace`.
    func stop(grace: Duration = .seconds(10)) async {
        try? input?.fileHandleForWriting.close()
        send(SIGTERM)
        let deadline = ContinuousClock.now + grace
        while isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        await kill()
    }

    /// The end of its log, for a message that says why it failed.
    func logTail(_ characters: Int = 1_500) -> String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return String(text.suffix(characters))
    }

    /// A process's exit, awaited by any number of tasks.
    private final class Exit: Sendable {
        private let state = Mutex<(result: (Int32, Bool)?, waiting: [CheckedContinuation<(status: Int32, bySignal: Bool), Never>])>((nil, []))

        var status: Int32? { state.withLock { $0.result?.0 } }

        func finish(status: Int32, reason: Process.TerminationReason) {
            let result = (status, reason == .uncaughtSignal)
            let waiting = state.withLock { state in
                state.result = result
                defer { state.waiting = [] }
                return state.waiting
            }
            for continuation in waiting { continuation.resume(returning: result) }
        }

        func wait() async -> (status: Int32, bySignal: Bool) {
            await withCheckedContinuation { continuation in
                let done = state.withLock { state -> (Int32, Bool)? in
                    if let result = state.result { return result }
                    state.waiting.append(continuation)
                    return nil
                }
                if let done { continuation.resume(returning: done) }
            }
        }
    }
}

/// Every child process `homeward chaos` started and that may still run: so
/// that all of them are killed when the run ends, however it ends (its
/// normal end, a failure, Ctrl-C or SIGTERM).
final class ChaosChildren: Sendable {
    private let state = Mutex<(ending: Bool, running: [Int32: Process])>((false, [:]))

    /// Starts `process` and keeps it for ``killAll()``; refuses once the run is ending.
    func start(_ process: Process) throws {
        try state.withLock { state in
            guard !state.ending else { throw CommandFailure("the chaos run is ending: no new process starts") }
            try process.run()
            state.running[process.processIdentifier] = process
        }
    }

    /// Kills every child still running with SIGKILL and waits (a few
    /// seconds at most) until they are gone, so that none writes into the
    /// run's folder after; nothing starts after.
    func killAll() {
        let processes = state.withLock { state in
            state.ending = true
            defer { state.running = [:] }
            return Array(state.running.values)
        }
        for process in processes where process.isRunning {
            _ = kill(process.processIdentifier, SIGKILL)
        }
        let deadline = ContinuousClock.now + .seconds(5)
        while processes.contains(where: \.isRunning), ContinuousClock.now < deadline { usleep(10_000) }
    }
}
