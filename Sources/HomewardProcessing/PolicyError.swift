/// Why a policy file was refused at start-up: which file, where in it, and
/// what is wrong, so the operator knows the fix.
public struct PolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file (empty when not known yet).
    public var file: String
    /// Where in the file, as a dotted path (`aftercare.overdue.after`).
    public var path: String
    /// What is wrong and what is expected.
    public var message: String

    /// Creates an error.
    public init(file: String = "", path: String, message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    /// `file: path: message`.
    public var description: String {
        [file, path].filter { !$0.isEmpty }.map { $0 + ": " }.joined() + message
    }
}
