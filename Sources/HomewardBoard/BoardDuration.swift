/// A span of time in words for the board: "45 min", "3 h 20 min", "2 d 4 h".
enum BoardDuration {
    /// `milliseconds` (non-negative) in the two largest units.
    static func words(milliseconds: Int64) -> String {
        let minutes = max(0, milliseconds) / 60_000
        let (days, hours, rest) = (minutes / 1_440, minutes / 60 % 24, minutes % 60)
        if days > 0 { return hours > 0 ? "\(days) d \(hours) h" : "\(days) d" }
        if hours > 0 { return rest > 0 ? "\(hours) h \(rest) min" : "\(hours) h" }
        return "\(rest) min"
    }
}
