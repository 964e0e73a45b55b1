import Foundation

/// Reads a file (or standard input) line by line as bytes, in large chunks,
/// without holding the whole file. Lines end at `\n`; a trailing `\r` is dropped.
struct LineReader: Sequence, IteratorProtocol {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var finished = false
    /// The 1-based number of the line last returned.
    private(set) var lineNumber = 0
    /// Bytes consumed so far (through the end of the line last returned).
    private(set) var bytesConsumed = 0

    /// Opens `path`, or standard input for `-` / nil.
    init(path: String?) throws {
        if let path, path != "-" {
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw CommandFailure("cannot open \(path): no such file or not readable")
            }
            self.handle = handle
        } else {
            self.handle = FileHandle.standardInput
        }
    }

    mutating func next() -> [UInt8]? {
        while true {
            if let newline = buffer[position...].firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[position..<newline])
                bytesConsumed += newline + 1 - position
                position = newline + 1
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                lineNumber += 1
                return line
            }
            if finished {
                guard position < buffer.count else { return nil }
                var line = Array(buffer[position...])
                bytesConsumed += buffer.count - position
                position = buffer.count
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                lineNumber += 1
                return line
            }
            let chunk = handle.readData(ofLength: 1 << 20)
            buffer.removeFirst(position)
            position = 0
            if chunk.isEmpty { finished = true } else { buffer.append(contentsOf: chunk) }
        }
    }
}

/// A command failure with a message that says what to fix; exits with status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Writes to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
