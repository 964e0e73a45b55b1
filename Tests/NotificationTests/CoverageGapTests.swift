import HomewardContract
import HomewardNotification
import Testing

@Suite("Teams whose roles nobody holds in the coming week")
struct CoverageGapTests {
    static let shift = OnCallShift(person: "oc-1", from: at("2026-03-02T07:00:00Z"), until: at("2026-03-09T07:00:00Z"))

    func gaps(_ team: Team, from start: String) -> [TeamCoverageGap.Role] {
        StaffDirectory(people: [], teams: [team]).coverageGaps(from: at(start)).map(\.role)
    }

    @Test("a team with a supervisor, a manager and a shift in the week has no gap")
    func coveredTeam() {
        #expect(gaps(Team(id: "t", supervisor: "s", manager: "m", onCall: [Self.shift]), from: "2026-03-01T00:00:00Z").isEmpty)
    }

    @Test("a shift counts when it covers any moment of the week: one ending at the week's start does not")
    func shiftOverlap() {
        let team = Team(id: "t", supervisor: "s", manager: "m", onCall: [Self.shift])
        #expect(gaps(team, from: "2026-03-09T06:59:59Z").isEmpty)
        #expect(gaps(team, from: "2026-03-09T07:00:00Z") == [.onCall])
        #expect(gaps(team, from: "2026-02-23T07:00:01Z").isEmpty)
        #expect(gaps(team, from: "2026-02-23T07:00:00Z") == [.onCall])
    }

    @Test("no supervisor and no manager are gaps whatever the week")
    func missingRoles() {
        #expect(gaps(Team(id: "t", supervisor: nil, manager: nil, onCall: [Self.shift]), from: "2026-03-03T00:00:00Z") == [.supervisor, .manager])
    }
}
