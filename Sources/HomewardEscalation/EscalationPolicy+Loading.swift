public import HomewardProcessing
import HomewardContract
import Yams

extension EscalationPolicy {
    /// The policy file's name in the policies directory.
    public static let fileName = "escalator.yaml"

    /// Reads and validates a policy file's text.
    ///
    /// - Throws: ``PolicyError`` naming the file, the setting and the fix.
    public init(yaml: String, file: String = EscalationPolicy.fileName) throws(PolicyError) {
        do {
            self = try YAMLDecoder().decode(EscalationPolicyDocument.self, from: yaml).policy
            try validate()
        } catch {
            throw PolicyError.located(error, file: file)
        }
    }

    private func validate() throws(PolicyError) {
        try Self.severity(severeHarm.severityAtLeast, "rules.severe-harm.severityAtLeast")
        try Self.severity(highestSeverity.severityAtLeast, "rules.highest-severity.severityAtLeast")
        try Self.severity(safetyEvents.severityAtLeast, "rules.child-safety-event.severityAtLeast")
        try Self.severity(repeatedSignals.severityAtLeast, "rules.repeated-signals.severityAtLeast")
        try Self.severity(otherSignals.severityAtLeast, "rules.risk-signal.severityAtLeast")
        try Self.severity(concernSeverity, "rules.visit-concerns.severity")
        guard repeatedSignals.window.milliseconds > 0 else {
            throw PolicyError(path: "rules.repeated-signals.window", message: "must be longer than zero")
        }
        guard !repeatedSignals.levels.isEmpty, repeatedSignals.levels.allSatisfy({ $0.atLeast >= 2 }) else {
            throw PolicyError(path: "rules.repeated-signals.levels", message: "list at least one level, each for 2 or more signals")
        }
        guard !overdueVisits.isEmpty, overdueVisits.allSatisfy({ $0.occurrenceAtLeast >= 1 }) else {
            throw PolicyError(path: "rules.visit-overdue", message: "list at least one level, each for an occurrence of 1 or more")
        }
        guard childNotSeenAlone.count >= 1 else {
            throw PolicyError(path: "rules.child-not-seen-alone.count", message: "must be 1 or more")
        }
        for level in EscalationLevel.allCases {
            guard let response = responses[level] else {
                throw PolicyError(path: "responses.\(level.rawValue)", message: "missing: every level needs a response")
            }
            let path = "responses.\(level.rawValue)"
            if level == .watch {
                guard response.respondWithin == nil, response.chain.isEmpty else {
                    throw PolicyError(path: path, message: "watch is for dashboards: no respondWithin, no chain")
                }
            } else {
                guard let within = response.respondWithin, within.milliseconds > 0 else {
                    throw PolicyError(path: path + ".respondWithin", message: "missing or zero: \(level.rawValue) needs a response time")
                }
                guard !response.notify.isEmpty else { throw PolicyError(path: path + ".notify", message: "name at least one role") }
            }
            guard Set(response.notify).count == response.notify.count else {
                throw PolicyError(path: path + ".notify", message: "a role is listed twice")
            }
            var previous = PolicyDuration(milliseconds: 0)
            for (index, step) in response.chain.enumerated() {
                guard step.after > previous else {
                    throw PolicyError(path: "\(path).chain[\(index)].after", message: "must be later than the step before it (\(previous))")
                }
                guard !step.notify.isEmpty else { throw PolicyError(path: "\(path).chain[\(index)].notify", message: "name at least one role") }
                previous = step.after
            }
        }
    }

    private static func severity(_ value: Int, _ path: String) throws(PolicyError) {
        guard (1...4).contains(value) else { throw PolicyError(path: path, message: "expected a severity 1...4, found \(value)") }
    }
}

/// `escalator.yaml`, as written.
private struct EscalationPolicyDocument: Decodable {
    var policy: EscalationPolicy

    init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["version", "defaultLanguage", "rules", "responses"])
        let version: Int = try fields.required("version")
        guard version == 1 else { throw PolicyError(path: "version", message: "this build reads policy version 1, found \(version)") }
        let rules: RulesDocument = try fields.required("rules")
        let responses: [String: ResponseDocument] = try fields.required("responses")
        var byLevel: [EscalationLevel: EscalationPolicy.Response] = [:]
        for (name, response) in responses {
            guard let level = EscalationLevel(rawValue: name) else {
                throw PolicyError(path: "responses.\(name)", message: "unknown level; expected \(EscalationLevel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            byLevel[level] = response.response
        }
        policy = EscalationPolicy(
            severeHarm: rules.severeHarm, highestSeverity: rules.highestSeverity, safetyEvents: rules.safetyEvents,
            repeatedSignals: rules.repeatedSignals, otherSignals: rules.otherSignals,
            overdueVisits: rules.overdueVisits.sorted { $0.occurrenceAtLeast > $1.occurrenceAtLeast },
            childNotSeenAlone: rules.childNotSeenAlone, riskLevels: rules.riskLevels, concernSeverity: rules.concernSeverity,
            signalOnClosedCase: rules.signalOnClosedCase, responses: byLevel, defaultLanguage: try fields.required("defaultLanguage"))
    }
}

