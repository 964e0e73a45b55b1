import HomewardContract

/// Moments relative to the action being handled.
extension CaseProcess {
    /// `count` days in milliseconds.
    func days(_ count: Int) -> Int64 { Int64(count) * SimulationCalendar.day }

    /// `count` hours in milliseconds.
    func hours(_ count: Int) -> Int64 { Int64(count) * SimulationCalendar.hour }

    /// `count` minutes in milliseconds.
    func minutes(_ count: Int) -> Int64 { Int64(count) * SimulationCalendar.minute }

    /// An office moment on a working day at least a random number of days (in `range`) after now.
    mutating func officeMoment(inDays range: ClosedRange<Int>) -> Int64 {
        officeMoment(onOrAfter: now + days(random.integer(in: range)))
    }

    /// An office moment on a working day, at or after `moment`.
    mutating func officeMoment(onOrAfter moment: Int64) -> Int64 {
        SimulationCalendar.officeMoment(onOrAfter: moment, using: &random)
    }

    /// A moment between `range` minutes from now.
    mutating func moment(inMinutes range: ClosedRange<Int>) -> Int64 {
        now + minutes(random.integer(in: range))
    }

    /// A timestamp.
    func timestamp(_ moment: Int64) -> Timestamp { Timestamp(millisecondsSinceEpoch: moment) }
}
