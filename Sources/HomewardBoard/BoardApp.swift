public import HomewardContract
import Foundation
public import Logging

/// Everything the board's routes use: the view, the pages, sign-in, the
/// producer of decisions, and the clock.
public struct BoardApp: Sendable {
    /// The view the feed builds.
    public let view: BoardView
    /// The page renderer.
    public let page: BoardPage
    /// Users, sessions, throttle.
    public let signIn: BoardSignIn
    /// Where decisions go.
    public let decisions: BoardDecisionProducer
    /// Now, for time left and the decisions' times.
    public let now: @Sendable () -> Timestamp
    /// For the board's own log lines (user ids only; never passwords or tokens).
    public let logger: Logger

    /// The board over `view`.
    public init(view: BoardView, signIn: BoardSignIn, decisions: BoardDecisionProducer, logger: Logger,
                now: @escaping @Sendable () -> Timestamp = BoardApp.wallClock) throws {
        self.view = view
        page = try BoardPage()
        self.signIn = signIn
        self.decisions = decisions
        self.now = now
        self.logger = logger
    }

    /// The system clock.
    public static let wallClock: @Sendable () -> Timestamp = {
        Timestamp(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1_000))
    }
}
