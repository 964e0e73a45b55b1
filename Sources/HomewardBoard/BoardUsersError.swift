/// Why the users file cannot be used: which file, which user, which field.
public struct BoardUsersError: Error, CustomStringConvertible {
    /// What is wrong and how to fix it.
    public let description: String

    /// An error about `path`, for the user at `index` (0-based) if any.
    init(_ path: String, user index: Int? = nil, _ problem: String) {
        description = "users file \(path)" + (index.map { ", user \($0 + 1)" } ?? "") + ": \(problem)"
    }
}
