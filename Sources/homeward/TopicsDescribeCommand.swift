import ArgumentParser
import HomewardContract
import Kafka

/// `homeward topics describe`: Homeward's topics as the cluster reports
/// them, with what differs from the catalogue.
struct TopicsDescribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Print each of Homeward's topics as the cluster reports it (partitions, replicas, cleanup.policy, retention.ms) and flag what differs.",
        discussion: "Exits 1 when a topic is missing or a difference stops Homeward from running correctly (co-partitioning, cleanup.policy)."
    )

    @OptionGroup var options: TopicAdminOptions

    func run() async throws {
        let catalog = try options.catalog()
        let cluster = try await options.readCluster(try options.admin(), catalog)
        for name in catalog.allNames {
            print("\(name): \(cluster.topics[name].map(cluster.summary(of:)) ?? "missing")")
        }
        if let gap = cluster.configurationGap { print("note: \(gap)") }
        let problems = TopicProblem.all(in: catalog, on: cluster)
        for problem in problems { print(problem.line) }
        if problems.contains(where: \.isError) { throw ExitCode(1) }
    }
}
