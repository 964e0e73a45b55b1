import ArgumentParser
import HomewardContract

/// `homeward validate`: checks NDJSON case events against the contract.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check NDJSON case events (one CloudEvent per line) against Homeward's event contract.",
        discussion: "Prints each invalid line's number and reason, then a summary. Exits 1 if any line is invalid. Blank lines are skipped."
    )

    @Argument(help: "The NDJSON file, or - for standard input.")
    var file: String = "-"

    func run() throws {
        var reader = try LineReader(path: file)
        let validator = CaseEventValidator()
        var valid = 0, invalid = 0
        var byKind: [EventRejection.Kind: Int] = [:]
        while let line = reader.next() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            switch validator.validate(line) {
            case .success: valid += 1
            case .failure(let rejection):
                invalid += 1
                byKind[rejection.kind, default: 0] += 1
                print("line \(reader.lineNumber): \(rejection)")
            }
        }
        var summary = "\(valid + invalid) events: \(valid) valid, \(invalid) invalid"
        if !byKind.isEmpty {
            summary += " (" + byKind.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue): \($0.value)" }.joined(separator: ", ") + ")"
        }
        print(summary)
        if invalid > 0 { throw ExitCode(1) }
    }
}
