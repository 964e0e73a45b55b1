public import Foundation
import Synchronization

/// The board's open sessions, in memory: a new random token on every
/// sign-in (a cookie value the board did not hand out is never adopted),
/// an idle limit renewed by use, and an absolute limit.
public final class BoardSessions: Sendable {
    private let sessions = Mutex<[String: BoardSession]>([:])
    /// A session unused this long ends.
    public let idleLimit: TimeInterval
    /// A session ends this long after sign-in, used or not.
    public let absoluteLimit: TimeInterval

    /// Sessions ending after `idleLimit` unused (12 h) or `absoluteLimit` after sign-in (7 d).
    public init(idleLimit: TimeInterval = 12 * 3_600, absoluteLimit: TimeInterval = 7 * 86_400) {
        self.idleLimit = idleLimit
        self.absoluteLimit = absoluteLimit
    }

    /// A new session for `userId`.
    public func open(for userId: String, now: Date) -> BoardSession {
        let session = BoardSession(token: Self.randomToken(), userId: userId, csrfToken: Self.randomToken(), opened: now,
                                   expires: now.addingTimeInterval(idleLimit))
        sessions.withLock { table in
            table = table.filter { $0.value.expires > now }
            table[session.token] = session
        }
        return session
    }

    /// The session of `token` if it has not ended, its idle limit renewed.
    public func session(token: String, now: Date) -> BoardSession? {
        sessions.withLock { table in
            guard var session = table[token] else { return nil }
            guard session.expires > now, now.timeIntervalSince(session.opened) < absoluteLimit else {
                table[token] = nil
                return nil
            }
            session.expires = now.addingTimeInterval(idleLimit)
            table[token] = session
            return session
        }
    }

    /// Ends the session of `token`.
    public func close(token: String) {
        _ = sessions.withLock { $0.removeValue(forKey: token) }
    }

    /// Whether `posted` is `session`'s CSRF token (compared in constant time).
    public func checkCSRF(_ posted: String?, for session: BoardSession) -> Bool {
        guard let posted else { return false }
        return Self.constantTimeEqual(posted, session.csrfToken)
    }

    /// 32 random bytes, base64url without padding.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Whether `a` equals `b`, taking the same time wherever they differ.
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
