/// A point in time from an RFC 3339 timestamp with an explicit offset
/// (`2026-03-01T09:30:00+01:00`, `2026-03-01T08:30:00.250Z`), kept to the
/// millisecond. Encoded as UTC (`…Z`).
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public let millisecondsSinceEpoch: Int64

    /// Creates a timestamp from milliseconds since the epoch.
    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// Parses an RFC 3339 timestamp; an offset (`Z` or `±hh:mm`) is required.
    public init(rfc3339 text: String) throws(ContractMismatch) {
        guard let value = Timestamp.parse(text) else {
            throw ContractMismatch(
                expected: Self.expectation,
                found: "\"\(text.escapingControlCharacters.prefix(40))\"", kind: .time)
        }
        self.millisecondsSinceEpoch = value
    }

    /// Decodes and validates an RFC 3339 string.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(rfc3339: text)
    }

    /// Encodes as RFC 3339 in UTC.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rfc3339)
    }

    /// Orders by time.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    /// This time plus `milliseconds`.
    public func adding(milliseconds: Int64) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: millisecondsSinceEpoch + milliseconds)
    }

    /// This time plus `days` exact days of 24 hours.
    public func adding(days: Int) -> Timestamp { adding(milliseconds: Int64(days) * 86_400_000) }

    /// This time plus `hours` hours.
    public func adding(hours: Int) -> Timestamp { adding(milliseconds: Int64(hours) * 3_600_000) }

    /// This time plus `minutes` minutes.
    public func adding(minutes: Int) -> Timestamp { adding(milliseconds: Int64(minutes) * 60_000) }

    /// RFC 3339 in UTC, with milliseconds only when there are any.
    public var rfc3339: String {
        let ms = millisecondsSinceEpoch
        let days = ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000
        let msOfDay = ms - days * 86_400_000
        let (year, month, day) = CivilCalendar.date(ofDay: days)
        let hour = msOfDay / 3_600_000, minute = msOfDay / 60_000 % 60, second = msOfDay / 1_000 % 60, milli = msOfDay % 1_000
        guard (0...9999).contains(year) else {  // outside four digits: the general path
            var text = "\(String(year).leftPadded(4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
            if milli != 0 { text += "." + pad(milli, 3) }
            return text + "Z"
        }
        // Written digit by digit: this is on every output event's hot path.
        return String(unsafeUninitializedCapacity: Self.rfc3339FourDigitYearCapacity) { writeRFC3339(into: UnsafeMutableRawBufferPointer($0))! }
    }

    /// The bytes ``writeRFC3339(into:)`` may write.
    static let rfc3339FourDigitYearCapacity = 24

    /// Writes ``rfc3339`` into `buffer` (``rfc3339FourDigitYearCapacity``
    /// bytes at least) and returns its length, or nil when the year has more
    /// or fewer than four digits (nothing made, no string: output events
    /// write their times this way).
    func writeRFC3339(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        let ms = millisecondsSinceEpoch
        let days = ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000
        let msOfDay = ms - days * 86_400_000
        let (year, month, day) = CivilCalendar.date(ofDay: days)
        guard (0...9999).contains(year) else { return nil }
        let hour = msOfDay / 3_600_000, minute = msOfDay / 60_000 % 60, second = msOfDay / 1_000 % 60, milli = msOfDay % 1_000
        var index = 0
        func put(_ value: Int64, _ width: Int) {
            var remaining = value
            for position in stride(from: width - 1, through: 0, by: -1) {
                buffer[index + position] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            }
            index += width
        }
        func put(_ character: Unicode.Scalar) {
            buffer[index] = UInt8(ascii: character)
            index += 1
        }
        put(year, 4); put("-"); put(month, 2); put("-"); put(day, 2); put("T")
        put(hour, 2); put(":"); put(minute, 2); put(":"); put(second, 2)
        if milli != 0 { put("."); put(milli, 3) }
        put("Z")
        return index
    }

    /// The RFC 3339 text.
    public var description: String { rfc3339 }

    private func pad(_ value: Int64, _ width: Int) -> String { String(value).leftPadded(width) }

    /// The years a timestamp may name: anything outside is a mistake
    /// (year 0, 9999), and keeps every deadline computed from it within
    /// four-digit years.
    public static let years: ClosedRange<Int64> = 1900...2199

    /// What a timestamp must look like, for error messages.
    static let expectation = "RFC 3339 time with offset in the years 1900…2199, e.g. 2026-03-01T09:30:00+01:00"

    /// Parses the UTF-8 of `text` (in place, without copying it).
    static func parse(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; nil if malformed,
    /// not a real date, or outside ``years``.
    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        @inline(__always)
        func digits(_ start: Int, _ count: Int) -> Int64? {
            guard start + count <= b.count else { return nil }
            var value: Int64 = 0
            for i in start..<(start + count) {
                let c = b[i]
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int64(c - 48)
            }
            return value
        }
        guard b.count >= 20,
              let year = digits(0, 4), b[4] == UInt8(ascii: "-"),
              let month = digits(5, 2), b[7] == UInt8(ascii: "-"),
              let day = digits(8, 2), b[10] == UInt8(ascii: "T"),
              let hour = digits(11, 2), b[13] == UInt8(ascii: ":"),
              let minute = digits(14, 2), b[16] == UInt8(ascii: ":"),
              let second = digits(17, 2)
        else { return nil }
        guard Self.years.contains(year), (1...12).contains(month), day >= 1, day <= CivilCalendar.daysInMonth(year: year, month: month),
              hour <= 23, minute <= 59, second <= 60 else { return nil }
        var index = 19
        var millis: Int64 = 0
        if index < b.count, b[index] == UInt8(ascii: ".") {
            index += 1
            var count = 0
            while index < b.count, b[index] >= 48, b[index] <= 57 {
                if count < 3 { millis = millis * 10 + Int64(b[index] - 48) }
                count += 1
                index += 1
            }
            guard (1...9).contains(count) else { return nil }
            if count < 3 { for _ in count..<3 { millis *= 10 } }
        }
        guard index < b.count else { return nil }
        var offsetMinutes: Int64 = 0
        if b[index] == UInt8(ascii: "Z") {
            index += 1
        } else if b[index] == UInt8(ascii: "+") || b[index] == UInt8(ascii: "-") {
            let sign: Int64 = b[index] == UInt8(ascii: "-") ? -1 : 1
            guard let oh = digits(index + 1, 2), index + 3 < b.count, b[index + 3] == UInt8(ascii: ":"),
                  let om = digits(index + 4, 2), oh <= 23, om <= 59 else { return nil }
            offsetMinutes = sign * (oh * 60 + om)
            index += 6
        } else {
            return nil
        }
        guard index == b.count else { return nil }
        let dayNumber = CivilCalendar.day(year: year, month: month, day: day)
        let seconds = dayNumber * 86_400 + hour * 3_600 + minute * 60 + second - offsetMinutes * 60
        return seconds * 1_000 + millis
    }
}
