import HomewardContract

/// Dutch court orders: an OTS (one year), a voorlopige OTS (three months), a
/// machtiging uithuisplaatsing (one year) and a spoedmachtiging (four weeks);
/// extended or converted before they end, lifted when the child returns home,
/// ended when the case closes.
extension CaseProcess {
    /// Issues an order starting at `startsAt` and plans its review and end.
    mutating func issueOrder(_ kind: CourtOrderKind, startsAt: Int64) {
        let endsAt: Int64
        let reviewLead: ClosedRange<Int>
        switch kind {
        case .ots, .machtigingUithuisplaatsing:
            endsAt = SimulationCalendar.adding(months: 12, to: startsAt)
            reviewLead = 56...70
        case .voorlopigeOTS:
            endsAt = SimulationCalendar.adding(months: 3, to: startsAt)
            reviewLead = 14...28
        case .spoedmachtiging:
            endsAt = startsAt + days(28)
            reviewLead = 4...7
        }
        orders.append(CourtOrderRecord(number: orders.count + 1, kind: kind, startsAt: startsAt, endsAt: endsAt))
        let index = orders.count - 1
        record(.courtOrderIssued(CourtOrderIssued(orderId: orderId(index), kind: kind,
                                                  startsAt: timestamp(startsAt), endsAt: timestamp(endsAt))))
        plan(.reviewOrder(index: index), at: officeMoment(onOrAfter: max(now, endsAt - days(random.integer(in: reviewLead)))))
        plan(.endOrder(index: index), at: endsAt + minutes(random.integer(in: 60...480)))
    }

    /// Extends or converts an order nearing its end, or lets it lapse.
    mutating func reviewOrder(_ index: Int) {
        let order = orders[index]
        guard !closed, !order.ended, !order.succeeded else { return }
        let childPlaced = stage == .alternativeCare || stage == .tracingAssessment || stage == .preparation || stage == .contact
        let followUp: CourtOrderKind?
        switch order.kind {
        case .ots:
            let settled = stage == .reunified && now - aftercareStart > days(270)
                && (lastSevereSignalAt.map { now - $0 > days(180) } ?? true)
            followUp = settled && random.chance(0.5) ? nil : .ots
        case .voorlopigeOTS:
            followUp = random.chance(0.85) ? .ots : nil
        case .machtigingUithuisplaatsing:
            followUp = childPlaced || (stage == .permanentPlacement && random.chance(0.5)) ? .machtigingUithuisplaatsing : nil
        case .spoedmachtiging:
            followUp = childPlaced && random.chance(0.85) ? .machtigingUithuisplaatsing : nil
        }
        guard let followUp else { return }
        orders[index].succeeded = true
        issueOrder(followUp, startsAt: order.endsAt)
    }

    /// An order reaches its end date; the case system mostly records it.
    mutating func endOrder(_ index: Int) {
        guard !orders[index].ended else { return }
        orders[index].ended = true
        guard !closed, random.chance(orders[index].succeeded ? 0.5 : 0.85) else { return }
        record(.courtOrderEnded(CourtOrderEnded(orderId: orderId(index), endedAt: timestamp(orders[index].endsAt))))
    }

    /// The child is home: placement orders are lifted (mostly recorded).
    mutating func liftPlacementOrders() {
        for index in orders.indices where !orders[index].ended
            && (orders[index].kind == .machtigingUithuisplaatsing || orders[index].kind == .spoedmachtiging) {
            orders[index].ended = true
            if orders[index].startsAt <= now, random.chance(0.8) {
                record(.courtOrderEnded(CourtOrderEnded(orderId: orderId(index), endedAt: timestamp(now))))
            }
        }
    }

    /// The case closes: every running order ends now.
    mutating func endOrdersAtClosure() {
        for index in orders.indices where !orders[index].ended {
            orders[index].ended = true
            if orders[index].startsAt <= now {
                record(.courtOrderEnded(CourtOrderEnded(orderId: orderId(index), endedAt: timestamp(now))))
            }
        }
    }

    /// The id of the order at `index`.
    func orderId(_ index: Int) -> Identifier {
        Identifier(trusted: SimulatedIdentifiers.order(case: number, orders[index].number))
    }
}
