/// Settings every Kafka client shares: where the brokers are, who the client
/// is, and any librdkafka property passed through unchanged.
///
/// Typed settings cover what most clients set; `properties` takes any other
/// librdkafka property (`security.protocol`, `sasl.mechanisms`,
/// `ssl.ca.location`, …) and wins over the typed settings. An unknown or
/// invalid property is rejected when the client is created, with librdkafka's
/// message and the property's name.
public struct KafkaClientConfiguration: Sendable {
    /// `host:port` of one or more brokers to bootstrap from.
    public var bootstrapServers: [String]
    /// The `client.id` reported to brokers (shows in broker logs and quotas);
    /// `rdkafka`, librdkafka's own default, unless set.
    public var clientID: String
    /// librdkafka's `debug` contexts (e.g. `["cgrp", "topic"]`), logged at debug level.
    public var debugContexts: [String]
    /// Raw librdkafka properties, applied after the typed settings.
    public var properties: [String: String]

    /// Creates a configuration for the given brokers.
    public init(
        bootstrapServers: [String],
        clientID: String = "rdkafka",
        debugContexts: [String] = [],
        properties: [String: String] = [:]
    ) {
        self.bootstrapServers = bootstrapServers
        self.clientID = clientID
        self.debugContexts = debugContexts
        self.properties = properties
    }

    /// Creates a configuration from a comma-separated broker list (`a:9092,b:9092`).
    public init(brokers: String, clientID: String = "rdkafka") {
        self.init(
            bootstrapServers: brokers.split(separator: ",").map { String($0).trimmingWhitespace() },
            clientID: clientID
        )
    }

    /// The librdkafka properties the client is created with, in order (later wins).
    public var librdkafkaProperties: [(String, String)] {
        var result: [(String, String)] = [
            ("bootstrap.servers", bootstrapServers.joined(separator: ",")),
            ("client.id", clientID),
        ]
        if !debugContexts.isEmpty {
            result.append(("debug", debugContexts.joined(separator: ",")))
        }
        return result
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
