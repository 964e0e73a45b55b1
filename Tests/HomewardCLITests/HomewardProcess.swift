import Foundation

/// Runs the built `homeward` executable as a child process, as a user would.
/// Its standard error is read as it comes (``standardError``); a process
/// still running when the test lets go of it gets SIGTERM.
final class HomewardProcess {
    /// The `homeward` binary next to this test bundle (same build directory).
    static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["HOMEWARD_BIN"] {
            return URL(fileURLWithPath: path)
        }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("homeward")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/homeward")
    }

    let process = Process()
    let stdout = Pipe()
    /// Its standard error, line by line.
    let standardError: StandardErrorLines

    /// Starts `homeward arguments`, with `environment` added to this process's environment.
    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        let stderr = Pipe()
        process.executableURL = Self.executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
        }
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        standardError = StandardErrorLines(reading: stderr.fileHandleForReading)
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    /// Sends `signal` (e.g. SIGKILL) to the process.
    func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Reads stdout up to the first newline.
    func firstLine() -> String {
        var bytes: [UInt8] = []
        while true {
            let chunk = stdout.fileHandleForReading.readData(ofLength: 1)
            guard let byte = chunk.first else { break }
            if byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Waits for the process and returns its exit status, its remaining
    /// stdout and all of its stderr. The blocking wait runs on a thread of
    /// its own: it then holds none of the few threads that Swift's
    /// concurrency runs every test's tasks on (blocking them stalls
    /// unrelated tests in the same process past their time limits).
    func wait() async -> (status: Int32, stdout: String, stderr: String) {
        let process = UncheckedSendable(self)
        return await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: process.value.blockingWait()) }.start()
        }
    }

    /// ``wait()``, blocking the calling thread.
    private func blockingWait() -> (status: Int32, stdout: String, stderr: String) {
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = standardError.waitForEnd()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), err)
    }
}

/// A value handed to one other thread, which alone uses it from then on.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
