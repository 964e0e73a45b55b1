import ArgumentParser

/// `homeward topics`: Homeward's topics on a cluster.
struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "Create and describe Homeward's topics on a Kafka cluster.",
        subcommands: [TopicsCreateCommand.self, TopicsDescribeCommand.self]
    )
}
