import ArgumentParser

/// The `homeward` command: Homeward's workers, tools and embedded broker.
@main
struct Homeward: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "homeward",
        abstract: "Follow-up of children after reunification: Kafka workers, tools and an embedded broker.",
        subcommands: [DevCommand.self, BrokerCommand.self, ValidateCommand.self, ConfigCommand.self, ProduceCommand.self, SimulateCommand.self, ReplayCommand.self, WorkerCommand.self, RunCommand.self, TopicsCommand.self, DashboardCommand.self, DeadLetterCommand.self, StateCommand.self, BenchCommand.self, ChaosCommand.self]
    )
}
