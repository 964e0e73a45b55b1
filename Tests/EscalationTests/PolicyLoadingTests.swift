import HomewardContract
import HomewardEscalation
import HomewardProcessing
import Testing

@Suite("Policy: config/policies/escalator.yaml is loaded and validated")
struct PolicyLoadingTests {
    /// The shipped file with the one occurrence of `old` replaced by `new`.
    func shippedPolicy(replacing old: String, with new: String) throws -> String {
        let text = try EscalationFixture.policyText()
        try #require(text.ranges(of: old).count == 1, "\"\(old)\" occurs once in the shipped policy")
        return text.replacing(old, with: new)
    }

    /// Expects loading `yaml` to fail at `path`, with a description that
    /// names the file and the setting.
    func expectRefusal(_ yaml: String, at path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let error = try #require(loadingError(yaml), "refused", sourceLocation: sourceLocation)
        #expect(error.path == path, "\(error)", sourceLocation: sourceLocation)
        #expect(error.file == EscalationPolicy.fileName, "\(error)", sourceLocation: sourceLocation)
        #expect(error.description.hasPrefix("\(EscalationPolicy.fileName): \(path): "), "\(error)", sourceLocation: sourceLocation)
    }

    /// The error loading `yaml` gives, or nil if it loads.
    func loadingError(_ yaml: String) -> PolicyError? {
        do {
            _ = try EscalationPolicy(yaml: yaml)
            return nil
        } catch {
            return error
        }
    }

    @Test("the shipped file loads, with a response for every level")
    func shippedFileLoads() throws {
        let policy = try EscalationPolicy(yaml: try EscalationFixture.policyText())
        #expect(Set(policy.responses.keys) == Set(EscalationLevel.allCases))
    }

    /// (text in the shipped file, its misspelling, the path the error names)
    @Test("a mistyped setting is refused, naming it", arguments: [
        ("severityAtLeast: 3", "severityAtLest: 3", "rules.severe-harm.severityAtLest"),
        ("child-not-seen-alone:", "child-not-seen-alon:", "rules.child-not-seen-alon"),
        ("respondWithin: 24h", "respondWithn: 24h", "responses.urgent.respondWithn"),
    ])
    func mistypedSetting(old: String, new: String, path: String) throws {
        try expectRefusal(try shippedPolicy(replacing: old, with: new), at: path)
    }

    /// (text in the shipped file, a value of the wrong kind, the path the error names)
    @Test("a setting of the wrong kind is refused, naming it", arguments: [
        ("count: 2", "count: two", "rules.child-not-seen-alone.count"),
        ("window: 30d", "window: a month", "rules.repeated-signals.window"),
    ])
    func mistypedValue(old: String, new: String, path: String) throws {
        try expectRefusal(try shippedPolicy(replacing: old, with: new), at: path)
    }

    /// (the chain step as shipped, the step no later than the one before, the path)
    @Test("a chain step not later than the step before it is refused, naming it", arguments: [
        ("{ after: 60m,", "{ after: 30m,", "responses.emergency.chain[1].after"),
        ("{ after: 12h,", "{ after: 4h,", "responses.urgent.chain[1].after"),
        ("{ after: 90m,", "{ after: 45m,", "responses.emergency.chain[2].after"),
    ])
    func chainStepNotLater(old: String, new: String, path: String) throws {
        try expectRefusal(try shippedPolicy(replacing: old, with: new), at: path)
    }

    @Test("a level without a response is refused, naming the level")
    func missingLevelResponse() throws {
        let review = "  review:\n    recommendation: case-review\n    respondWithin: 5d\n    notify: [caseworker]\n"
        try expectRefusal(try shippedPolicy(replacing: review, with: ""), at: "responses.review")
    }

    @Test("a level that must be answered in time without respondWithin is refused, naming it")
    func missingResponseTime() throws {
        try expectRefusal(try shippedPolicy(replacing: "    respondWithin: 24h\n", with: ""), at: "responses.urgent.respondWithin")
    }

    @Test("a response for an unknown level is refused, naming it")
    func unknownResponseLevel() throws {
        try expectRefusal(try shippedPolicy(replacing: "  watch:\n", with: "  critical:\n    recommendation: monitor\n    notify: []\n  watch:\n"),
                          at: "responses.critical")
    }

    @Test("a rule leading to an unknown level is refused, naming it")
    func unknownRuleLevel() throws {
        try expectRefusal(try shippedPolicy(replacing: "severityAtLeast: 4, level: emergency", with: "severityAtLeast: 4, level: critical"),
                          at: "rules.highest-severity.level")
    }
}
