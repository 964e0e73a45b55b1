import Foundation
import HomewardBoard
import HummingbirdBcrypt
import Testing

@Suite("Board sign-in: the users file, sessions, the throttle, credentials")
struct BoardSignInTests {
    static func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("users-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("the users file is written readable by its owner only and reads back; passwords verify against their hash only")
    func roundTrip() throws {
        var users = BoardUsers()
        try users.add(BoardUser(id: "sup-0001", role: .supervisor, teams: ["team-north"], passwordHash: Bcrypt.hash("right-password-1", cost: 4)))
        try users.add(BoardUser(id: "oc-0001", role: .onCall, passwordHash: Bcrypt.hash("right-password-2", cost: 4)))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("users-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try users.write(to: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let read = try BoardUsers(contentsOf: path)
        #expect(read.all == users.all)
        #expect(read.authenticate(id: "sup-0001", password: "right-password-1")?.role == .supervisor)
        #expect(read.authenticate(id: "sup-0001", password: "right-password-2") == nil)
        #expect(read.authenticate(id: "nobody", password: "right-password-1") == nil)
        #expect(!(try String(contentsOfFile: path, encoding: .utf8)).contains("right-password"))
        #expect(throws: BoardUsersError.self) { try users.add(BoardUser(id: "oc-0001", role: .manager)) }
        try users.add(BoardUser(id: "oc-0001", role: .manager), replacing: true)
        #expect(users.user(id: "oc-0001")?.role == .manager)
    }

    @Test("an invalid users file is refused naming the user and what is wrong", arguments: [
        ("users:\n  - {id: a, role: manager}\n  - {id: a, role: viewer}\n", "user 2", "appears twice"),
        ("users:\n  - {id: sup-1, role: supervisor}\n", "user 1", "at least one team"),
        ("users:\n  - {id: 'A. de Vries', role: manager}\n", "user 1", "id must be"),
        ("users:\n  - {id: m, role: manager, passwordHash: plain}\n", "user 1", "not a bcrypt hash"),
        ("users:\n  - {id: m, role: boss}\n", "is not a users file", "role"),
    ])
    func invalid(text: String, names: String, problem: String) throws {
        let path = try Self.file(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try BoardUsers(contentsOf: path)
            Issue.record("accepted \(text)")
        } catch {
            #expect("\(error)".contains(path) && "\(error)".contains(names) && "\(error)".contains(problem), "\(error)")
        }
    }

    @Test("who sees and acts on which team's cases")
    func access() {
        let supervisor = BoardUser(id: "s", role: .supervisor, teams: ["north"])
        let viewer = BoardUser(id: "v", role: .viewer), scopedViewer = BoardUser(id: "w", role: .viewer, teams: ["north"])
        for role in [BoardRole.manager, .onCall] { #expect(BoardUser(id: "x", role: role).mayAct(onTeam: "south")) }
        #expect(supervisor.mayAct(onTeam: "north") && !supervisor.maySee(team: "south") && !supervisor.mayAct(onTeam: "south"))
        #expect(viewer.maySee(team: "south") && !viewer.mayAct(onTeam: "south"))
        #expect(scopedViewer.maySee(team: "north") && !scopedViewer.maySee(team: "south"))
    }

    @Test("a session lasts while used, ends after its idle or absolute limit or on sign-out, and checks its own CSRF token only")
    func sessions() {
        let sessions = BoardSessions(idleLimit: 600, absoluteLimit: 3_600)
        let start = Date(timeIntervalSince1970: 1_000_000)
        let session = sessions.open(for: "sup-0001", now: start)
        let other = sessions.open(for: "sup-0001", now: start)
        #expect(session.token != other.token && session.csrfToken != other.csrfToken && session.token.count == 43)
        #expect(sessions.session(token: session.token, now: start + 500)?.userId == "sup-0001")
        #expect(sessions.session(token: session.token, now: start + 1_000) != nil, "renewed by the use at +500")
        #expect(sessions.session(token: session.token, now: start + 1_700) == nil, "idle for 700 s")
        var used = other
        for minute in stride(from: 5, through: 55, by: 5) { used = sessions.session(token: other.token, now: start + Double(minute * 60)) ?? used }
        #expect(sessions.session(token: other.token, now: start + 3_601) == nil, "the absolute limit")
        let third = sessions.open(for: "mgr-0001", now: start)
        #expect(sessions.checkCSRF(third.csrfToken, for: third) && !sessions.checkCSRF(other.csrfToken, for: third))
        #expect(!sessions.checkCSRF(nil, for: third) && !sessions.checkCSRF(String(third.csrfToken.dropLast()), for: third))
        sessions.close(token: third.token)
        #expect(sessions.session(token: third.token, now: start) == nil)
    }

    @Test("five failures within the window refuse the user, and the address, until the oldest is a window old; memory stays bounded")
    func throttle() {
        let throttle = SignInThrottle(limit: 5, window: 900, capacity: 10)
        let start = Date(timeIntervalSince1970: 2_000_000)
        for second in 0..<4 { throttle.recordFailure(userId: "sup-0001", address: "10.0.0.1", now: start + Double(second)) }
        #expect(throttle.allows(userId: "sup-0001", address: "10.0.0.1", now: start + 10))
        throttle.recordFailure(userId: "sup-0001", address: "10.0.0.1", now: start + 10)
        #expect(!throttle.allows(userId: "sup-0001", address: "10.0.0.9", now: start + 11), "the user, from anywhere")
        #expect(!throttle.allows(userId: "mgr-0001", address: "10.0.0.1", now: start + 11), "the address, for anyone")
        #expect(throttle.allows(userId: "mgr-0001", address: "10.0.0.9", now: start + 11))
        let wait = throttle.retryAfter(userId: "sup-0001", address: "10.0.0.9", now: start + 100)
        #expect(wait == .seconds(800))
        #expect(throttle.allows(userId: "sup-0001", address: "10.0.0.9", now: start + 901))
        for n in 0..<100 { throttle.recordFailure(userId: "u\(n)", address: "a\(n)", now: start + 1_000) }
        #expect(throttle.trackedKeys <= 10)
    }

    @Test("cookies and Basic credentials are read as browsers and clients send them")
    func credentials() {
        #expect(SessionCookie.value(in: "a=1; homeward-session=abc ; b=2") == "abc")
        #expect(SessionCookie.value(in: #"homeward-session="quoted""#) == "quoted")
        #expect(SessionCookie.value(in: "other=1") == nil && SessionCookie.value(in: "homeward-session=") == nil && SessionCookie.value(in: nil) == nil)
        #expect(SessionCookie.clearing(secure: false).contains("Max-Age=0"))
        let encoded = Data("sup-0001:pass:with:colons".utf8).base64EncodedString()
        let credentials = BasicCredentials(header: "basic \(encoded)")
        #expect(credentials?.userId == "sup-0001" && credentials?.password == "pass:with:colons")
        #expect(BasicCredentials(header: "Basic !!!") == nil && BasicCredentials(header: "Bearer \(encoded)") == nil)
        #expect(BasicCredentials(header: "Basic " + Data("nocolon".utf8).base64EncodedString()) == nil)
        #expect(BasicCredentials(header: "Basic " + Data(":password".utf8).base64EncodedString()) == nil)
    }
}
