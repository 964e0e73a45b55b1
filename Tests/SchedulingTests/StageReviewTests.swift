import HomewardContract
import HomewardScheduling
import Testing

@Suite("Stage reviews: repeated from entering a stage, while the case stays in it")
struct StageReviewTests {
    @Test("in preparation the case plan is due for review every 28 days from entering it")
    func planReviewInPreparation() throws {
        let history = [opened(at: day(-10)), stageChanged(to: .preparation, at: day(0))]
        #expect(try replay(history, until: day(60)).sent == [
            Sent(.casePlanReviewDue, at: day(28), due: day(28), occurrence: 1, notify: [.caseworker]),
            Sent(.casePlanReviewDue, at: day(56), due: day(56), occurrence: 2, notify: [.caseworker]),
        ])
    }

    @Test("moving from preparation to contact starts the count again")
    func contactRestartsCount() throws {
        let history = [opened(at: day(-10)), stageChanged(to: .preparation, at: day(0)), stageChanged(to: .contact, at: day(40))]
        #expect(try replay(history, until: day(100)).sent == [
            Sent(.casePlanReviewDue, at: day(28), due: day(28), occurrence: 1, notify: [.caseworker]),
            Sent(.casePlanReviewDue, at: day(68), due: day(68), occurrence: 1, notify: [.caseworker]),
            Sent(.casePlanReviewDue, at: day(96), due: day(96), occurrence: 2, notify: [.caseworker]),
        ])
    }

    @Test("in alternative care a reassessment is due every 90 days")
    func reassessmentInAlternativeCare() throws {
        let history = [opened(at: day(-10)), stageChanged(to: .alternativeCare, at: day(0))]
        #expect(try replay(history, until: day(200)).sent == [
            Sent(.reassessmentDue, at: day(90), due: day(90), occurrence: 1, notify: [.caseworker]),
            Sent(.reassessmentDue, at: day(180), due: day(180), occurrence: 2, notify: [.caseworker]),
        ])
    }

    @Test("leaving the stage stops its reviews")
    func leavingStops() throws {
        let history = [opened(at: day(-30)), stageChanged(to: .preparation, at: day(-20)), reunified(at: day(0))]
        #expect(try replay(history, until: day(60)).sent.filter { $0.kind == .casePlanReviewDue } == [])
    }

    @Test("a stage change that arrives after a newer one does not take the case back")
    func olderStageChangeIgnored() throws {
        let history = [opened(at: day(-30)), stageChanged(to: .alternativeCare, at: day(10)), stageChanged(to: .preparation, at: day(0))]
        #expect(try replay(history, until: day(100)).sent == [
            Sent(.reassessmentDue, at: day(100), due: day(100), occurrence: 1, notify: [.caseworker]),
        ])
    }
}
