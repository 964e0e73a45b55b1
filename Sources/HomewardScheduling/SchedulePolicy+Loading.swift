public import HomewardProcessing
import HomewardContract
import Yams

extension SchedulePolicy {
    /// The policy file's name in the policies directory.
    public static let fileName = "scheduler.yaml"

    /// Reads and validates a policy file's text.
    ///
    /// - Throws: ``PolicyError`` naming the file, the setting and the fix.
    public init(yaml: String, file: String = SchedulePolicy.fileName) throws(PolicyError) {
        do {
            let document = try YAMLDecoder().decode(PolicyDocument.self, from: yaml)
            self = try document.policy()
        } catch {
            throw PolicyError.located(error, file: file)
        }
    }
}

/// `scheduler.yaml`, as written.
private struct PolicyDocument: Decodable {
    var version: Int
    var lateAfter: PolicyDuration
    var defaultLanguage: Language
    var aftercare: AftercareDocument
    var stageReviews: [StageReviewDocument]
    var courtOrders: [CourtOrderDocument]

    init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["version", "lateAfter", "defaultLanguage", "aftercare", "stageReviews", "courtOrders"])
        version = try fields.required("version")
        guard version == 1 else { throw PolicyError(path: "version", message: "this build reads policy version 1, found \(version)") }
        lateAfter = try fields.required("lateAfter")
        defaultLanguage = try fields.required("defaultLanguage")
        aftercare = try fields.required("aftercare")
        stageReviews = try fields.optional("stageReviews") ?? []
        courtOrders = try fields.optional("courtOrders") ?? []
    }

    func policy() throws(PolicyError) -> SchedulePolicy {
        let policy = SchedulePolicy(aftercare: try aftercare.validated(), stageReviews: stageReviews.map(\.review),
                                    courtOrders: courtOrders.map(\.rule), lateAfter: lateAfter, defaultLanguage: defaultLanguage)
        try Self.validate(policy)
        return policy
    }

    static func validate(_ policy: SchedulePolicy) throws(PolicyError) {
        try positive(policy.lateAfter, "lateAfter")
        var reviewed: [CaseStage: Int] = [:]
        for (index, review) in policy.stageReviews.enumerated() {
            let path = "stageReviews[\(index)]"
            guard [.casePlanReviewDue, .reassessmentDue].contains(review.kind) else {
                throw PolicyError(path: path + ".kind", message: "expected case-plan-review-due or reassessment-due, found \(review.kind.rawValue)")
            }
            guard !review.stages.isEmpty else { throw PolicyError(path: path + ".stages", message: "list at least one stage") }
            for stage in review.stages {
                guard ![.reunified, .closed].contains(stage) else {
                    throw PolicyError(path: path + ".stages", message: "\(stage.rawValue) has its own plan (aftercare, closure); use preparation, contact, alternative-care, …")
                }
                if let other = reviewed[stage] {
                    throw PolicyError(path: path + ".stages", message: "\(stage.rawValue) is already reviewed by stageReviews[\(other)]")
                }
                reviewed[stage] = index
            }
            try positive(review.every, path + ".every")
            try roles(review.notify, path + ".notify")
        }
        var covered: [CourtOrderKind: Int] = [:]
        for (index, rule) in policy.courtOrders.enumerated() {
            let path = "courtOrders[\(index)]"
            guard !rule.kinds.isEmpty else { throw PolicyError(path: path + ".kinds", message: "list at least one order kind") }
            for kind in rule.kinds {
                if let other = covered[kind] {
                    throw PolicyError(path: path + ".kinds", message: "\(kind.rawValue) is already covered by courtOrders[\(other)]")
                }
                covered[kind] = index
            }
            guard !rule.reminders.isEmpty else { throw PolicyError(path: path + ".reminders", message: "list at least one reminder") }
            var seen: Set<PolicyDuration> = []
            for (position, moment) in rule.reminders.enumerated() {
                let momentPath = path + ".reminders[\(position)]"
                guard moment.kind.rawValue.hasPrefix("court-order-") else {
                    throw PolicyError(path: momentPath + ".kind", message: "expected a court-order-… reminder kind, found \(moment.kind.rawValue)")
                }
                try positive(moment.before, momentPath + ".before")
                guard moment.dueBefore <= moment.before else {
                    throw PolicyError(path: momentPath + ".dueBefore", message: "must not be longer than before (\(moment.before)): a reminder comes before what it is about")
                }
                guard seen.insert(moment.before).inserted else {
                    throw PolicyError(path: momentPath + ".before", message: "two reminders of one order at \(moment.before) before its end")
                }
            }
            try roles(rule.notify, path + ".notify")
        }
    }

    static func positive(_ duration: PolicyDuration, _ path: String) throws(PolicyError) {
        guard duration.milliseconds > 0 else { throw PolicyError(path: path, message: "must be longer than zero") }
    }

    static func roles(_ roles: [NotifyRole], _ path: String) throws(PolicyError) {
        guard !roles.isEmpty else { throw PolicyError(path: path, message: "name at least one role (caseworker, supervisor)") }
        for role in roles where ![.caseworker, .supervisor].contains(role) {
            throw PolicyError(path: path, message: "reminders go to caseworker or supervisor, not \(role.rawValue)")
        }
        guard Set(roles).count == roles.count else { throw PolicyError(path: path, message: "a role is listed twice") }
    }
}

