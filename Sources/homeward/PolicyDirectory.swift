import ArgumentParser
import Foundation
import HomewardProcessing
import HomewardEscalation
import HomewardNotification
import HomewardScheduling

/// The policy files a worker follows, read and validated at start-up from
/// one directory (`config/policies` unless `--policies` or
/// `HOMEWARD_POLICIES` names another).
struct PolicyDirectory {
    /// The directory.
    let path: String

    /// The directory named by `option`, else `HOMEWARD_POLICIES`, else `config/policies`.
    init(option: String?) {
        path = option ?? ProcessInfo.processInfo.environment["HOMEWARD_POLICIES"] ?? "config/policies"
    }

    /// The scheduler's policy, validated.
    func schedulePolicy() throws -> SchedulePolicy {
        try load(SchedulePolicy.fileName, "scheduler") { try SchedulePolicy(yaml: $0, file: $1) }
    }

    /// The escalator's policy, validated.
    func escalationPolicy() throws -> EscalationPolicy {
        try load(EscalationPolicy.fileName, "escalator") { try EscalationPolicy(yaml: $0, file: $1) }
    }

    /// The notifier's policy, validated.
    func notifierPolicy() throws -> NotifierPolicy {
        try load(NotifierPolicy.fileName, "notifier") { try NotifierPolicy(yaml: $0, file: $1) }
    }

    private func load<Policy>(_ name: String, _ worker: String, _ parse: (String, String) throws -> Policy) throws -> Policy {
        let file = (path as NSString).appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandFailure("\(file): cannot read the \(worker) policy; pass --policies DIR (a directory with \(name)) or set HOMEWARD_POLICIES")
        }
        do {
            return try parse(String(decoding: data, as: UTF8.self), file)
        } catch {
            throw CommandFailure("invalid policy: \(error)")
        }
    }
}
