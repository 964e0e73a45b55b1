import HomewardProcessing

/// The labels of the metrics a worker reports (through
/// ``WorkerConfiguration/metricsFactory``), each with the dimension
/// `worker` (the worker's name) and the ones listed.
public enum WorkerMetricLabel {
    /// Counter: input records taken in, counted as each batch reaches the rules.
    public static let recordsIn = "homeward_records_in_total"
    /// Counter: input records done: their effects (outputs, dead letters,
    /// then state) acknowledged by the broker and their offsets marked for
    /// the next commit.
    public static let recordsMarked = "homeward_records_marked_total"
    /// Counter: output records produced.
    public static let recordsOut = "homeward_records_out_total"
    /// Counter: records sent to dead-letter; dimension `reason`.
    public static let deadLetters = "homeward_dead_letters_total"
    /// Counter: looks at the wall clock for due timers (workers on the wall
    /// clock, every ``WorkerConfiguration/timerTick``).
    public static let timerChecks = "homeward_timer_checks_total"
    /// Gauge: records on the broker not yet read; dimensions `topic`, `partition`.
    public static let consumerLag = "homeward_consumer_lag"
    /// Gauge: timers set and not yet fired; dimension `partition`.
    public static let timersPending = "homeward_timers_pending"
    /// Timer: how long restoring assigned partitions' state took, in seconds.
    public static let stateRestoreDuration = "homeward_state_restore_duration_seconds"
    /// Counter: reminders produced (the scheduler); dimension `kind`.
    public static let reminders = OutputMetric.remindersLabel
    /// Counter: escalation events produced (the escalator); dimensions
    /// `level` and `status`.
    public static let escalations = OutputMetric.escalationsLabel
    /// Counter: delivery reports produced (the notifier's delivery), one
    /// per e-mail and outcome; dimension `outcome`.
    public static let emails = OutputMetric.emailsLabel
    /// Timer: how long the notifier's SMTP server took to answer, in
    /// seconds; dimension `command` (`greeting`, `ehlo`, `mail`, `rcpt`,
    /// `data`, `message`, …) and no `worker`: the SMTP client records it
    /// (set as its `commandDurationLabel`).
    public static let smtpCommandDuration = "homeward_smtp_command_duration_seconds"
}
