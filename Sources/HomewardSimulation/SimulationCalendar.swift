import HomewardContract

/// Calendar arithmetic on milliseconds since the epoch (UTC, proleptic
/// Gregorian), without Foundation and without reading any clock.
enum SimulationCalendar {
    /// One minute in milliseconds.
    static let minute: Int64 = 60_000
    /// One hour in milliseconds.
    static let hour: Int64 = 3_600_000
    /// One day in milliseconds.
    static let day: Int64 = 86_400_000

    /// The day number (days since 1970-01-01) of a moment.
    static func dayNumber(of moment: Int64) -> Int64 {
        moment >= 0 ? moment / day : (moment - day + 1) / day
    }

    /// `moment` moved by `months` calendar months, keeping the time of day; the
    /// day of the month is clamped to the target month's length.
    static func adding(months: Int, to moment: Int64) -> Int64 {
        let days = dayNumber(of: moment)
        let timeOfDay = moment - days * day
        let (year, month, dayOfMonth) = CivilCalendar.date(ofDay: days)
        let monthIndex = year * 12 + (month - 1) + Int64(months)
        let targetYear = monthIndex >= 0 ? monthIndex / 12 : (monthIndex - 11) / 12
        let targetMonth = monthIndex - targetYear * 12 + 1
        let targetDay = min(dayOfMonth, CivilCalendar.daysInMonth(year: targetYear, month: targetMonth))
        return CivilCalendar.day(year: targetYear, month: targetMonth, day: targetDay) * day + timeOfDay
    }

    /// The calendar year of a moment.
    static func year(of moment: Int64) -> Int {
        Int(CivilCalendar.date(ofDay: dayNumber(of: moment)).year)
    }

    /// Monday is 0, Sunday 6.
    static func weekday(ofDay days: Int64) -> Int {
        Int(((days % 7) + 7 + 3) % 7)
    }

    /// The first Monday-to-Friday day at or after `days`.
    static func workday(onOrAfter days: Int64) -> Int64 {
        switch weekday(ofDay: days) {
        case 5: days + 2
        case 6: days + 1
        default: days
        }
    }

    /// A moment in office hours (07:00–15:30 UTC: 08:00–16:30 in Dutch winter,
    /// an hour later in summer) on a working day, at or after `moment`, on
    /// five-minute marks.
    static func officeMoment(onOrAfter moment: Int64, using random: inout SeededGenerator) -> Int64 {
        var days = dayNumber(of: moment)
        while true {
            days = workday(onOrAfter: days)
            let candidate = days * day + Int64(420 + 5 * random.below(103)) * minute
            if candidate >= moment { return candidate }
            days += 1
        }
    }

    /// A moment between 06:00 and 22:00 UTC on the day of `moment` (or the
    /// next day if that would be earlier than `notBefore`), to the minute.
    static func wakingMoment(onDayOf moment: Int64, notBefore: Int64, using random: inout SeededGenerator) -> Int64 {
        var days = dayNumber(of: moment)
        while true {
            let candidate = days * day + Int64(360 + random.below(960)) * minute
            if candidate >= notBefore { return candidate }
            days += 1
        }
    }
}
