import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import HomewardBoard

/// Every route of the board, attacked: without a session, from another
/// team, and without the CSRF token.
@Suite("The board's routes refuse what they must")
struct BoardSecurityTests {
    typealias H = BoardHTTPTests

    /// Every route that needs a signed-in user, with its method.
    static let protectedRoutes: [(HTTPRequest.Method, String)] = [
        (.get, "/"), (.get, "/?team=team-south"), (.get, "/events"), (.get, "/api/escalations"), (.get, "/api/summary"),
        (.post, "/logout"), (.post, "/escalations/case-1/acknowledge"), (.post, "/escalations/case-1/resolve"),
    ]

    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    @Test("every route but sign-in, health, metrics and the assets refuses a request without a session: pages redirect to /login, the API answers 401 with a Basic challenge, and no case shows")
    func noSessionNoData() async throws {
        try await H.test(try H.app()) { client in
            for (method, path) in Self.protectedRoutes {
                let response = try await client.execute(uri: path, method: method, headers: method == .post ? Self.form : [:],
                                                        body: ByteBuffer(string: "csrf=x&escalationId=esc-case-1&outcome=no-further-action"))
                let body = String(buffer: response.body)
                #expect(!body.contains("case-1") && !body.contains("case-2"), "\(method) \(path) shows a case without a session")
                if path.hasPrefix("/api/") {
                    #expect(response.status == .unauthorized, "\(method) \(path): \(response.status)")
                    #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Basic") == true)
                } else {
                    #expect(response.status == .seeOther && response.headers[.location] == "/login", "\(method) \(path): \(response.status)")
                }
            }
            for path in ["/login", "/static/board.css", "/static/board.js"] {
                #expect(try await client.execute(uri: path, method: .get).status == .ok, "\(path) is open")
            }
        }
    }

    @Test("a supervisor of team-north cannot read or act on team-south's case through the page, a filter, the API or a decision")
    func otherTeamsCasesAreOutOfReach() async throws {
        try await H.test(try H.app()) { client in
            let north = try await H.signIn(client, "sup-0001")
            for path in ["/", "/?team=team-south", "/?level=emergency", "/api/escalations", "/api/escalations?team=team-south",
                         "/api/escalations?level=emergency", "/api/summary"] {
                let response = try await client.execute(uri: path, method: .get, headers: [.cookie: north.cookie])
                #expect(response.status == .ok, "\(path): \(response.status)")
                #expect(!String(buffer: response.body).contains("case-2"), "\(path) shows team-south's case")
            }
            let basic = try await client.execute(uri: "/api/escalations?team=team-south", method: .get, headers: H.basic("sup-0001"))
            #expect(basic.status == .ok && !String(buffer: basic.body).contains("case-2"))
            let summary = try #require(try JSONSerialization.jsonObject(with: Data(buffer: basic.body)) as? [Any])
            #expect(summary.isEmpty, "no team-south row through Basic either")
            for action in ["acknowledge", "resolve"] {
                var headers = Self.form
                headers[.cookie] = north.cookie
                let response = try await client.execute(uri: "/escalations/case-2/\(action)", method: .post, headers: headers,
                                                        body: ByteBuffer(string: "csrf=\(north.csrf)&escalationId=esc-case-2&outcome=no-further-action"))
                #expect(response.status == .seeOther && response.headers[.location] == "/?done=gone",
                        "\(action) on another team's case is not carried out: \(response.status) \(response.headers[.location] ?? "")")
            }
        }
    }

    @Test("every POST checks its CSRF token: none, a wrong one, or another user's is refused, and the session is left as it was")
    func csrfOnEveryPost() async throws {
        try await H.test(try H.app()) { client in
            let north = try await H.signIn(client, "sup-0001")
            let manager = try await H.signIn(client, "mgr-0001")
            for path in ["/logout", "/escalations/case-1/acknowledge", "/escalations/case-1/resolve"] {
                for token in [nil, "wrong-token-0000000000000000000000000000000", manager.csrf] {
                    var headers = Self.form
                    headers[.cookie] = north.cookie
                    let body = (token.map { "csrf=\($0)&" } ?? "") + "escalationId=esc-case-1&outcome=no-further-action"
                    let response = try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
                    #expect(response.status == .forbidden, "POST \(path) with token \(token ?? "none"): \(response.status)")
                }
            }
            let still = try await client.execute(uri: "/", method: .get, headers: [.cookie: north.cookie])
            #expect(still.status == .ok && String(buffer: still.body).contains("case-1"), "the refused sign-out left the session")
            let signIn = try await client.execute(uri: "/login", method: .post, headers: Self.form,
                                                  body: ByteBuffer(string: "user=sup-0001&password=\(H.password)"))
            #expect(signIn.status == .forbidden, "a sign-in without the form's token is refused: \(signIn.status)")
            #expect(signIn.headers[values: .setCookie].allSatisfy { !$0.hasPrefix("homeward-session=") })
        }
    }
}
