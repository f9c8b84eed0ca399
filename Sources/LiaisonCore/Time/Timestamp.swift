import Foundation

/// An instant in UTC to the millisecond: when a record was made, changed or deleted.
///
/// Written as `2026-11-21T14:30:05.123Z`, a form that sorts as text in the store.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public let milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    public init(_ date: Date) {
        milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// The current instant.
    public static func now() -> Timestamp { Timestamp(Date()) }

    public var date: Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    /// The UTC calendar day of this instant.
    public var utcDay: Day { Day(daysSinceEpoch: Int(floorDiv(milliseconds, 86_400_000))) }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z`, or any offset form that `OffsetDateTime` reads.
    public init?(parsing text: some StringProtocol) {
        guard let parsed = OffsetDateTime(parsing: text) else { return nil }
        self = parsed.instant
    }

    public var description: String {
        let days = floorDiv(milliseconds, 86_400_000)
        let day = Day(daysSinceEpoch: Int(days))
        let ms = Int(milliseconds - days * 86_400_000)
        // Written digit by digit: every record written carries two or three of these.
        guard (0...9999).contains(day.year) else {
            return "\(day)T" + Day.pad(ms / 3_600_000, 2) + ":" + Day.pad(ms / 60_000 % 60, 2) + ":"
                + Day.pad(ms / 1000 % 60, 2) + "." + Day.pad(ms % 1000, 3) + "Z"
        }
        return String(unsafeUninitializedCapacity: 24) { out in
            var digits = Digits(out)
            digits.day(day)
            digits.put(0x54)  // T
            digits.number(ms / 3_600_000, 2)
            digits.put(0x3A)
            digits.number(ms / 60_000 % 60, 2)
            digits.put(0x3A)
            digits.number(ms / 1000 % 60, 2)
            digits.put(0x2E)
            digits.number(ms % 1000, 3)
            digits.put(0x5A)  // Z
            return digits.count
        }
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.milliseconds < rhs.milliseconds }
}

func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

extension Timestamp: TextCoded {
    public static let expectedForm = "a time such as 2026-11-21T14:30:00Z"

    public init?(_ text: String) { self.init(parsing: text) }
}
