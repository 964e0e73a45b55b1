import Foundation
import HTTPTypes
public import Hummingbird

/// Finds who is signed in: the trusted proxy header (when configured), else
/// the session cookie, else (for `/api/`) HTTP Basic credentials. Without
/// one, a page redirects to `/login` and the API answers 401. Open to all:
/// `/health/*`, `/metrics`, `/login` and `/static/*`. Adds security headers to every response.
public struct BoardSignInMiddleware: RouterMiddleware {
    /// The board's context.
    public typealias Context = BoardRequestContext
    private let app: BoardApp

    /// The middleware of `app`.
    public init(app: BoardApp) { self.app = app }

    /// Signs the request in or refuses it.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await signedIn(request, context: context, next: next)
        BoardSecurityHeaders.add(to: &response.headers)
        return response
    }

    private func signedIn(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path.hasPrefix("/health/") || path == "/metrics" || path == "/login" || path.hasPrefix("/static/") || path == "/favicon.ico" {
            return try await next(request, context)
        }
        var context = context
        let signIn = app.signIn
        if let session = SessionCookie.value(in: request.headers[.cookie]).flatMap({ signIn.sessions.session(token: $0, now: Date()) }),
           let user = signIn.users.user(id: session.userId) {
            context.user = user
            context.session = session
            return try await next(request, context)
        }
        if let trusted = signIn.trustedHeader, let user = trusted.user(from: request.headers, in: signIn.users) {
            // A session of its own, so that its forms carry a CSRF token.
            let session = signIn.sessions.open(for: user.id, now: Date())
            context.user = user
            context.session = session
            var response = try await next(request, context)
            response.headers.append(HTTPField(name: .setCookie, value: SessionCookie.setting(session.token, secure: signIn.secureCookies)))
            return response
        }
        if path.hasPrefix("/api/"), let credentials = BasicCredentials(header: request.headers[.authorization]) {
            switch signIn.attempt(id: credentials.userId, password: credentials.password, address: context.clientAddress, logger: app.logger) {
            case .signedIn(let user):
                context.user = user
                return try await next(request, context)
            case .throttled(let wait):
                return BoardResponses.tooManyAttempts(retryAfter: wait)
            case .refused:
                break
            }
        }
        return path.hasPrefix("/api/") ? BoardResponses.unauthorized() : BoardResponses.redirect(to: "/login")
    }
}
