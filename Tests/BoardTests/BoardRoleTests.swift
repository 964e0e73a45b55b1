import HomewardBoard
import Testing

@Suite("Board roles")
struct BoardRoleTests {
    @Test("roles are named as the users file and the command line write them")
    func names() {
        #expect(BoardRole.allCases.map(\.rawValue) == ["supervisor", "on-call", "manager", "viewer"])
    }
}
