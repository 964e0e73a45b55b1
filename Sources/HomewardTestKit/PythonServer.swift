public import Foundation

/// A Python server script run as a child process under Debian's
/// `/usr/bin/python3` (where `python3-aiosmtpd` and friends load): it
/// prints its port as its first line and stops when its standard input
/// closes, which happens when this value goes away.
public final class PythonServer: @unchecked Sendable {  // immutable after init; Process is used from one test at a time
    /// The port it listens on, on 127.0.0.1.
    public let port: Int
    private let process: Process
    private let input: Pipe
    private let output: Pipe

    /// Starts `script` with `arguments` and waits for its port.
    public init(script: URL, arguments: [String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script.path] + arguments
        input = Pipe()
        output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != 0x0A { line.append(first) }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "\(script.lastPathComponent) did not print its port"])
        }
        self.port = port
    }

    /// Sends `command` as one line on its standard input and returns the
    /// line it answers with (for servers that take commands).
    public func command(_ command: String) throws -> String {
        try input.fileHandleForWriting.write(contentsOf: Data((command + "\n").utf8))
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != 0x0A { line.append(first) }
        return String(decoding: line, as: UTF8.self)
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
