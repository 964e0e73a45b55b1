import ArgumentParser

/// `homeward state`: what an operator does to a worker's state.
struct StateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Operate on a worker's state.",
        subcommands: [StateResetCommand.self]
    )
}
