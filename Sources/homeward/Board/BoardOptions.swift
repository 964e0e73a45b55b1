import ArgumentParser
import Foundation
import HomewardBoard
import HomewardContract
import HomewardOperations
import HomewardRuntime
import Kafka
import Logging
import ServiceLifecycle

/// Who may use the escalation board and how they sign in, and the time
/// zone of its Today counts (`homeward dashboard`, `homeward dev`).
struct BoardOptions: ParsableArguments {
    @Option(help: "The board's users file (homeward dashboard user add writes it).")
    var users: String = "config/board-users.yaml"

    @Option(help: "Trust this request header, set by a reverse proxy that signed the user in, as the user's id (off unless given).")
    var trustUserHeader: String?

    @Flag(help: "Mark the board's cookies Secure: set it when a TLS-terminating proxy serves the board over HTTPS.")
    var secureCookies = false

    @Option(help: "The time zone whose day the board's Today counts.")
    var timezone: String = "Europe/Amsterdam"

    func validate() throws {
        guard TimeZone(identifier: timezone) != nil else {
            throw ValidationError("--timezone \(timezone) is not a time zone name (e.g. Europe/Amsterdam)")
        }
    }

    /// The board on `client`'s cluster, topics under `prefix`.
    func board(client: KafkaClientConfiguration, prefix: String, logger: Logger) throws -> BoardSetup {
        let users: BoardUsers
        do { users = try BoardUsers(contentsOf: self.users) } catch { throw ValidationError("\(error)") }
        let topics = BoardTopics(prefix: prefix)
        let days = BoardDay(timeZone: TimeZone(identifier: timezone)!)
        let view = BoardView(day: days.day(of: BoardApp.wallClock()))
        let signIn = BoardSignIn(users: users, trustedHeader: trustUserHeader.map { TrustedHeaderAuthentication(headerName: $0) },
                                 secureCookies: secureCookies)
        let app = try BoardApp(view: view, signIn: signIn,
                               decisions: try BoardDecisionProducer(client: client, topic: topics.caseEvents, logger: logger), logger: logger)
        return BoardSetup(app: app, feed: BoardFeed(client: client, topics: topics, view: view, days: days, now: BoardApp.wallClock,
                                                    logger: logger))
    }
}

/// A board ready to serve: its routes' app and the feed that builds its view.
struct BoardSetup {
    let app: BoardApp
    let feed: BoardFeed

    /// Whether anyone can sign in (a user in the file, or a trusted header).
    var hasUsers: Bool { !app.signIn.users.all.isEmpty || app.signIn.trustedHeader != nil }

    /// The server of the board's routes, with `/metrics` over `metrics` and
    /// `/health/*` over the board's readiness and `workers`', at `host`:`port`.
    func server(host: String, port: Int, metrics: PrometheusExport, workers: [any ReadinessReporting], logger: Logger) -> OperationsServer {
        let app = self.app
        let readiness = workers + [BoardReadiness(view: app.view)]
        return OperationsServer(configuration: OperationsServerConfiguration(host: host, port: port), router: {
            let router = BoardRoutes.router(app)
            OperationsRoutes.add(to: router, metrics: metrics, workers: readiness)
            return router
        }, endpoints: "/ (escalation board) /api/escalations /api/summary /metrics /health/live /health/ready", logger: logger)
    }
}

/// The board as one more thing `/health/ready` waits for: ready once its
/// view has read its topics up to where they ended at its start.
struct BoardReadiness: ReadinessReporting {
    let view: BoardView

    var readiness: WorkerReadiness {
        WorkerReadiness(worker: "board", assigned: [0], restored: view.isCaughtUp ? [0] : [])
    }
}
