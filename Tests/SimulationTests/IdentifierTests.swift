import HomewardContract
import HomewardSimulation
import Testing

@Suite("Pseudonymous identifiers")
struct IdentifierTests {
    /// Every reference an event carries, with the pattern it must match.
    func references(_ event: CaseEvent) -> [(String, Regex<Substring>)] {
        let person = #/(?:cw|sup)-[0-9]{4}/#
        var found: [(String, Regex<Substring>)] = [
            (event.id.rawValue, #/sim-42-[0-9]{6}-[0-9]{4,}/#),
            (event.subject.rawValue, #/case-[0-9]{6}/#),
        ]
        switch event.payload {
        case .caseOpened(let opened):
            found += [(opened.caseworkerId.rawValue, #/cw-[0-9]{4}/#), (opened.teamId.rawValue, #/team-(?:north|east|south|west|centre)/#)]
        case .caseworkerAssigned(let assigned):
            found += [(assigned.caseworkerId.rawValue, #/cw-[0-9]{4}/#), (assigned.teamId.rawValue, #/team-(?:north|east|south|west|centre)/#)]
        case .visitScheduled(let visit): found.append((visit.visitId.rawValue, #/visit-[0-9]{6}-[0-9]{3,}/#))
        case .visitCompleted(let visit): found.append((visit.visitId.rawValue, #/visit-[0-9]{6}-[0-9]{3,}/#))
        case .visitMissed(let visit): found.append((visit.visitId.rawValue, #/visit-[0-9]{6}-[0-9]{3,}/#))
        case .riskSignalReported(let signal): found.append((signal.signalId.rawValue, #/signal-[0-9]{6}-[0-9]{3,}/#))
        case .courtOrderIssued(let order): found.append((order.orderId.rawValue, #/order-[0-9]{6}-[0-9]{2,}/#))
        case .courtOrderEnded(let order): found.append((order.orderId.rawValue, #/order-[0-9]{6}-[0-9]{2,}/#))
        case .escalationAcknowledged(let ack):
            found += [(ack.escalationId.rawValue, #/esc-case-[0-9]{6}-[0-9]+/#), (ack.acknowledgedBy.rawValue, person)]
        case .escalationResolved(let resolved):
            found += [(resolved.escalationId.rawValue, #/esc-case-[0-9]{6}-[0-9]+/#), (resolved.resolvedBy.rawValue, person)]
        case .caseClosed(let closed): found.append((closed.approvedBy.rawValue, #/sup-[0-9]{4}/#))
        default: break
        }
        return found
    }

    @Test("every reference is a pseudonymous id of its kind")
    func referencesArePseudonymous() {
        let general = #/[a-z]+-[0-9a-z-]+/#
        var bad: [String] = []
        for event in SimulatedRuns.standard.prefix(20_000) {
            for (text, pattern) in references(event) where text.wholeMatch(of: pattern) == nil || text.wholeMatch(of: general) == nil {
                bad.append(text)
            }
        }
        #expect(bad.isEmpty, "\(bad.prefix(5))")
    }

    @Test("a reference belongs to the case it appears in")
    func referencesBelongToTheirCase() {
        for event in SimulatedRuns.standard.prefix(20_000) {
            let digits = event.subject.rawValue.dropFirst("case-".count)
            for (text, _) in references(event) where !text.hasPrefix("cw-") && !text.hasPrefix("sup-") && !text.hasPrefix("team-") {
                #expect(text.contains(digits), "\(text) in \(event.subject)")
            }
        }
    }

    @Test("no event carries personal details: only birth years, never dates of birth or names")
    func noPersonalDetails() throws {
        let encoder = SimulatedRuns.encoder()
        for event in SimulatedRuns.standard.prefix(5_000) {
            let text = String(decoding: try encoder.encode(event), as: UTF8.self)
            #expect(!text.contains("name") && !text.contains("address") && !text.contains("dateOfBirth"))
        }
    }
}
