import ArgumentParser
import Foundation

/// Reads a new password from stdin: one line from a pipe, or typed twice
/// without echo on a terminal (prompts on stderr).
enum PasswordInput {
    /// The shortest password accepted.
    static let minimumLength = 12

    /// The password.
    ///
    /// - Throws: when none was given, it is too short, or the two typed differ.
    static func read(confirm: Bool) throws -> String {
        let password: String
        if isatty(STDIN_FILENO) != 0 {
            password = try typed("Password: ")
            if confirm, try typed("Again: ") != password { throw ValidationError("the two passwords differ") }
        } else {
            password = readLine(strippingNewline: true) ?? ""
        }
        guard !password.isEmpty else { throw ValidationError("give the password on stdin (one line), or type it at the prompt") }
        guard password.count >= minimumLength else {
            throw ValidationError("the password must be at least \(minimumLength) characters")
        }
        return password
    }

    /// A line typed at `prompt` with echo off.
    private static func typed(_ prompt: String) throws -> String {
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSANOW, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true) ?? ""
    }
}
