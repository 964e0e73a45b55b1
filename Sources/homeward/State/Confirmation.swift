import Foundation

/// Asks the operator on the terminal to confirm a change.
enum Confirmation {
    /// Whether standard input is a terminal the operator can answer on.
    static var isPossible: Bool { isatty(STDIN_FILENO) == 1 }

    /// Asks `question` on stderr and waits for the answer; true only for `yes`.
    static func ask(_ question: String) async throws -> Bool {
        FileHandle.standardError.write(Data((question + " Type yes to go on: ").utf8))
        let answer = try await onOwnThread("state-reset.confirm") { readLine() }
        return answer?.trimmingCharacters(in: .whitespaces).lowercased() == "yes"
    }
}
