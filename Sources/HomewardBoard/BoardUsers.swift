import Foundation
import HummingbirdBcrypt
import Yams

/// The board's users, from a YAML file (`homeward dashboard user add`
/// writes it, mode 0600):
///
/// ```yaml
/// users:
///   - id: sup-0001
///     role: supervisor          # supervisor | on-call | manager | viewer
///     teams: [team-north]
///     passwordHash: $2b$12$…    # bcrypt
/// ```
public struct BoardUsers: Sendable {
    /// The users, by id.
    public private(set) var byId: [String: BoardUser] = [:]

    /// The bcrypt cost of new hashes.
    public static let cost: UInt8 = 12

    /// A hash checked when the id is unknown, so that an unknown id takes as long as a wrong password.
    private static let dummyHash = Bcrypt.hash("homeward-no-such-user", cost: cost)

    /// No users.
    public init() {}

    /// The users of the file at `path`; none when it does not exist.
    ///
    /// - Throws: ``BoardUsersError`` naming the file, the user and the field.
    public init(contentsOf path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw BoardUsersError(path, "cannot be read: \(error.localizedDescription)")
        }
        let file: UsersFile
        do { file = try YAMLDecoder().decode(UsersFile.self, from: text) } catch {
            throw BoardUsersError(path, "is not a users file (users: [{id, role, teams, passwordHash}]): \(Self.firstLine(of: error))")
        }
        for (index, user) in (file.users ?? []).enumerated() {
            try Self.check(user, in: self, path: path, index: index)
            byId[user.id] = user
        }
    }

    /// The user `id`, if any.
    public func user(id: String) -> BoardUser? { byId[id] }

    /// Every user, by id.
    public var all: [BoardUser] { byId.values.sorted { $0.id < $1.id } }

    /// The user `id` if `password` is theirs; the same work whether or not the id exists.
    public func authenticate(id: String, password: String) -> BoardUser? {
        guard let user = byId[id], let hash = user.passwordHash else {
            _ = Bcrypt.verify(password, hash: Self.dummyHash)
            return nil
        }
        return Bcrypt.verify(password, hash: hash) ? user : nil
    }

    /// Adds `user`, or replaces the user with its id when `replacing`.
    ///
    /// - Throws: ``BoardUsersError`` when the id exists and `replacing` is false, or the user is invalid.
    public mutating func add(_ user: BoardUser, replacing: Bool = false) throws {
        if byId[user.id] != nil && !replacing {
            throw BoardUsersError("", "\(user.id) exists already: use --replace to change it")
        }
        var others = self
        others.byId[user.id] = nil
        try Self.check(user, in: others, path: "", index: nil)
        byId[user.id] = user
    }

    /// Removes the user `id`; false when there was none.
    public mutating func remove(id: String) -> Bool { byId.removeValue(forKey: id) != nil }

    /// Writes the users to `path` atomically, readable by its owner only.
    public func write(to path: String) throws {
        let text = try YAMLEncoder().encode(UsersFile(users: all))
        let header = "# Homeward escalation board users: homeward dashboard user add|list|remove. Bcrypt hashes; keep this file private.\n"
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data((header + text).utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw BoardUsersError(path, "cannot be written (check the directory exists and is writable)")
        }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw BoardUsersError(path, "cannot be replaced (errno \(errno))")
        }
    }

    private static func check(_ user: BoardUser, in users: BoardUsers, path: String, index: Int?) throws {
        guard user.id.range(of: #"^[A-Za-z0-9._-]{1,64}$"#, options: .regularExpression) != nil else {
            throw BoardUsersError(path, user: index, "id must be 1-64 letters, digits, '.', '_' or '-' (a staff id, never a name)")
        }
        guard users.byId[user.id] == nil else { throw BoardUsersError(path, user: index, "id \(user.id) appears twice") }
        guard user.role != .supervisor || !user.teams.isEmpty else {
            throw BoardUsersError(path, user: index, "\(user.id) is a supervisor: teams must name at least one team")
        }
        if let hash = user.passwordHash, !hash.hasPrefix("$2") {
            throw BoardUsersError(path, user: index, "passwordHash of \(user.id) is not a bcrypt hash ($2…): set it with homeward dashboard user add")
        }
    }

    private static func firstLine(of error: any Error) -> String {
        "\(error)".split(separator: "\n").first.map(String.init) ?? ""
    }
}

/// The file's shape.
private struct UsersFile: Codable {
    var users: [BoardUser]?
}