private struct RulesDocument: Decodable {
    var severeHarm: EscalationPolicy.CategoryRule
    var highestSeverity: EscalationPolicy.SeverityRule
    var safetyEvents: EscalationPolicy.CategoryRule
    var repeatedSignals: EscalationPolicy.RepeatedSignals
    var otherSignals: EscalationPolicy.SeverityRule
    var overdueVisits: [EscalationPolicy.OccurrenceLevel]
    var childNotSeenAlone: EscalationPolicy.ConsecutiveVisits
    var riskLevels: [RiskLevel: EscalationLevel]
    var concernSeverity: Int
    var signalOnClosedCase: EscalationLevel

    init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: [
            "severe-harm", "highest-severity", "child-safety-event", "repeated-signals", "risk-signal", "visit-overdue",
            "child-not-seen-alone", "risk-level-assessed", "visit-concerns", "signal-on-closed-case",
        ])
        severeHarm = try fields.required("severe-harm")
        highestSeverity = try fields.required("highest-severity")
        safetyEvents = try fields.required("child-safety-event")
        repeatedSignals = try fields.required("repeated-signals")
        otherSignals = try fields.required("risk-signal")
        overdueVisits = try fields.required("visit-overdue")
        childNotSeenAlone = try fields.required("child-not-seen-alone")
        let levels: [String: EscalationLevel] = try fields.required("risk-level-assessed")
        var riskLevels: [RiskLevel: EscalationLevel] = [:]
        for (name, level) in levels {
            guard let risk = RiskLevel(rawValue: name) else {
                throw PolicyError(path: "rules.risk-level-assessed.\(name)", message: "unknown risk level; expected low, medium, high")
            }
            riskLevels[risk] = level
        }
        self.riskLevels = riskLevels
        let concerns: ConcernDocument = try fields.required("visit-concerns")
        concernSeverity = concerns.severity
        let closed: LevelDocument = try fields.required("signal-on-closed-case")
        signalOnClosedCase = closed.level
    }
}

private struct ConcernDocument: Decodable {
    var severity: Int
    init(from decoder: any Decoder) throws {
        severity = try PolicyFields(decoder, known: ["severity"]).required("severity")
    }
}

private struct LevelDocument: Decodable {
    var level: EscalationLevel
    init(from decoder: any Decoder) throws {
        level = try PolicyFields(decoder, known: ["level"]).required("level")
    }
}

private struct ResponseDocument: Decodable {
    var response: EscalationPolicy.Response
    init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["recommendation", "respondWithin", "notify", "chain"])
        response = EscalationPolicy.Response(recommendation: try fields.required("recommendation"),
                                             respondWithin: try fields.optional("respondWithin"),
                                             notify: try fields.required("notify"), chain: try fields.optional("chain") ?? [])
    }
}

extension EscalationPolicy.CategoryRule: Decodable {
    /// Decodes `{categories, severityAtLeast, level}`.
    public init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["categories", "severityAtLeast", "level"])
        categories = try fields.required("categories")
        severityAtLeast = try fields.optional("severityAtLeast") ?? 1
        level = try fields.required("level")
    }
}

extension EscalationPolicy.SeverityRule: Decodable {
    /// Decodes `{severityAtLeast, level}`.
    public init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["severityAtLeast", "level"])
        severityAtLeast = try fields.required("severityAtLeast")
        level = try fields.required("level")
    }
}

extension EscalationPolicy.RepeatedSignals: Decodable {
    /// Decodes `{severityAtLeast, window, levels}`.
    public init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["severityAtLeast", "window", "levels"])
        severityAtLeast = try fields.required("severityAtLeast")
        window = try fields.required("window")
        levels = (try fields.required("levels") as [EscalationPolicy.CountLevel]).sorted { $0.atLeast > $1.atLeast }
    }
}

extension EscalationPolicy.CountLevel: Decodable {
    /// Decodes `{atLeast, level}`.
    public init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["atLeast", "level"])
        atLeast = try fields.required("atLeast")
        level = try fields.required("level")
    }
}

extension EscalationPolicy.OccurrenceLevel: Decodable {
    /// Decodes `{occurrenceAtLeast, level}`.
    public init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["occurrenceAtLeast", "level"])
        occurrenceAtLeast = try fields.required("occurrenceAtLeast")
        level = try fields.required("level")
    }
}

extension EscalationPolicy.ConsecutiveVisits: Decodable {
    /// Decodes `{count, level}`.
    public init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["count", "level"])
        count = try fields.required("count")
        level = try fields.required("level")
    }
}

extension EscalationPolicy.ChainStep: Decodable {
    /// Decodes `{after, notify}`.
    public init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["after", "notify"])
        after = try fields.required("after")
        notify = try fields.required("notify")
    }
}
