import Foundation
import HomewardContract
import HomewardSimulation
import Testing

@Suite("Contract conformance")
struct ContractConformanceTests {
    @Test("every event passes the validator after encoding, and decodes to itself")
    func everyEventValidates() throws {
        let encoder = SimulatedRuns.encoder()
        let validator = CaseEventValidator()
        var rejections: [String] = []
        for event in SimulatedRuns.standard {
            let bytes = try encoder.encode(event)
            switch validator.validate(Array(bytes)) {
            case .success(let decoded):
                if decoded != event { rejections.append("\(event.id): decodes differently") }
            case .failure(let rejection):
                rejections.append("\(event.id): \(rejection)")
            }
        }
        #expect(rejections.isEmpty, "\(rejections.prefix(5))")
    }

    @Test("the source is the configured one")
    func source() {
        let settings = SimulationSettings(cases: 3, months: 3, seed: 1, source: "/simulator/other-system")
        let events = CaseHistorySimulator(settings: settings).events()
        #expect(!events.isEmpty)
        #expect(events.allSatisfy { $0.source.rawValue == "/simulator/other-system" })
    }

    @Test("court orders end after they start, with the length their kind allows")
    func courtOrderLengths() {
        let day: Int64 = 86_400_000
        var seen = 0
        for event in SimulatedRuns.standard {
            guard case .courtOrderIssued(let order) = event.payload else { continue }
            seen += 1
            let days = (order.endsAt.millisecondsSinceEpoch - order.startsAt.millisecondsSinceEpoch) / day
            switch order.kind {
            case .ots, .machtigingUithuisplaatsing: #expect((365...366).contains(days), "\(order.orderId)")
            case .voorlopigeOTS: #expect((89...92).contains(days), "\(order.orderId)")
            case .spoedmachtiging: #expect(days == 28, "\(order.orderId)")
            }
        }
        #expect(seen > 0)
    }
}
