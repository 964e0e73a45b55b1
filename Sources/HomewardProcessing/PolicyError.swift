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

extension PolicyError {
    /// The error a policy file's decoding threw, as a ``PolicyError`` of
    /// `file`: a setting's own error (which YAML decoders wrap in
    /// `DecodingError.dataCorrupted`) keeps its path; anything else is
    /// reported as a file that is not valid YAML.
    public static func located(_ error: any Error, file: String) -> PolicyError {
        var current: any Error = error
        while true {
            if var policy = current as? PolicyError {
                policy.file = file
                return policy
            }
            guard case DecodingError.dataCorrupted(let context) = current else { break }
            guard let underlying = context.underlyingError else {
                return PolicyError(file: file, path: PolicyFields.render(context.codingPath), message: "not valid YAML: \(context.debugDescription)")
            }
            current = underlying
        }
        return PolicyError(file: file, path: "", message: "not valid YAML: \(current)")
    }
}
