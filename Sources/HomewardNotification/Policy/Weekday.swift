public import HomewardContract

/// A day of the week, as policy files name it.
public enum Weekday: String, ContractEnum, Comparable {
    /// Monday.
    case monday
    /// Tuesday.
    case tuesday
    /// Wednesday.
    case wednesday
    /// Thursday.
    case thursday
    /// Friday.
    case friday
    /// Saturday.
    case saturday
    /// Sunday.
    case sunday

    /// Monday to Friday.
    public static let workingDays: Set<Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday]

    /// The day of Foundation's Gregorian `weekday` component (1 = Sunday).
    init(gregorian weekday: Int) {
        self = [.sunday, .monday, .tuesday, .wednesday, .thursday, .friday, .saturday][(weekday - 1) % 7]
    }

    /// Monday first.
    public static func < (lhs: Weekday, rhs: Weekday) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
