public import HomewardContract
public import Foundation

/// The day the board's "Today" counts, in the board's time zone.
public struct BoardDay: Sendable {
    /// The zone whose midnight starts the day.
    public let timeZone: TimeZone

    /// Days in `timeZone`.
    public init(timeZone: TimeZone) { self.timeZone = timeZone }

    /// The day holding `moment`, as `[midnight, next midnight)`.
    public func day(of moment: Timestamp) -> Range<Timestamp> {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let date = Date(timeIntervalSince1970: Double(moment.millisecondsSinceEpoch) / 1_000)
        let start = calendar.startOfDay(for: date)
        let end = calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400)
        return Timestamp(millisecondsSinceEpoch: Int64(start.timeIntervalSince1970 * 1_000))
            ..< Timestamp(millisecondsSinceEpoch: Int64(end.timeIntervalSince1970 * 1_000))
    }
}
