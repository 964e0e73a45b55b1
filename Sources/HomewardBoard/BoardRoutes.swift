import Foundation
import HomewardContract
public import Hummingbird

/// The board's routes: the list page, its live events, sign-in and
/// sign-out, acknowledge and resolve, the JSON API and assets. The
/// process adds `/metrics` and `/health/*` (the operations routes, with
/// the board's readiness: ``BoardView/isCaughtUp``), open to all.
public enum BoardRoutes {
    /// A router with every route of `app`, behind ``BoardSignInMiddleware``.
    public static func router(_ app: BoardApp) -> Router<BoardRequestContext> {
        let router = Router(context: BoardRequestContext.self)
        router.add(middleware: BoardSignInMiddleware(app: app))
        addAssets(to: router)
        BoardSignInRoutes.add(to: router, app)
        addList(to: router, app)
        BoardActionRoutes.add(to: router, app)
        addAPI(to: router, app)
        return router
    }

    private static func addAssets(to router: Router<BoardRequestContext>) {
        router.get("/static/board.css") { _, _ in BoardResponses.text(BoardAssets.css, contentType: "text/css; charset=utf-8") }
        router.get("/static/board.js") { _, _ in BoardResponses.text(BoardAssets.script, contentType: "text/javascript; charset=utf-8") }
        router.get("/favicon.ico") { _, _ in Response(status: .noContent) }
    }

    private static func addList(to router: Router<BoardRequestContext>, _ app: BoardApp) {
        router.get("/") { request, context in
            guard let user = context.user, let session = context.session else { return BoardResponses.redirect(to: "/login") }
            let filter = BoardFilter(query: request.uri.query)
            return BoardResponses.html(app.page.render(view: app.view, user: user, filter: filter,
                                                       page: BoardFilter.page(query: request.uri.query), csrf: session.csrfToken,
                                                       message: BoardFilter.message(query: request.uri.query), now: app.now()))
        }
        router.get("/events") { request, context in
            guard let user = context.user, let session = context.session else { return BoardResponses.unauthorized() }
            let since = BoardFilter.since(query: request.uri.query, lastEventID: request.headers.first { $0.name.canonicalName == "last-event-id" }?.value)
            return BoardEventStream.response(view: app.view, page: app.page, user: user, filter: BoardFilter(query: request.uri.query),
                                             csrf: session.csrfToken, since: since, now: app.now)
        }
    }

    private static func addAPI(to router: Router<BoardRequestContext>, _ app: BoardApp) {
        router.get("/api/escalations") { request, context in
            guard let user = context.user else { return BoardResponses.unauthorized() }
            return BoardResponses.json(try BoardJSON.escalations(app.view.rows(for: user, filter: BoardFilter(query: request.uri.query),
                                                                               now: app.now())))
        }
        router.get("/api/summary") { _, context in
            guard let user = context.user else { return BoardResponses.unauthorized() }
            return BoardResponses.json(try BoardJSON.summary(rows: app.view.rows(for: user, filter: BoardFilter(), now: app.now()),
                                                             today: app.view.today))
        }
    }
}
