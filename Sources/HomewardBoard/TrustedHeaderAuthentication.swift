public import HTTPTypes

/// Sign-in by a reverse proxy: the proxy signs the user in and puts their
/// id in a header the board trusts. Off unless configured (anyone who can
/// reach the board directly could set the header); the user must still be
/// in the users file, which gives their role and teams.
public struct TrustedHeaderAuthentication: Sendable {
    /// The header's name.
    public let headerName: String

    /// Trusts `headerName`.
    public init(headerName: String) { self.headerName = headerName }

    /// The user the header names, if the request has it and the user exists.
    public func user(from headers: HTTPFields, in users: BoardUsers) -> BoardUser? {
        guard let name = HTTPField.Name(headerName), let id = headers[name]?.trimmingCharacters(in: .whitespaces), !id.isEmpty else {
            return nil
        }
        return users.user(id: id)
    }
}
