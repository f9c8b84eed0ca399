import Foundation

/// A date and time as it was on the wall where it happened, with its UTC offset:
/// `2026-11-21T14:30:00+03:00`. Meetings start at one of these.
public struct OffsetDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The instant itself.
    public let instant: Timestamp
    /// Minutes east of UTC, from -14:00 to +14:00.
    public let offsetMinutes: Int

    public init?(instant: Timestamp, offsetMinutes: Int) {
        guard (-14 * 60...14 * 60).contains(offsetMinutes) else { return nil }
        self.instant = instant
        self.offsetMinutes = offsetMinutes
    }

    private init(utc instant: Timestamp) {
        self.instant = instant
        self.offsetMinutes = 0
    }

    /// 1970-01-01T00:00:00Z: where a blank record's start stands until it is read.
    public static let epoch = OffsetDateTime(utc: Timestamp(milliseconds: 0))

    /// A local date and time with its offset.
    public init?(day: Day, hour: Int, minute: Int, second: Int = 0, offsetMinutes: Int) {
        guard (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second) else { return nil }
        let localSeconds = Int64(day.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        self.init(instant: Timestamp(milliseconds: (localSeconds - Int64(offsetMinutes) * 60) * 1000),
                  offsetMinutes: offsetMinutes)
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS[.fff]]` followed by `Z` or `±HH:MM` (a space may stand for `T`).
    public init?(parsing text: some StringProtocol) {
        let s = Array(text.utf8)
        guard s.count >= 17, let day = Day(String(decoding: s[0..<10], as: UTF8.self)),
              s[10] == UInt8(ascii: "T") || s[10] == UInt8(ascii: " "),
              let hour = Day.number(s[11..<13]), s[13] == UInt8(ascii: ":"), let minute = Day.number(s[14..<16])
        else { return nil }
        var index = 16
        var second = 0
        var millis = 0
        if index < s.count, s[index] == UInt8(ascii: ":") {
            guard s.count >= index + 3, let sec = Day.number(s[(index + 1)..<(index + 3)]) else { return nil }
            second = sec
            index += 3
            if index < s.count, s[index] == UInt8(ascii: ".") {
                var end = index + 1
                while end < s.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(s[end]) { end += 1 }
                guard end > index + 1 else { return nil }
                let digits = Array(s[(index + 1)..<min(end, index + 4)])
                millis = (Day.number(digits[...]) ?? 0) * [100, 10, 1][digits.count - 1]
                index = end
            }
        }
        let offset: Int
        let rest = s[index...]
        if rest.count == 1, rest.first == UInt8(ascii: "Z") {
            offset = 0
        } else if rest.count == 6, let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"),
                  let oh = Day.number(s[(index + 1)..<(index + 3)]), s[index + 3] == UInt8(ascii: ":"),
                  let om = Day.number(s[(index + 4)..<(index + 6)]), om < 60 {
            offset = (oh * 60 + om) * (sign == UInt8(ascii: "-") ? -1 : 1)
        } else {
            return nil
        }
        guard let base = OffsetDateTime(day: day, hour: hour, minute: minute, second: second, offsetMinutes: offset)
        else { return nil }
        self.init(instant: Timestamp(milliseconds: base.instant.milliseconds + Int64(millis)), offsetMinutes: offset)
    }

    /// The wall-clock date where it happened.
    public var localDay: Day { Timestamp(milliseconds: localMilliseconds).utcDay }

    var localMilliseconds: Int64 { instant.milliseconds + Int64(offsetMinutes) * 60_000 }

    /// `HH:MM` on the wall clock where it happened.
    public var localTime: String {
        let ms = localMilliseconds - Int64(localDay.daysSinceEpoch) * 86_400_000
        return Day.pad(Int(ms / 3_600_000), 2) + ":" + Day.pad(Int(ms / 60_000 % 60), 2)
    }

    /// `+03:00`, `-05:30` or `Z`.
    public var offsetText: String {
        if offsetMinutes == 0 { return "Z" }
        let magnitude = abs(offsetMinutes)
        return (offsetMinutes < 0 ? "-" : "+") + Day.pad(magnitude / 60, 2) + ":" + Day.pad(magnitude % 60, 2)
    }

    public var description: String {
        let ms = localMilliseconds - Int64(localDay.daysSinceEpoch) * 86_400_000
        return "\(localDay)T\(localTime):" + Day.pad(Int(ms / 1000 % 60), 2) + offsetText
    }

    public static func < (lhs: OffsetDateTime, rhs: OffsetDateTime) -> Bool { lhs.instant < rhs.instant }
}

extension OffsetDateTime: TextCoded {
    public static let expectedForm = "a date and time with its UTC offset, such as 2026-11-21T14:30:00+03:00"

    public init?(_ text: String) { self.init(parsing: text) }
}
