import Foundation
import HomewardContract
import HomewardNotification
import Kafka
import SMTP

/// Everything `homeward config check` looks at, checked together as the
/// workers would load it: the configuration file and the Kafka
/// pass-through properties, the three policies, the staff directory, the
/// e-mail templates and the SMTP server. Each problem is collected rather
/// than thrown, so that one run names them all.
struct ConfigurationCheck {
    var kafka: KafkaOptions
    var policies: PolicyDirectory
    var notifier: NotifierSettings
    /// The `--smtp` URL, if given.
    var smtp: String?
    /// The start of the week the on-call shifts must cover.
    var moment: Timestamp

    /// Runs every check.
    func report() -> ConfigurationReport {
        var report = ConfigurationReport()
        let configuration = checkKafka(&report)
        let notifierPolicy = checkPolicies(&report)
        checkDirectory(&report)
        checkTemplates(&report, policy: notifierPolicy)
        checkMail(&report, configuration: configuration)
        return report
    }

    /// The configuration file's keys, every setting with where it comes
    /// from, and each Kafka property, checked by librdkafka offline.
    private func checkKafka(_ report: inout ConfigurationReport) -> HomewardConfiguration? {
        let environment = ProcessInfo.processInfo.environment
        let file = attempt(&report) { try ConfigurationFile.locate(option: kafka.config, environment: environment) } ?? nil
        report.paths.configuration = file?.path
        report.errors += file?.problems ?? []
        guard let flags = attempt(&report, { try kafka.flagValues() }),
              let configuration = attempt(&report, { try HomewardConfiguration(flags: flags, file: file, environment: environment) })
        else { return nil }
        report.kafka.brokers = configuration.value(.brokers) ?? ""
        report.kafka.topicPrefix = configuration.value(.topicPrefix) ?? ""
        report.kafka.partitions = configuration.value(.partitions) ?? ""
        if Int32(report.kafka.partitions).map({ $0 < 1 }) ?? true {
            report.errors.append("\(configuration.source(of: .partitions)): kafka.partitions: expected a whole number of at least 1")
        }
        for key in [ConfigurationKey.brokers, .topicPrefix, .partitions, .saslPassword, .smtpUsername, .smtpPassword] {
            report.sources[key.name] = configuration.source(of: key)
        }
        for (name, value) in configuration.kafkaProperties() {
            let key = ConfigurationKey.property(name)
            report.kafka.properties[name] = SecretRedaction.shown(name, value)
            report.sources[key.name] = name == "sasl.password" && configuration.value(key) == nil
                ? configuration.source(of: .saslPassword) : configuration.source(of: key)
            check(name, value, source: report.sources[key.name] ?? "", &report)
        }
        return configuration
    }

    /// One pass-through property, as librdkafka would take it.
    private func check(_ name: String, _ value: String, source: String, _ report: inout ConfigurationReport) {
        do {
            try KafkaClientConfiguration.checkProperty(name, value)
        } catch {
            let reason = SecretRedaction.isSecret(name) ? SecretRedaction.scrub(error.message, of: value) : error.message
            report.errors.append("\(source): kafka.properties.\(name): \(reason): see librdkafka's CONFIGURATION.md for the names and values it accepts")
        }
    }

    /// The scheduler's, escalator's and notifier's policies; the notifier's, when valid.
    private func checkPolicies(_ report: inout ConfigurationReport) -> NotifierPolicy? {
        report.paths.policies = policies.path
        _ = attempt(&report) { try policies.schedulePolicy() }
        _ = attempt(&report) { try policies.escalationPolicy() }
        return attempt(&report) { try policies.notifierPolicy() }
    }

    /// The staff directory, its counts, and the roles its teams leave empty in the coming week.
    private func checkDirectory(_ report: inout ConfigurationReport) {
        report.paths.directory = notifier.directoryFile
        guard let directory = attempt(&report, { try notifier.staffDirectory() }) else { return }
        report.counts = .init(people: directory.people.count, teams: directory.teams.count)
        report.warnings += directory.coverageGaps(from: moment).map { "\(notifier.directoryFile): \($0)" }
    }

    /// The templates, each rendered with samples (this needs the notifier's policy), and the From address.
    private func checkTemplates(_ report: inout ConfigurationReport, policy: NotifierPolicy?) {
        report.paths.templates = notifier.templatesDirectory
        guard let policy else {
            report.warnings.append("\(notifier.templatesDirectory): not checked: the templates need a valid notifier policy")
            return
        }
        _ = attempt(&report) { try notifier.emailTemplates(policy: policy) }
        _ = attempt(&report) { try notifier.sender(policy: policy) }
    }

    /// The SMTP URL, if given, and the credentials (the user name only).
    private func checkMail(_ report: inout ConfigurationReport, configuration: HomewardConfiguration?) {
        if let smtp {
            do {
                report.smtp.server = try SMTPServerAddress(url: smtp).description
            } catch {
                report.smtp.server = SecretRedaction.url(smtp)
                report.errors.append("--smtp: " + "\(error)".replacingOccurrences(of: smtp, with: SecretRedaction.url(smtp)))
            }
        }
        guard let configuration else { return }
        if let credentials = attempt(&report, { try MailOptions.credentials(configuration) }) ?? nil {
            report.smtp.credentials = "\(credentials.username) \(SecretRedaction.mask)"
        }
    }

    /// `body`'s value, or nil with its error added to the report's errors.
    private func attempt<Value>(_ report: inout ConfigurationReport, _ body: () throws -> Value) -> Value? {
        do {
            return try body()
        } catch {
            report.errors.append("\(error)")
            return nil
        }
    }
}
