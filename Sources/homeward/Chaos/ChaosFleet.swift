import Foundation

/// The workers of a chaos run: two instances of each kind, each a
/// `homeward worker` process in its kind's consumer group. A worker is
/// killed with SIGKILL and started again at once, as a supervisor
/// (systemd, Kubernetes) would start it; one that stops by itself (a worker
/// stops when going on could lose data) is started again too, and counted.
actor ChaosFleet {
    /// One place in the fleet: a kind's instance and its current process.
    struct Member: Sendable {
        let kind: String
        let instance: Int
        var process: ChaosChild
        /// How many processes have held this place.
        var starts: Int

        var name: String { "\(kind)-\(instance)" }
    }

    private(set) var members: [Member] = []
    /// Kills made, and the restarts after them.
    private(set) var kills = 0, restarts = 0
    /// Workers that stopped by themselves (then started again), with the end of their log.
    private(set) var selfStops: [(name: String, status: Int32, log: String)] = []

    private let arguments: @Sendable (String) -> [String]
    private let logs: URL
    private let children: ChaosChildren

    /// A fleet whose worker of kind K runs `homeward` with `arguments(K)`,
    /// each process logging to its own file in `logs`.
    init(arguments: @escaping @Sendable (String) -> [String], logs: URL, children: ChaosChildren) {
        self.arguments = arguments
        self.logs = logs
        self.children = children
    }

    /// Starts `instances` workers of each of `kinds`.
    func start(kinds: [String], instances: Int) throws {
        for kind in kinds {
            for instance in 1...instances {
                members.append(Member(kind: kind, instance: instance, process: try launch(kind, "\(kind)-\(instance)", start: 1), starts: 1))
            }
        }
    }

    /// Kills the worker at `index` with SIGKILL, waits until it is gone
    /// and starts it again; returns its name.
    func killAndRestart(_ index: Int) async throws -> String {
        await members[index].process.kill()
        kills += 1
        try restart(index)
        restarts += 1
        return members[index].name
    }

    /// Starts again every worker that stopped by itself; returns their names.
    func restartStopped() throws -> [String] {
        var restarted: [String] = []
        for index in members.indices where !members[index].process.isRunning {
            let process = members[index].process
            selfStops.append((members[index].name, process.exitStatus ?? -1, process.logTail()))
            try restart(index)
            restarted.append(members[index].name)
        }
        return restarted
    }

    /// Stops every worker gracefully (SIGTERM), all at once.
    func stopAll() async {
        await withTaskGroup(of: Void.self) { group in
            for member in members { group.addTask { await member.process.stop() } }
        }
    }

    private func restart(_ index: Int) throws {
        members[index].starts += 1
        members[index].process = try launch(members[index].kind, members[index].name, start: members[index].starts)
    }

    private func launch(_ kind: String, _ name: String, start: Int) throws -> ChaosChild {
        try ChaosChild(homeward: arguments(kind), name: start == 1 ? name : "\(name).\(start)", logs: logs, children: children)
    }
}
