import Foundation
import HomewardContract
import Hummingbird

/// `POST /escalations/{case}/acknowledge` and `…/resolve`: a person decides;
/// the board produces the contract's event to `case-events`, and the
/// escalator does the rest. Refused without the session's CSRF token, for
/// a user who may not act on the case's team, or for an escalation that is
/// no longer the case's open one.
enum BoardActionRoutes {
    static func add(to router: Router<BoardRequestContext>, _ app: BoardApp) {
        router.post("/escalations/:case/acknowledge") { request, context in
            try await decide(request, context, app) { _ in .acknowledge }
        }
        router.post("/escalations/:case/resolve") { request, context in
            try await decide(request, context, app) { fields in
                fields["outcome"].flatMap(ResolutionOutcome.init(rawValue:)).map(BoardDecision.resolve)
            }
        }
    }

    private static func decide(_ request: Request, _ context: BoardRequestContext, _ app: BoardApp,
                               decision: ([String: String]) -> BoardDecision?) async throws -> Response {
        let fields = await BoardForms.fields(of: request)
        guard let user = context.user, let session = context.session, app.signIn.sessions.checkCSRF(fields["csrf"], for: session) else {
            return BoardResponses.forbidden("refused: the form's CSRF token is missing or wrong; reload the page and try again")
        }
        guard let caseId = context.parameters.get("case"), let decided = decision(fields) else {
            return BoardResponses.text("say which outcome: one of \(ResolutionOutcome.allCases.map(\.rawValue).joined(separator: ", "))\n",
                                       status: .badRequest)
        }
        let now = app.now()
        guard let row = app.view.row(caseId: caseId, for: user, now: now), row.escalation.escalationId.rawValue == fields["escalationId"] else {
            return BoardResponses.redirect(to: "/?done=gone")
        }
        guard row.mayAct else { return BoardResponses.forbidden("refused: \(user.id) may not act on team \(row.escalation.teamId)") }
        try await app.decisions.send(decided.event(escalationId: row.escalation.escalationId, caseId: row.escalation.caseId,
                                                   userId: user.id, now: now))
        app.logger.notice("board decision", metadata: ["user": "\(user.id)", "case": "\(caseId)", "decision": "\(decided)"])
        switch decided {
        case .acknowledge: return BoardResponses.redirect(to: "/?done=acknowledged")
        case .resolve: return BoardResponses.redirect(to: "/?done=resolved")
        }
    }
}
