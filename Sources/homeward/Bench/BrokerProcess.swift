import Foundation

/// `homeward broker` as a child process: for benchmarks that measure this
/// process's memory, so the embedded broker's copy of every record is not
/// counted as the worker's.
final class BrokerProcess {
    private let process = Process()
    /// The broker's bootstrap address.
    let address: String

    /// Starts a broker with `topics` (`NAME:PARTITIONS`) and waits for its address.
    init(topics: [String]) throws {
        process.executableURL = URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0])
        process.arguments = ["broker", "--topics", topics.joined(separator: ","), "--log-level", "error"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line: [UInt8] = []
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            guard let first = byte.first else { break }
            if first == UInt8(ascii: "\n") { break }
            line.append(first)
        }
        address = String(decoding: line, as: UTF8.self)
        guard address.contains(":") else {
            process.terminate()
            throw CommandFailure("the embedded broker did not start (no address on its first line)")
        }
    }

    /// Stops the broker.
    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}
