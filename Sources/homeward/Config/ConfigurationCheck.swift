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
        checkKafka(&report)
        let notifierPolicy = checkPolicies(&report)
        checkDirectory(&report)
        checkTemplates(&report, policy: notifierPolicy)
        checkMail(&report)
        return report
    }

    /// The configuration file's keys, the brokers and prefix, and each
    /// property, checked by librdkafka offline.
    private func checkKafka(_ report: inout ConfigurationReport) {
        report.paths.configuration = attempt(&report) { try kafka.configurationFile() } ?? nil
        let document = report.paths.configuration == nil ? nil : attempt(&report) { try kafka.configurationDocument() } ?? nil
        report.errors += ConfigurationFileKeys.problems(in: document, path: report.paths.configuration ?? "")
        let file = KafkaOptions.FileSettings(document: document)
        report.kafka.brokers = kafka.resolvedBrokers(file)
        report.kafka.topicPrefix = kafka.prefix(file)
        let fileSource = "\(report.paths.configuration ?? "the configuration file"): kafka.properties"
        var properties = file.properties.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value, source: fileSource) }
        for (position, flag) in kafka.propertyFlags.enumerated() {
            guard let flag else {
                report.errors.append("--kafka-property number \(position + 1): expected NAME=VALUE (not shown: it may hold a secret)")
                continue
            }
            properties.append((flag.name, flag.value, "--kafka-property"))
        }
        for property in properties {
            report.kafka.properties[property.name] = SecretRedaction.shown(property.name, property.value)
            check(property, &report)
        }
    }

    /// One pass-through property, as librdkafka would take it.
    private func check(_ property: (name: String, value: String, source: String), _ report: inout ConfigurationReport) {
        do {
            try KafkaClientConfiguration.checkProperty(property.name, property.value)
        } catch {
            let reason = SecretRedaction.isSecret(property.name) ? SecretRedaction.scrub(error.message, of: property.value) : error.message
            report.errors.append("\(property.source): \(reason): see librdkafka's CONFIGURATION.md for the names and values it accepts")
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

    /// The SMTP URL, if given, and the credentials in the environment (the user name only).
    private func checkMail(_ report: inout ConfigurationReport) {
        if let smtp {
            do {
                report.smtp.server = try SMTPServerAddress(url: smtp).description
            } catch {
                report.smtp.server = SecretRedaction.url(smtp)
                report.errors.append("--smtp: " + "\(error)".replacingOccurrences(of: smtp, with: SecretRedaction.url(smtp)))
            }
        }
        if let credentials = attempt(&report, { try MailOptions.credentials() }) ?? nil {
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
