import ArgumentParser

/// The reset's account to the operator, on stderr: numbered steps, each
/// with its findings indented below it, and a refusal that says why and
/// what to do.
struct ResetNarration {
    /// Starts step `number`.
    func step(_ number: Int, _ title: String) {
        printError("\(number). \(title)")
    }

    /// A finding of the current step.
    func say(_ line: String) {
        printError("   " + line)
    }

    /// Says why the reset stops here, and returns the exit status to throw.
    func refuse(_ reason: String) -> ExitCode {
        printError("refused: " + reason)
        return ExitCode(1)
    }

    /// Says what failed midway and where that leaves things, and returns the exit status to throw.
    func fail(_ reason: String) -> ExitCode {
        printError("failed: " + reason)
        return ExitCode(1)
    }
}

/// `count` and `noun`, in the plural unless `count` is 1 (`1 open case`, `3 open cases`).
func counted(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
