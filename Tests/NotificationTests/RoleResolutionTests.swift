import HomewardContract
import HomewardNotification
import Testing

@Suite("Roles resolve to people through the directory")
struct RoleResolutionTests {
    let directory: StaffDirectory
    init() throws { directory = try NotifierFixture.directory() }

    func holder(_ role: NotifyRole, caseworker: Identifier = "cw-0001", team: Identifier = "team-north",
                at moment: Timestamp = at("2026-03-04T10:00:00Z")) -> Result<StaffMember, UnresolvedRole> {
        directory.holder(of: role, caseworker: caseworker, team: team, at: moment)
    }

    @Test("the caseworker is the event's caseworkerId")
    func caseworker() throws {
        #expect(try holder(.caseworker).get().id == "cw-0001")
    }

    @Test("the supervisor and the manager come from the event's team")
    func supervisorAndManager() throws {
        #expect(try holder(.supervisor).get().id == "sup-0001")
        #expect(try holder(.manager).get().id == "mgr-0001")
    }

    @Test("on-call is whoever is on shift at the moment of sending: a shift starts at its from and ends just before its until")
    func onCallShiftBoundaries() throws {
        #expect(try holder(.onCall, at: at("2026-03-02T06:00:00Z")).get().id == "oc-0001")
        #expect(try holder(.onCall, at: at("2026-03-09T05:59:59.999Z")).get().id == "oc-0001")
        #expect(try holder(.onCall, at: at("2026-03-09T06:00:00Z")).get().id == "oc-0002")
    }

    @Test("with nobody on shift, on-call is the team's manager")
    func onCallFallsBackToManager() throws {
        #expect(try holder(.onCall, at: at("2026-03-02T05:59:59Z")).get().id == "mgr-0001")
        #expect(try holder(.onCall, at: at("2026-04-01T12:00:00Z")).get().id == "mgr-0001")
    }

    @Test("an unassigned caseworker goes to on-call")
    func unassignedGoesToOnCall() throws {
        #expect(try holder(.caseworker, caseworker: "unassigned").get().id == "oc-0001")
    }

    @Test("an unknown person, an unknown team, or a role with nobody behind it, says what to fix", arguments: [
        (NotifyRole.caseworker, Identifier("cw-9999"), Identifier("team-north"), "caseworker cw-9999 is not in the directory"),
        (.supervisor, "cw-0001", "team-nowhere", "team team-nowhere is not in the directory"),
        (.manager, "cw-0009", "team-west", "team team-west has no manager"),
        (.onCall, "cw-0009", "team-west", "team team-west has no on-call"),
        (.caseworker, "unassigned", "unassigned", "add a team with id unassigned"),
    ])
    func unresolved(role: NotifyRole, caseworker: Identifier, team: Identifier, says: String) {
        guard case .failure(let problem) = holder(role, caseworker: caseworker, team: team) else {
            Issue.record("\(role) resolved")
            return
        }
        #expect(problem.role == role)
        #expect(problem.reason.contains(says), "\(problem)")
    }
}
