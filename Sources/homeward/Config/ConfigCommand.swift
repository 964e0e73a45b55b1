import ArgumentParser

/// `homeward config`: Homeward's configuration as a whole.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check Homeward's configuration, policies, templates and staff directory together.",
        subcommands: [ConfigCheckCommand.self]
    )
}
