/// Where the operations endpoints listen.
public struct OperationsServerConfiguration: Sendable, Hashable {
    /// The address to bind: `127.0.0.1` by default (this machine only);
    /// `0.0.0.0` to be reached from elsewhere (a container's probes, a
    /// Prometheus server on another host).
    public var host: String
    /// The TCP port; 0 lets the system choose a free one (the server logs
    /// which).
    public var port: Int

    /// Listens on `host`:`port`.
    public init(host: String = "127.0.0.1", port: Int) {
        self.host = host
        self.port = port
    }
}
