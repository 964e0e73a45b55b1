import ArgumentParser

/// `homeward bench`: performance figures, each against a baseline measured in the same run.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Homeward's throughput against raw librdkafka in the same run.",
        subcommands: [BenchAllCommand.self, KafkaBenchCommand.self, DecodeBenchCommand.self, RuntimeBenchCommand.self, SchedulerBenchCommand.self, EscalationBenchCommand.self, AlertBenchCommand.self, SMTPBenchCommand.self, DashboardBenchCommand.self]
    )
}
