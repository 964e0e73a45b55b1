/// The operations endpoints could not be served: the address is taken or
/// cannot be bound.
public struct OperationsServerError: Error, CustomStringConvertible {
    /// The host it tried.
    public let host: String
    /// The port it tried.
    public let port: Int
    /// What the network layer said.
    public let underlying: String

    /// Says what failed and what to do.
    public var description: String {
        "cannot serve the operations endpoints on \(host):\(port) (\(underlying)); choose another --http-port, or --http-port 0 for any free port"
    }
}
