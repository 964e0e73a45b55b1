import HomewardNotification
import Logging
import ServiceLifecycle

/// Reloads the staff directory while the notifier runs, when its file
/// changes; logs each reload (counts only) and each rejected file (why;
/// the previous directory stays in use).
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
                        "file": "\(watcher.file)", "reason": "\(reason)",
                    ])
                }
            }
        }
    }
}
