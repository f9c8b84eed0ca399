import Foundation

/// A calendar date with no time of day, as officers write it: `2026-11-21`.
///
/// Stored and exchanged as that ISO 8601 text, which also sorts correctly.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Makes a day, or nil when the parts do not name a real date (30 February).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Day.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day a number of days after 1970-01-01 (negative before it).
    public init(daysSinceEpoch: Int) {
        // Howard Hinnant's civil-from-days algorithm.
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    /// Parses `YYYY-MM-DD` exactly; anything else is nil.
    public init?(parsing text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let y = Day.number(bytes[0..<4]), let m = Day.number(bytes[5..<7]), let d = Day.number(bytes[8..<10])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The day `count` days later (earlier when negative).
    public func adding(days count: Int) -> Day { Day(daysSinceEpoch: daysSinceEpoch + count) }

    /// Whole days from this day to `other` (positive when `other` is later).
    public func days(until other: Day) -> Int { other.daysSinceEpoch - daysSinceEpoch }

    /// The Monday on or before this day: weeks in the indicators start on Monday (ISO 8601).
    public var startOfWeek: Day {
        adding(days: -weekday)
    }

    /// The local date of an instant in the given time zone (the device's by default).
    public static func of(_ date: Date, in zone: TimeZone = .current) -> Day {
        let seconds = Int(floor(date.timeIntervalSince1970)) + zone.secondsFromGMT(for: date)
        return Day(daysSinceEpoch: Int(floor(Double(seconds) / 86_400)))
    }

    public var description: String {
        guard (0...9999).contains(year) else { return Day.pad(year, 4) + "-" + Day.pad(month, 2) + "-" + Day.pad(day, 2) }
        return String(unsafeUninitializedCapacity: 10) { out in
            var digits = Digits(out)
            digits.day(self)
            return digits.count
        }
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

extension Day {
    /// 0 for Monday to 6 for Sunday (ISO 8601); 1970-01-01 was a Thursday.
    public var weekday: Int { ((daysSinceEpoch % 7) + 7 + 3) % 7 }
}

extension Day: TextCoded {
    public static let expectedForm = "a date written as YYYY-MM-DD, such as 2026-11-21"

    public init?(_ text: String) { self.init(parsing: text) }
}

/// Writes dates and times as ASCII digits into a buffer long enough for them.
struct Digits {
    private let out: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    init(_ out: UnsafeMutableBufferPointer<UInt8>) { self.out = out }

    mutating func put(_ byte: UInt8) {
        out[count] = byte
        count += 1
    }

    /// `value`, from 0, in exactly `width` digits.
    mutating func number(_ value: Int, _ width: Int) {
        var rest = value
        for index in stride(from: count + width - 1, through: count, by: -1) {
            out[index] = UInt8(truncatingIfNeeded: 0x30 + rest % 10)
            rest /= 10
        }
        count += width
    }

    /// `YYYY-MM-DD`, for a year from 0 to 9999.
    mutating func day(_ day: Day) {
        number(day.year, 4)
        put(0x2D)
        number(day.month, 2)
        put(0x2D)
        number(day.day, 2)
    }
}
