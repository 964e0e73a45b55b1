/// How the consumer groups of a command's workers are named. Every
/// instance of a worker kind must use the same group, so that they share
/// its partitions; the notifier's two stages are groups of their own.
enum ConsumerGroupNaming {
    /// `homeward worker --group G`: G, and G.fanout and G.delivery for the
    /// notifier's stages; without `--group` (nil), the runtime's default,
    /// `homeward.<stage>`.
    case explicit(String?)
    /// `homeward run --group-prefix P`: `P<stage>` for every stage
    /// (`homeward.scheduler`, `homeward.notifier-fanout`, …: the groups
    /// `homeward worker` joins without `--group` when P is `homeward.`).
    case prefixed(String)

    /// The group of the stage named `stage` (its worker logic's name), one
    /// of the notifier's when `notifierStage` names it (`fanout`, `delivery`).
    func groupID(stage: String, notifierStage: String? = nil) -> String? {
        switch self {
        case .explicit(let group): group.map { base in notifierStage.map { "\(base).\($0)" } ?? base }
        case .prefixed(let prefix): prefix + stage
        }
    }
}
