import Foundation
public import HomewardContract

/// The recipient's clock: local days, weekdays and times of day in their
/// time zone, from Foundation's Gregorian calendar over the tz database
/// (`/usr/share/zoneinfo`). A day is a calendar day, so a moment "at 07:00"
/// is 07:00 on the wall clock on either side of a daylight-saving change.
///
/// Every question walks forward over calendar days from the moment's own
/// local day and takes the first candidate at or after it, so the answers
/// hold across midnight and across the 23- and 25-hour days.
public struct LocalCalendar: Sendable {
    private let calendar: Calendar

    /// The clock of `zone`; an unknown zone name falls back to Europe/Amsterdam.
    public init(zone: TimeZoneName) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone.rawValue) ?? TimeZone(identifier: TimeZoneName.amsterdam.rawValue)!
        self.calendar = calendar
    }

    /// The weekday of `moment` here.
    public func weekday(of moment: Timestamp) -> Weekday {
        Weekday(gregorian: calendar.component(.weekday, from: date(moment)))
    }

    /// The time of day of `moment` here (seconds dropped).
    public func timeOfDay(of moment: Timestamp) -> LocalTimeOfDay {
        let parts = calendar.dateComponents([.hour, .minute], from: date(moment))
        return LocalTimeOfDay(hour: parts.hour ?? 0, minute: parts.minute ?? 0)!
    }

    /// Whether `moment` falls in `quiet`: on a quiet day, or between its
    /// evening start and morning end (across midnight when the start is later).
    public func isQuiet(_ moment: Timestamp, _ quiet: NotifierPolicy.QuietHours) -> Bool {
        if quiet.allDay.contains(weekday(of: moment)) { return true }
        let time = timeOfDay(of: moment)
        return quiet.from > quiet.until ? (time >= quiet.from || time < quiet.until) : (time >= quiet.from && time < quiet.until)
    }

    /// The first moment at or after `moment` that quiet hours end: their
    /// morning end on a day that is not quiet all day. For the shipped
    /// policy, the next weekday at 07:00.
    public func endOfQuiet(after moment: Timestamp, _ quiet: NotifierPolicy.QuietHours) -> Timestamp {
        firstMoment(atOrAfter: moment, at: quiet.until) { !quiet.allDay.contains($0) }
    }

    /// The first digest moment strictly after `moment` (an item arriving at
    /// the digest's very minute waits for the next one).
    public func nextDigest(after moment: Timestamp, _ digest: NotifierPolicy.Digest) -> Timestamp {
        firstMoment(atOrAfter: moment.adding(milliseconds: 1), at: digest.at) { digest.days.contains($0) }
    }

    /// `moment` on this clock as `2026-02-09 14:00`.
    public func text(of moment: Timestamp) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date(moment))
        func two(_ value: Int?) -> String { let value = value ?? 0; return (value < 10 ? "0" : "") + String(value) }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute))"
    }

    /// The first moment at or after `moment` that is `time` on a day that `allowed` accepts.
    private func firstMoment(atOrAfter moment: Timestamp, at time: LocalTimeOfDay, on allowed: (Weekday) -> Bool) -> Timestamp {
        let start = calendar.startOfDay(for: date(moment))
        for offset in 0...14 {
            guard let day = calendar.date(byAdding: .day, value: offset, to: start),
                  allowed(Weekday(gregorian: calendar.component(.weekday, from: day))),
                  let candidate = calendar.date(bySettingHour: time.hour, minute: time.minute, second: 0, of: day,
                                                matchingPolicy: .nextTime, repeatedTimePolicy: .first, direction: .forward)
            else { continue }
            let stamp = Timestamp(millisecondsSinceEpoch: Int64((candidate.timeIntervalSince1970 * 1000).rounded()))
            if stamp >= moment { return stamp }
        }
        return moment  // no allowed day in two weeks: validation refuses such policies
    }

    private func date(_ moment: Timestamp) -> Date {
        Date(timeIntervalSince1970: Double(moment.millisecondsSinceEpoch) / 1000)
    }
}
