import HomewardNotification
import HomewardProcessing
import Logging
import ServiceLifecycle

/// Reloads the staff directory while the notifier runs, when its file
/// changes; logs each reload (counts only) and each rejected file (why,
/// without the YAML it quotes or any address; the previous directory stays
/// in use).
struct DirectoryReloadService: Service {
    let watcher: StaffDirectoryWatcher
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await watcher.run { change in
                switch change {
                case .unchanged: break
                case .reloaded(let people, let teams):
                    logger.notice("staff directory reloaded", metadata: ["file": "\(watcher.file)", "people": "\(people)", "teams": "\(teams)"])
                case .rejected(let reason):
                    logger.error("staff directory changed but not reloaded; the previous one stays in use", metadata: [
                        "file": "\(watcher.file)", "reason": "\(Self.loggable(reason))",
                    ])
                }
            }
        }
    }

    /// The reason's first line (a YAML error's second quotes the file,
    /// names and addresses included), addresses taken out.
    static func loggable(_ reason: String) -> String {
        AddressRedaction.redacted(String(reason.prefix { $0 != "\n" }))
    }
}
