import ArgumentParser
import Foundation
import HomewardBoard
import HummingbirdBcrypt

/// `homeward dashboard user add|list|remove`: the board's users file.
struct DashboardUserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Add, list or remove escalation board users (a YAML file of staff ids, roles, teams and bcrypt hashes).",
        subcommands: [DashboardUserAddCommand.self, DashboardUserListCommand.self, DashboardUserRemoveCommand.self]
    )
}

/// Where the users file is.
struct BoardUsersFileOption: ParsableArguments {
    @Option(help: "The users file.")
    var users: String = "config/board-users.yaml"

    /// The users in the file (none when it does not exist yet).
    func load() throws -> BoardUsers {
        do { return try BoardUsers(contentsOf: users) } catch { throw ValidationError("\(error)") }
    }
}

/// `homeward dashboard user add ID --role R [--team T]…`: reads the password from stdin.
struct DashboardUserAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a board user; the password is read from stdin (asked twice, without echo, on a terminal).",
        discussion: "Example: printf '%s\\n' \"$PASSWORD\" | homeward dashboard user add sup-0001 --role supervisor --team team-north"
    )

    @Argument(help: "The user's staff id (as in the directory; never a name).")
    var id: String

    @Option(help: "supervisor (their teams' cases), on-call or manager (every case), viewer (read only).")
    var role: BoardRole

    @Option(name: .customLong("team"), help: "A team the user is scoped to (repeatable; a supervisor needs one).")
    var teams: [String] = []

    @Flag(help: "Replace the user if the id exists.")
    var replace = false

    @OptionGroup var file: BoardUsersFileOption

    func run() throws {
        var users = try file.load()
        let password = try PasswordInput.read(confirm: true)
        do {
            try users.add(BoardUser(id: id, role: role, teams: teams, passwordHash: Bcrypt.hash(password, cost: BoardUsers.cost)),
                          replacing: replace)
            try users.write(to: file.users)
        } catch {
            throw ValidationError("\(error)")
        }
        FileHandle.standardError.write(Data("\(replace ? "set" : "added") board user \(id) (\(role.rawValue)\(teams.isEmpty ? "" : ", teams \(teams.joined(separator: ","))")) in \(file.users)\n".utf8))
    }
}

/// `homeward dashboard user list`: ids, roles and teams; never hashes.
struct DashboardUserListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List board users: id, role, teams.")

    @OptionGroup var file: BoardUsersFileOption

    func run() throws {
        for user in try file.load().all {
            print("\(user.id)\t\(user.role.rawValue)\t\(user.teams.joined(separator: ","))")
        }
    }
}

/// `homeward dashboard user remove ID`.
struct DashboardUserRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a board user.")

    @Argument(help: "The user's staff id.")
    var id: String

    @OptionGroup var file: BoardUsersFileOption

    func run() throws {
        var users = try file.load()
        guard users.remove(id: id) else { throw ValidationError("no board user \(id) in \(file.users)") }
        try users.write(to: file.users)
        FileHandle.standardError.write(Data("removed board user \(id) from \(file.users)\n".utf8))
    }
}

extension BoardRole: ExpressibleByArgument {}
