public import Foundation

/// A child process run to its end, for tests: what it wrote and how it
/// ended.
///
/// The blocking reads and the wait run on threads of their own, never on
/// one of the few threads Swift's concurrency runs every test's tasks on:
/// a test waiting for a child then holds up no other test in the process.
/// Standard output and standard error are read at once, so a child that
/// fills one pipe while the other is read cannot stall.
public struct ChildProcess: Sendable {
    /// The exit status (or the signal that ended it).
    public let status: Int32
    /// Everything it wrote to standard output, as UTF-8.
    public let stdout: String
    /// Everything it wrote to standard error, as UTF-8.
    public let stderr: String

    /// Debian's Python, where `python3-kafka`, `python3-aiosmtpd` and the
    /// like load (the `python3` on the PATH may be another install).
    public static let python = "/usr/bin/python3"

    /// Runs `executable` with `arguments` in `directory` (this process's by
    /// default), writes `input` to its standard input and closes it, and
    /// returns once it has ended.
    public static func run(_ executable: String, _ arguments: [String], input: String = "",
                           directory: URL? = nil) async throws -> ChildProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let handed = UncheckedProcess(process: process, stdin: stdin, stdout: stdout, stderr: stderr)
        return await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: handed.finish(input: input)) }.start()
        }
    }
}

/// A started process and its pipes, handed to the thread that sees it to
/// its end and alone uses them from then on.
private struct UncheckedProcess: @unchecked Sendable {
    let process: Process
    let stdin: Pipe
    let stdout: Pipe
    let stderr: Pipe

    /// Feeds `input`, reads both outputs to their ends at once, and waits for the exit.
    func finish(input: String) -> ChildProcess {
        let errors = Collected()
        let stderr = self.stderr
        let reader = Thread {
            errors.set(stderr.fileHandleForReading.readDataToEndOfFile())
        }
        reader.start()
        let stdin = self.stdin
        Thread {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errorOutput = errors.wait()
        process.waitUntilExit()
        return ChildProcess(status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
                            stderr: String(decoding: errorOutput, as: UTF8.self))
    }
}

/// Data one thread collects and another waits for.
private final class Collected: @unchecked Sendable {  // `data` is written once, before `done` is signalled
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    func set(_ value: Data) {
        data = value
        done.signal()
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
