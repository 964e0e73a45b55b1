import Foundation
import HTTPTypes
import Hummingbird

/// `GET /login`, `POST /login`, `POST /logout`. The sign-in form carries a
/// token that must match a cookie set with the form (no session exists
/// yet to hold a CSRF token); every sign-in opens a new session.
enum BoardSignInRoutes {
    /// The cookie holding the sign-in form's token.
    static let formCookie = "homeward-signin"

    static func add(to router: Router<BoardRequestContext>, _ app: BoardApp) {
        router.get("/login") { request, _ in form(app, reusing: SessionCookie.value(in: request.headers[.cookie], named: formCookie)) }
        router.post("/login") { request, context in
            let fields = await BoardForms.fields(of: request)
            let expected = SessionCookie.value(in: request.headers[.cookie], named: formCookie)
            guard let expected, let posted = fields["csrf"], BoardSessions.constantTimeEqual(expected, posted) else {
                return BoardResponses.forbidden("sign-in refused: the form's token is missing or wrong; reload the sign-in page")
            }
            switch app.signIn.attempt(id: fields["user"] ?? "", password: fields["password"] ?? "", address: context.clientAddress,
                                      logger: app.logger) {
            case .signedIn(let user):
                let session = app.signIn.sessions.open(for: user.id, now: Date())
                app.logger.notice("board sign-in", metadata: ["user": "\(user.id)"])
                var response = BoardResponses.redirect(to: "/")
                response.headers.append(HTTPField(name: .setCookie, value: SessionCookie.setting(session.token, secure: app.signIn.secureCookies)))
                response.headers.append(HTTPField(name: .setCookie, value: SessionCookie.clearing(named: formCookie, secure: app.signIn.secureCookies)))
                return response
            case .refused:
                return form(app, reusing: expected, message: "Wrong staff id or password.", status: .unauthorized)
            case .throttled(let wait):
                return BoardResponses.tooManyAttempts(retryAfter: wait)
            }
        }
        router.post("/logout") { request, context in
            let fields = await BoardForms.fields(of: request)
            guard let session = context.session, app.signIn.sessions.checkCSRF(fields["csrf"], for: session) else {
                return BoardResponses.forbidden("sign-out refused: the form's CSRF token is missing or wrong; reload the page")
            }
            app.signIn.sessions.close(token: session.token)
            var response = BoardResponses.redirect(to: "/login")
            response.headers.append(HTTPField(name: .setCookie, value: SessionCookie.clearing(secure: app.signIn.secureCookies)))
            return response
        }
    }

    /// The sign-in page, with its form token in a cookie and the form: the
    /// browser's token when it has one (another tab's form stays valid), else a new one.
    private static func form(_ app: BoardApp, reusing existing: String? = nil, message: String? = nil,
                             status: HTTPResponse.Status = .ok) -> Response {
        let token = existing.flatMap { $0.count == 43 ? $0 : nil } ?? BoardSessions.randomToken()
        let cookie = SessionCookie.setting(token, named: formCookie, secure: app.signIn.secureCookies, maxAge: 3_600)
        return BoardResponses.html(app.page.renderLogin(csrf: token, message: message), status: status, headers: [.setCookie: cookie])
    }
}