private struct AftercareDocument: Decodable {
    var intervals: [IntervalDocument]
    var riskCaps: [String: PolicyDuration]
    var dueSoon: AdvanceDocument
    var overdue: OverdueDocument
    var closureReview: ClosureDocument

    init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["intervals", "riskCaps", "dueSoon", "overdue", "closureReview"])
        intervals = try fields.required("intervals")
        riskCaps = try fields.optional("riskCaps") ?? [:]
        dueSoon = try fields.required("dueSoon")
        overdue = try fields.required("overdue")
        closureReview = try fields.required("closureReview")
    }

    func validated() throws(PolicyError) -> SchedulePolicy.Aftercare {
        guard !intervals.isEmpty else { throw PolicyError(path: "aftercare.intervals", message: "list at least one interval") }
        var previous: PolicyDuration?
        for (index, interval) in intervals.enumerated() {
            let path = "aftercare.intervals[\(index)]"
            try PolicyDocument.positive(interval.every, path + ".every")
            let isLast = index == intervals.count - 1
            switch (interval.sinceReunificationUnder, isLast) {
            case (nil, false):
                throw PolicyError(path: path + ".sinceReunificationUnder", message: "missing: only the last interval may apply without a limit")
            case (let limit?, true):
                throw PolicyError(path: path + ".sinceReunificationUnder", message: "the last interval applies from \(limit) on: remove its limit, or add one after it")
            case (let limit?, false):
                if let previous, limit <= previous {
                    throw PolicyError(path: path + ".sinceReunificationUnder", message: "must be later than the interval before it (\(previous))")
                }
                try PolicyDocument.positive(limit, path + ".sinceReunificationUnder")
                previous = limit
            case (nil, true):
                break
            }
        }
        var caps: [RiskLevel: PolicyDuration] = [:]
        for (name, cap) in riskCaps {
            guard let level = RiskLevel(rawValue: name) else {
                throw PolicyError(path: "aftercare.riskCaps.\(name)", message: "unknown risk level; expected \(RiskLevel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            try PolicyDocument.positive(cap, "aftercare.riskCaps.\(name)")
            caps[level] = cap
        }
        try PolicyDocument.positive(dueSoon.before, "aftercare.dueSoon.before")
        try PolicyDocument.roles(dueSoon.notify, "aftercare.dueSoon.notify")
        try PolicyDocument.positive(overdue.after, "aftercare.overdue.after")
        try PolicyDocument.positive(overdue.repeatEvery, "aftercare.overdue.repeatEvery")
        try PolicyDocument.roles(overdue.notifyFirst, "aftercare.overdue.notifyFirst")
        try PolicyDocument.roles(overdue.notifyRepeats, "aftercare.overdue.notifyRepeats")
        try PolicyDocument.positive(closureReview.after, "aftercare.closureReview.after")
        try PolicyDocument.positive(closureReview.quietPeriod, "aftercare.closureReview.quietPeriod")
        try PolicyDocument.positive(closureReview.recheckEvery, "aftercare.closureReview.recheckEvery")
        try PolicyDocument.roles(closureReview.notify, "aftercare.closureReview.notify")
        guard (1...4).contains(closureReview.signalSeverityAtLeast) else {
            throw PolicyError(path: "aftercare.closureReview.signalSeverityAtLeast", message: "expected a severity 1...4, found \(closureReview.signalSeverityAtLeast)")
        }
        return SchedulePolicy.Aftercare(
            intervals: intervals.map { SchedulePolicy.VisitInterval(sinceReunificationUnder: $0.sinceReunificationUnder, every: $0.every) },
            riskCaps: caps,
            dueSoon: SchedulePolicy.Advance(before: dueSoon.before, notify: dueSoon.notify),
            overdue: SchedulePolicy.Overdue(after: overdue.after, repeatEvery: overdue.repeatEvery,
                                            notifyFirst: overdue.notifyFirst, notifyRepeats: overdue.notifyRepeats),
            closureReview: SchedulePolicy.ClosureReview(
                after: closureReview.after, quietPeriod: closureReview.quietPeriod,
                signalSeverityAtLeast: closureReview.signalSeverityAtLeast,
                recheckEvery: closureReview.recheckEvery, notify: closureReview.notify))
    }
}

private struct IntervalDocument: Decodable {
    var sinceReunificationUnder: PolicyDuration?
    var every: PolicyDuration

    init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["sinceReunificationUnder", "every"])
        sinceReunificationUnder = try fields.optional("sinceReunificationUnder")
        every = try fields.required("every")
    }
}

