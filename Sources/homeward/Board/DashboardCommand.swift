import ArgumentParser
import Foundation
import HomewardBoard
import HomewardOperations
import HomewardRuntime
import Logging
import ServiceLifecycle

/// `homeward dashboard`: the escalation board, a web page for supervisors
/// and on-call staff on the escalation-status topic, until SIGTERM/SIGINT.
struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Serve the escalation board: open escalations, live, with acknowledge and resolve (sign-in required).",
        discussion: """
        The board reads escalation-status, deliveries, reminders and dead-letter from the start, by manual \
        assignment (no consumer group, no commits): any number of boards can run. Acknowledge and resolve \
        produce the contract's events to case-events. Users: `homeward dashboard user add`. \
        /metrics and /health/* need no sign-in.
        """,
        subcommands: [DashboardServeCommand.self, DashboardUserCommand.self],
        defaultSubcommand: DashboardServeCommand.self
    )
}

/// `homeward dashboard [serve]`: serves the board.
struct DashboardServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the escalation board (the default).")

    @Option(help: "The board's port (0: any free port, logged).")
    var httpPort: Int = 8080

    @Option(help: "The address it listens on (0.0.0.0 to be reached from other hosts, as in a container).")
    var httpHost: String = "127.0.0.1"

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var board: BoardOptions
    @OptionGroup var log: LogOptions

    func validate() throws {
        guard (0...65_535).contains(httpPort) else { throw ValidationError("--http-port must be 0…65535, not \(httpPort)") }
    }

    func run() async throws {
        let logger = log.logger("homeward.dashboard")
        let metrics = PrometheusExport()
        metrics.bootstrapMetricsSystem()
        let setup = try board.board(client: try kafka.clientConfiguration(clientID: "homeward-dashboard"), prefix: try kafka.prefix(),
                                    logger: logger)
        if !setup.hasUsers {
            logger.warning("the board has no users: nobody can sign in; add one with `homeward dashboard user add ID --role manager --users \(board.users)`")
        }
        let parts: [any Service] = [setup.server(host: httpHost, port: httpPort, metrics: metrics, workers: [], logger: logger), setup.feed]
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: parts.map { .init(service: $0, successTerminationBehavior: .gracefullyShutdownGroup,
                                        failureTerminationBehavior: .gracefullyShutdownGroup) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
    }
}
