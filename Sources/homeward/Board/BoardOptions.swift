import ArgumentParser
import Foundation
import HomewardBoard
import HomewardContract
import HomewardOperations
import HomewardRuntime
import Logging
import ServiceLifecycle

/// How the escalation board is served: where, for whom, in which time zone.
struct BoardOptions: ParsableArguments {
    @Option(help: "The board's port (0: any free port, logged).")
    var httpPort: Int = 8080

    @Option(help: "The address it listens on (0.0.0.0 to be reached from other hosts, as in a container).")
    var httpHost: String = "127.0.0.1"

    @Option(help: "The users file (homeward dashboard user add writes it).")
    var users: String = "config/board-users.yaml"

    @Option(help: "Trust this request header, set by a reverse proxy that signed the user in, as the user's id (off unless given).")
    var trustUserHeader: String?

    @Flag(help: "Mark cookies Secure: set it when a TLS-terminating proxy serves the board over HTTPS.")
    var secureCookies = false

    @Option(help: "The time zone whose day the board's Today counts.")
    var timezone: String = "Europe/Amsterdam"

    func validate() throws {
        guard (0...65_535).contains(httpPort) else { throw ValidationError("--http-port must be 0…65535, not \(httpPort)") }
        guard TimeZone(identifier: timezone) != nil else { throw ValidationError("--timezone \(timezone) is not a time zone name (e.g. Europe/Amsterdam)") }
    }

    /// The board's server (with `/metrics` and `/health/*` over `metrics`,
    /// the board's readiness and `workers`') and its feed, in the order a
    /// service group should run them (the server first, so it stops last).
    func services(kafka: KafkaOptions, metrics: PrometheusExport, workers: [any ReadinessReporting], logger: Logger) throws -> [any Service] {
        let client = try kafka.clientConfiguration(clientID: "homeward-dashboard")
        let topics = BoardTopics(prefix: try kafka.prefix())
        let users = try BoardUsers(contentsOf: users)
        let trusted = trustUserHeader.map { TrustedHeaderAuthentication(headerName: $0) }
        let view = BoardView(day: BoardDay(timeZone: TimeZone(identifier: timezone)!).day(of: BoardApp.wallClock()))
        let app = try BoardApp(view: view, signIn: BoardSignIn(users: users, trustedHeader: trusted, secureCookies: secureCookies),
                               decisions: try BoardDecisionProducer(client: client, topic: topics.caseEvents, logger: logger),
                               logger: logger)
        let readiness = workers + [BoardReadiness(view: view)]
        let server = OperationsServer(configuration: OperationsServerConfiguration(host: httpHost, port: httpPort), router: {
            let router = BoardRoutes.router(app)
            OperationsRoutes.add(to: router, metrics: metrics, workers: readiness)
            return router
        },
                                      endpoints: "/ (escalation board) /api/escalations /api/summary /metrics /health/live /health/ready",
                                      logger: logger)
        let feed = BoardFeed(client: client, topics: topics, view: view, days: BoardDay(timeZone: TimeZone(identifier: timezone)!),
                             now: BoardApp.wallClock, logger: logger)
        return [server, feed]
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
