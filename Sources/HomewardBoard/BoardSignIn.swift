import Foundation
import Logging

/// Who may sign in, and how: the users file, the sessions, the throttle on
/// failed sign-ins, and the optional trusted reverse-proxy header.
public struct BoardSignIn: Sendable {
    /// The board's users.
    public var users: BoardUsers
    /// Open sessions.
    public let sessions: BoardSessions
    /// Failed sign-ins, per user and address.
    public let throttle: SignInThrottle
    /// When set, the header a reverse proxy fills with the signed-in user's id.
    public var trustedHeader: TrustedHeaderAuthentication?
    /// Whether the board is served over TLS (cookies get `Secure`).
    public var secureCookies: Bool

    /// Sign-in for `users`; no trusted header unless given.
    public init(users: BoardUsers, trustedHeader: TrustedHeaderAuthentication? = nil, secureCookies: Bool = false) {
        self.users = users
        sessions = BoardSessions()
        throttle = SignInThrottle()
        self.trustedHeader = trustedHeader
        self.secureCookies = secureCookies
    }

    /// The user `id` with `password`, unless the throttle refuses the
    /// attempt (`.throttled` with when to retry) or the password is wrong.
    func attempt(id: String, password: String, address: String, logger: Logger) -> SignInAttempt {
        let now = Date()
        if let wait = throttle.retryAfter(userId: id, address: address, now: now) { return .throttled(retryAfter: wait) }
        guard let user = users.authenticate(id: id, password: password) else {
            throttle.recordFailure(userId: id, address: address, now: now)
            // Not the id typed: someone may have typed their password into it.
            logger.notice("board sign-in refused", metadata: ["client": "\(address)"])
            return .refused
        }
        throttle.recordSuccess(userId: id, address: address)
        return .signedIn(user)
    }
}

/// What became of a sign-in attempt.
enum SignInAttempt {
    /// The password matched.
    case signedIn(BoardUser)
    /// Wrong id or password.
    case refused
    /// Too many failures: try again after this long.
    case throttled(retryAfter: Duration)
}