private struct AdvanceDocument: Decodable {
    var before: PolicyDuration
    var notify: [NotifyRole]

    init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["before", "notify"])
        before = try fields.required("before")
        notify = try fields.required("notify")
    }
}

private struct OverdueDocument: Decodable {
    var after: PolicyDuration
    var repeatEvery: PolicyDuration
    var notifyFirst: [NotifyRole]
    var notifyRepeats: [NotifyRole]

    init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["after", "repeatEvery", "notifyFirst", "notifyRepeats"])
        after = try fields.required("after")
        repeatEvery = try fields.required("repeatEvery")
        notifyFirst = try fields.required("notifyFirst")
        notifyRepeats = try fields.required("notifyRepeats")
    }
}

private struct ClosureDocument: Decodable {
    var after: PolicyDuration
    var quietPeriod: PolicyDuration
    var signalSeverityAtLeast: Int
    var recheckEvery: PolicyDuration
    var notify: [NotifyRole]

    init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["after", "quietPeriod", "signalSeverityAtLeast", "recheckEvery", "notify"])
        after = try fields.required("after")
        quietPeriod = try fields.required("quietPeriod")
        signalSeverityAtLeast = try fields.required("signalSeverityAtLeast")
        recheckEvery = try fields.required("recheckEvery")
        notify = try fields.required("notify")
    }
}

private struct StageReviewDocument: Decodable {
    var review: SchedulePolicy.StageReview

    init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["kind", "stages", "every", "notify"])
        review = SchedulePolicy.StageReview(kind: try fields.required("kind"), stages: try fields.required("stages"),
                                            every: try fields.required("every"), notify: try fields.required("notify"))
    }
}

private struct CourtOrderDocument: Decodable {
    var rule: SchedulePolicy.CourtOrderReminders

    init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["kinds", "reminders", "notify"])
        rule = SchedulePolicy.CourtOrderReminders(kinds: try fields.required("kinds"), reminders: try fields.required("reminders"),
                                                  notify: try fields.required("notify"))
    }
}

extension SchedulePolicy.Moment: Decodable {
    /// Decodes `{kind, before, dueBefore}`.
    public init(from decoder: any Decoder) throws {
        let fields = try PolicyFields(decoder, known: ["kind", "before", "dueBefore"])
        self.init(kind: try fields.required("kind"), before: try fields.required("before"),
                  dueBefore: try fields.optional("dueBefore") ?? PolicyDuration(milliseconds: 0))
    }
}
