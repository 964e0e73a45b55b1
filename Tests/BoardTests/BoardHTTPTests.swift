import Foundation
import HomewardContract
import Hummingbird
import HummingbirdBcrypt
import HTTPTypes
import HummingbirdTesting
import Kafka
import Logging
import Testing
@testable import HomewardBoard

/// The board's routes over HTTP, in process: sign-in, scoping, the API,
/// CSRF, cookies and headers. (Acknowledge through Kafka and the live
/// page are checked in a real browser: BoardBrowserTests.)
@Suite("The board over HTTP: who sees and does what")
struct BoardHTTPTests {
    typealias S = BoardSamples
    static let password = "board-test-password-1"

    static func app(secureCookies: Bool = false, trusted: String? = nil) throws -> BoardApp {
        var users = BoardUsers()
        let hash = Bcrypt.hash(password, cost: 4)
        try users.add(BoardUser(id: "sup-0001", role: .supervisor, teams: ["team-north"], passwordHash: hash))
        try users.add(BoardUser(id: "mgr-0001", role: .manager, passwordHash: hash))
        try users.add(BoardUser(id: "view-0001", role: .viewer, teams: ["team-north"], passwordHash: hash))
        let view = BoardView(day: S.start..<S.at(hours: 24))
        view.update { state in
            state.apply(status: S.status("case-1", .urgent, team: "team-north", respondBy: S.at(hours: 2)), caseId: "case-1")
            state.apply(status: S.status("case-2", .emergency, team: "team-south", respondBy: S.at(hours: 1)), caseId: "case-2")
            state.apply(status: S.status("case-3", .review, team: "team-north", respondBy: S.at(hours: 30)), caseId: "case-3")
            return []
        }
        view.markCaughtUp()
        let quiet = Logger(label: "board-test", factory: { _ in SwiftLogNoOpLogHandler() })
        let producer = try BoardDecisionProducer(client: KafkaClientConfiguration(brokers: "127.0.0.1:1"), topic: "homeward.case-events",
                                                 logger: quiet)
        return try BoardApp(view: view, signIn: BoardSignIn(users: users, trustedHeader: trusted.map { TrustedHeaderAuthentication(headerName: $0) },
                                                            secureCookies: secureCookies),
                            decisions: producer, logger: quiet, now: { S.at(hours: 3) })
    }

