public import HomewardContract
public import HomewardProcessing
public import Kafka
public import Metrics

/// How a worker connects to Kafka and tells time.
public struct WorkerConfiguration: Sendable {
    /// The Kafka connection (brokers, client id, passthrough properties).
    public var client: KafkaClientConfiguration
    /// The prefix of every Homeward topic.
    public var topicPrefix: String
    /// The consumer group; `homeward.<worker name>` by default.
    public var groupID: String?
    /// Wall clock in production, stream time for replay and simulation.
    public var clock: WorkerClock
    /// The group's session timeout.
    public var sessionTimeout: Duration
    /// The group's heartbeat interval.
    public var heartbeatInterval: Duration
    /// The largest batch handled at once.
    public var maxBatchSize: Int
    /// How often due timers are checked on the wall clock.
    public var timerTick: Duration
    /// How often processed offsets are committed in the background (also on
    /// revocation and shutdown).
    public var commitInterval: Duration
    /// How long the input consumer's fetches may wait on the broker
    /// (`fetch.wait.max.ms`; librdkafka's 500 ms when nil). Lower it where
    /// the broker holds fetches for the whole wait, as the embedded one does.
    public var fetchWait: Duration?
    /// How long the output producer waits to fill a batch (`linger.ms`;
    /// the producer's default when nil).
    public var outputLinger: Duration?
    /// How long state writes are coalesced per key before they go to the
    /// changelog (the offsets they cover are marked only then). Longer
    /// writes fewer changelog records for busy keys and redoes more input
    /// after a crash; the buffer is also flushed when the input runs dry,
    /// on revocation and on shutdown.
    public var stateFlushInterval: Duration
    /// The most bytes of keys and values the state buffer holds before it
    /// is flushed early.
    public var stateBufferBytes: Int
    /// Reads the wall clock (`.wall` mode). Production keeps the default;
    /// tests shift it to let a timer come due while no worker runs without
    /// racing the real clock.
    public var wallClock: @Sendable () -> Timestamp
    /// Makes the worker's metrics (see ``WorkerMetricLabel``); the global
    /// metrics system's factory, as bootstrapped when the worker starts,
    /// when nil. Benchmarks and tests pass one of their own to watch a
    /// worker's progress.
    public var metricsFactory: (any MetricsFactory)?

    /// The consumer group of the worker named `worker` when ``groupID`` is
    /// nil: `homeward.<worker>`.
    public static func defaultGroup(of worker: String) -> String { "homeward.\(worker)" }

    /// How a worker's group spreads input partitions over its instances:
    /// `range`, so partition *p* of co-partitioned inputs lands on one
    /// instance. Any other member of the group must use it too.
    public static let assignor = KafkaConsumerConfiguration.Assignor.range

    /// Creates a configuration.
    public init(
        client: KafkaClientConfiguration,
        topicPrefix: String = "homeward.",
        groupID: String? = nil,
        clock: WorkerClock = .wall,
        sessionTimeout: Duration = .seconds(45),
        heartbeatInterval: Duration = .seconds(3),
        maxBatchSize: Int = 10_000,
        timerTick: Duration = .seconds(1),
        commitInterval: Duration = .seconds(5),
        stateFlushInterval: Duration = .milliseconds(200),
        stateBufferBytes: Int = 16 << 20,
        wallClock: @escaping @Sendable () -> Timestamp = { Timestamp.now }
    ) {
        self.client = client
        self.topicPrefix = topicPrefix
        self.groupID = groupID
        self.clock = clock
        self.sessionTimeout = sessionTimeout
        self.heartbeatInterval = heartbeatInterval
        self.maxBatchSize = maxBatchSize
        self.timerTick = timerTick
        self.commitInterval = commitInterval
        self.stateFlushInterval = stateFlushInterval
        self.stateBufferBytes = stateBufferBytes
        self.wallClock = wallClock
    }
}
