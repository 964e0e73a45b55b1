public import Hummingbird
import NIOCore

/// A request to the board: who is signed in (set by ``BoardSignInMiddleware``),
/// their session, and the client's address (for the sign-in throttle).
public struct BoardRequestContext: RequestContext {
    /// Hummingbird's own storage.
    public var coreContext: CoreRequestContextStorage
    /// The signed-in user, once the middleware found one.
    public var user: BoardUser?
    /// Their session (nil when signed in by Basic credentials or the trusted header).
    public var session: BoardSession?
    /// The client's IP address, or "unknown".
    public let clientAddress: String

    /// A context for a request on `source`'s channel.
    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}
