import HomewardContract
import HomewardProcessing
import HomewardScheduling
import Testing

@Suite("Policy: config/policies/scheduler.yaml is loaded and validated")
struct PolicyLoadingTests {
    /// The shipped file with the one occurrence of `old` replaced by `new`.
    func shippedPolicy(replacing old: String, with new: String) throws -> String {
        let text = try ScheduleFixture.policyText()
        try #require(text.ranges(of: old).count == 1, "\"\(old)\" occurs once in the shipped policy")
        return text.replacing(old, with: new)
    }

    /// Expects loading `yaml` to fail at `path`, with a description that
    /// names the file and the setting.
    func expectRefusal(_ yaml: String, at path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let error = try #require(loadingError(yaml), "refused", sourceLocation: sourceLocation)
        #expect(error.path == path, "\(error)", sourceLocation: sourceLocation)
        #expect(error.description.hasPrefix("\(SchedulePolicy.fileName): \(path): "), "\(error)", sourceLocation: sourceLocation)
    }

    /// The error loading `yaml` gives, or nil if it loads.
    func loadingError(_ yaml: String) -> PolicyError? {
        do {
            _ = try SchedulePolicy(yaml: yaml)
            return nil
        } catch {
            return error
        }
    }

    @Test("the shipped file loads, with reminders for every court-order kind")
    func shippedFileLoads() throws {
        let policy = try SchedulePolicy(yaml: try ScheduleFixture.policyText())
        for kind in CourtOrderKind.allCases {
            #expect(policy.orderReminders(for: kind) != nil, "no reminders for \(kind.rawValue)")
        }
    }

    @Test("a mistyped setting is refused, naming it")
    func typo() throws {
        try expectRefusal(try shippedPolicy(replacing: "repeatEvery:", with: "repeatEvey:"), at: "aftercare.overdue.repeatEvey")
    }

    @Test("a negative duration is refused, naming the setting")
    func negativeDuration() throws {
        try expectRefusal(try shippedPolicy(replacing: "repeatEvery: ", with: "repeatEvery: -"), at: "aftercare.overdue.repeatEvery")
    }

    @Test("a malformed duration is refused, naming the setting")
    func malformedDuration() throws {
        try expectRefusal(try shippedPolicy(replacing: "quietPeriod: ", with: "quietPeriod: about "), at: "aftercare.closureReview.quietPeriod")
    }

    @Test("a limit on the last visit interval is refused, naming it")
    func lastIntervalWithLimit() throws {
        try expectRefusal(try shippedPolicy(replacing: "- { every: ", with: "- { sinceReunificationUnder: 400d, every: "),
                          at: "aftercare.intervals[2].sinceReunificationUnder")
    }

    @Test("a role reminders cannot go to is refused, naming the list", arguments: ["director", "on-call"])
    func unknownRole(role: String) throws {
        try expectRefusal(try shippedPolicy(replacing: "notifyFirst: [", with: "notifyFirst: [\(role), "), at: "aftercare.overdue.notifyFirst")
    }

    @Test("text that is not YAML is refused as such")
    func notYAML() throws {
        let error = try #require(loadingError("version: 1\naftercare: [unclosed"))
        #expect(error.description.hasPrefix("\(SchedulePolicy.fileName): not valid YAML"), "\(error)")
    }

    @Test("a stage reviewed twice is refused, naming the second review's stages")
    func duplicatedStage() throws {
        try expectRefusal(try shippedPolicy(replacing: "stages: [alternative-care", with: "stages: [contact, alternative-care"),
                          at: "stageReviews[1].stages")
    }
}
