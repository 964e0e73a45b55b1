import Metrics

/// The client's latency timers, one per ``SMTPExchange``, made once per
/// client: how long each reply took, from the request's last byte written
/// (or the connection coming up, for the greeting).
struct SMTPExchangeTimers: Sendable {
    private let timers: [SMTPExchange: Timer]

    /// The timers `configuration` names, made by its factory (the global
    /// metrics system's when nil).
    init(_ configuration: SMTPClientConfiguration) {
        let factory = configuration.metricsFactory ?? MetricsSystem.factory
        timers = Dictionary(uniqueKeysWithValues: SMTPExchange.allCases.map { exchange in
            (exchange, Timer(label: configuration.commandDurationLabel, dimensions: [("command", exchange.rawValue)], factory: factory))
        })
    }

    /// Records that `exchange` took `duration`.
    func record(_ exchange: SMTPExchange, _ duration: Duration) {
        timers[exchange]?.recordNanoseconds(Int64(duration.components.seconds) * 1_000_000_000
                                            + duration.components.attoseconds / 1_000_000_000)
    }
}
