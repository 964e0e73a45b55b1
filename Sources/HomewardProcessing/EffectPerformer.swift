/// Performs the outputs a worker's rules address to its
/// ``WorkerLogic/performedRole``: IO whose result the rules need, such as
/// sending an e-mail. The runtime starts each one once the state recording
/// that it started is durable, at most ``concurrency`` at a time, and hands
/// what it returns back to the rules as an input of the same key.
public protocol EffectPerformer<Input>: Sendable {
    /// The input that reports how an effect ended.
    associatedtype Input: WorkerInput

    /// How many effects may be under way at once.
    var concurrency: Int { get }

    /// Performs `effect`. Never throws: every failure is an input the rules decide on.
    func perform(_ effect: OutputRecord) async -> Input

    /// Finishes what is under way and releases what the performer holds
    /// (connections); called once the worker has stopped.
    func shutdown() async
}
