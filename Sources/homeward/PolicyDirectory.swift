import ArgumentParser
import Foundation
import HomewardProcessing
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
        let file = (path as NSString).appendingPathComponent(SchedulePolicy.fileName)
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandFailure("\(file): cannot read the scheduler policy; pass --policies DIR (a directory with \(SchedulePolicy.fileName)) or set HOMEWARD_POLICIES")
        }
        do {
            return try SchedulePolicy(yaml: String(decoding: data, as: UTF8.self), file: file)
        } catch {
            throw CommandFailure("invalid policy: \(error)")
        }
    }
}