    static func basic(_ user: String, _ password: String = password) -> HTTPFields {
        [.authorization: "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()]
    }

    static func test(_ app: BoardApp, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await Application(router: BoardRoutes.router(app)).test(.router, body)
    }

    /// Signs `user` in through the form; returns the session cookie and its CSRF token.
    static func signIn(_ client: some TestClientProtocol, _ user: String) async throws -> (cookie: String, csrf: String) {
        let form = try await client.execute(uri: "/login", method: .get)
        let formCookie = try #require(form.headers[.setCookie]?.split(separator: ";").first.map(String.init))
        let token = try #require(String(buffer: form.body).firstMatch(of: /name="csrf" value="([^"]+)"/)?.1)
        let response = try await client.execute(uri: "/login", method: .post,
                                                headers: [.cookie: formCookie, .contentType: "application/x-www-form-urlencoded"],
                                                body: ByteBuffer(string: "csrf=\(token)&user=\(user)&password=\(password)"))
        #expect(response.status == .seeOther)
        let session = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("homeward-session=") })
        let cookie = String(session.split(separator: ";")[0])
        let page = try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie])
        let csrf = try #require(String(buffer: page.body).firstMatch(of: /name="csrf" value="([^"]+)"/)?.1)
        return (cookie, String(csrf))
    }

    @Test("the API answers Basic credentials with the open escalations the user may see, in the board's order, filtered")
    func apiScoping() async throws {
        try await Self.test(try Self.app()) { client in
            let all = try await client.execute(uri: "/api/escalations", method: .get, headers: Self.basic("mgr-0001"))
            #expect(all.status == .ok)
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(buffer: all.body)) as? [[String: Any]])
            #expect(rows.map { $0["caseId"] as? String } == ["case-2", "case-1", "case-3"])
            #expect(rows.first?["overdue"] as? Bool == true && rows.first?["status"] as? String == "raised")
            for field in ["escalationId", "level", "step", "respondBy", "recommendation", "reasons", "evidenceCount", "caseworkerId",
                          "teamId", "raisedAt", "changedAt"] {
                #expect(rows.first?[field] != nil, "\(field)")
            }
            let north = try await client.execute(uri: "/api/escalations", method: .get, headers: Self.basic("sup-0001"))
            #expect(String(buffer: north.body).contains("case-1") && !String(buffer: north.body).contains("case-2"))
            let filtered = try await client.execute(uri: "/api/escalations?level=review", method: .get, headers: Self.basic("mgr-0001"))
            let review = try #require(try JSONSerialization.jsonObject(with: Data(buffer: filtered.body)) as? [[String: Any]])
            #expect(review.map { $0["caseId"] as? String } == ["case-3"])
            let summary = try await client.execute(uri: "/api/summary", method: .get, headers: Self.basic("sup-0001"))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: summary.body)) as? [String: Any])
            #expect((object["openEscalations"] as? [String: Int])?["urgent"] == 1 && (object["openEscalations"] as? [String: Int])?["emergency"] == 0)
        }
    }

    @Test("wrong credentials get 401; five failures in a row get 429 with Retry-After, even with the right password")
    func throttled() async throws {
        try await Self.test(try Self.app()) { client in
            for _ in 0..<5 {
                let wrong = try await client.execute(uri: "/api/summary", method: .get, headers: Self.basic("sup-0001", "wrong-password-xx"))
                #expect(wrong.status == .unauthorized && wrong.headers[.wwwAuthenticate]?.hasPrefix("Basic") == true)
            }
            let refused = try await client.execute(uri: "/api/summary", method: .get, headers: Self.basic("sup-0001"))
            #expect(refused.status == .tooManyRequests)
            #expect(Int(refused.headers[.retryAfter] ?? "") ?? 0 > 0)
        }
    }

    @Test("sign-in sets a new HttpOnly, SameSite=Strict session cookie (Secure behind TLS); a cookie the board did not issue signs nobody in")
    func cookies() async throws {
        for secure in [false, true] {
            try await Self.test(try Self.app(secureCookies: secure)) { client in
                let forged = try await client.execute(uri: "/", method: .get, headers: [.cookie: "homeward-session=chosen-by-attacker"])
                #expect(forged.status == .seeOther && forged.headers[.location] == "/login")
                let (cookie, _) = try await Self.signIn(client, "sup-0001")
                #expect(cookie != "homeward-session=chosen-by-attacker" && cookie.count > 40)
                let form = try await client.execute(uri: "/login", method: .get)
                let attributes = try #require(form.headers[.setCookie])
                #expect(attributes.contains("HttpOnly") && attributes.contains("SameSite=Strict") && attributes.contains("Secure") == secure)
                #expect(form.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            }
        }
    }

    @Test("a supervisor's page shows their team's rows with the actions; a viewer's has no action, and a viewer's POST is refused")
    func pagesAndActions() async throws {
        try await Self.test(try Self.app()) { client in
            let supervisor = try await Self.signIn(client, "sup-0001")
            let page = String(buffer: try await client.execute(uri: "/", method: .get, headers: [.cookie: supervisor.cookie]).body)
            #expect(page.contains("case-1") && page.contains("case-3") && !page.contains("case-2"))
            #expect(page.contains("/escalations/case-1/acknowledge") && page.contains("An escalation recommends; people decide."))
            #expect(page.firstRange(of: "case-1")!.lowerBound < page.firstRange(of: "case-3")!.lowerBound, "urgent before review")

            let viewer = try await Self.signIn(client, "view-0001")
            let seen = String(buffer: try await client.execute(uri: "/", method: .get, headers: [.cookie: viewer.cookie]).body)
            #expect(seen.contains("case-1") && !seen.contains("/acknowledge") && !seen.contains("/resolve"))
            let post = try await client.execute(uri: "/escalations/case-1/acknowledge", method: .post,
                                                headers: [.cookie: viewer.cookie, .contentType: "application/x-www-form-urlencoded"],
                                                body: ByteBuffer(string: "csrf=\(viewer.csrf)&escalationId=esc-case-1"))
            #expect(post.status == .forbidden)
            let noToken = try await client.execute(uri: "/escalations/case-1/acknowledge", method: .post,
                                                   headers: [.cookie: supervisor.cookie, .contentType: "application/x-www-form-urlencoded"],
                                                   body: ByteBuffer(string: "escalationId=esc-case-1"))
            #expect(noToken.status == .forbidden)
        }
    }

    @Test("with the trusted header configured, a listed user is signed in by it; an unlisted id, or no header, is not")
    func trustedHeader() async throws {
        try await Self.test(try Self.app(trusted: "X-Remote-User")) { client in
            let name = HTTPField.Name("X-Remote-User")!
            let listed = try await client.execute(uri: "/", method: .get, headers: [name: "mgr-0001"])
            #expect(listed.status == .ok && String(buffer: listed.body).contains("case-2"))
            #expect(listed.headers[.setCookie]?.hasPrefix("homeward-session=") == true, "a session of its own, for CSRF")
            let unlisted = try await client.execute(uri: "/", method: .get, headers: [name: "nobody"])
            #expect(unlisted.status == .seeOther)
        }
        try await Self.test(try Self.app()) { client in
            let off = try await client.execute(uri: "/", method: .get, headers: [HTTPField.Name("X-Remote-User")!: "mgr-0001"])
            #expect(off.status == .seeOther, "off unless configured")
        }
    }

    @Test("the page names the view's version it was rendered at, for its live stream to start from")
    func pageCarriesTheVersion() async throws {
        let app = try Self.app()
        let version = app.view.version
        try await Self.test(app) { client in
            let (cookie, _) = try await Self.signIn(client, "sup-0001")
            let page = String(buffer: try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]).body)
            #expect(page.contains(#"data-version="\#(version)""#), "\(page.prefix(3_000))")
            let script = String(buffer: try await client.execute(uri: "/static/board.js", method: .get).body)
            #expect(script.contains("since="), "the script opens its stream from the page's version")
        }
    }

    @Test("a live event upserts a row the user may see and the filter admits, and removes one they may not")
    func liveEvents() throws {
        let app = try Self.app()
        let supervisor = try #require(app.signIn.users.user(id: "sup-0001"))
        let upsert = BoardEventStream.event(for: .changed(caseId: "case-1"), view: app.view, page: app.page, user: supervisor,
                                            filter: BoardFilter(), csrf: "t", now: S.at(hours: 3))
        #expect(upsert.hasPrefix("event: upsert\ndata: {") && upsert.contains("case-1") && upsert.hasSuffix("\n\n"))
        #expect(!upsert.dropFirst(14).dropLast(2).contains("\n"), "one data line")
        let other = BoardEventStream.event(for: .changed(caseId: "case-2"), view: app.view, page: app.page, user: supervisor,
                                           filter: BoardFilter(), csrf: "t", now: S.at(hours: 3))
        #expect(other.hasPrefix("event: remove") && !other.contains("emergency"))
        let filtered = BoardEventStream.event(for: .changed(caseId: "case-1"), view: app.view, page: app.page, user: supervisor,
                                              filter: BoardFilter(level: .review), csrf: "t", now: S.at(hours: 3))
        #expect(filtered.hasPrefix("event: remove"))
    }
}
