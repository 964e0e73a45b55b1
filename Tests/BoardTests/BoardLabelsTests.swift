import HomewardBoard
import HomewardEscalation
import Testing

@Suite("Board labels")
struct BoardLabelsTests {
    @Test("every escalator rule has a label for people, not its id")
    func everyRuleLabelled() {
        for rule in EscalationRule.all {
            #expect(BoardLabels.reason(rule) != rule, "\(rule) has no label")
        }
    }
}
