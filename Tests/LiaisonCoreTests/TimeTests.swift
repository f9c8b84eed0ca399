import Foundation
import Testing
@testable import LiaisonCore

struct TimeTests {
    @Test func daysRoundTripThroughTheirText() {
        for text in ["1970-01-01", "2000-02-29", "2026-11-21", "1969-12-31", "2100-12-31"] {
            #expect(Day(text)?.description == text)
        }
    }

    @Test func impossibleDatesAreRefused() {
        for text in ["2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "21/11/2026", "2026-1-1", ""] {
            #expect(Day(text) == nil, "\(text) should not parse")
        }
    }

    @Test func dayArithmeticCountsFromTheEpoch() {
        #expect(Day("1970-01-01")!.daysSinceEpoch == 0)
        #expect(Day("2026-11-21")!.daysSinceEpoch == 20_778)
        #expect(Day(daysSinceEpoch: -1).description == "1969-12-31")
        #expect(Day("2026-11-21")!.adding(days: 30).description == "2026-12-21")
        #expect(Day("2026-11-21")!.days(until: Day("2026-12-01")!) == 10)
    }

    @Test func weeksStartOnMonday() {
        #expect(Day("2026-11-21")!.startOfWeek.description == "2026-11-16") // a Saturday
        #expect(Day("2026-11-16")!.startOfWeek.description == "2026-11-16") // a Monday
        #expect(Day("2026-11-22")!.startOfWeek.description == "2026-11-16") // a Sunday
    }

    @Test func offsetTimesKeepTheirWallClockAndInstant() throws {
        let time = try #require(OffsetDateTime("2026-11-21T14:30:00+03:00"))
        #expect(time.instant.description == "2026-11-21T11:30:00.000Z")
        #expect(time.localDay.description == "2026-11-21")
        #expect(time.localTime == "14:30")
        #expect(time.description == "2026-11-21T14:30:00+03:00")
        let late = try #require(OffsetDateTime("2026-11-21T23:30-05:30"))
        #expect(late.instant.utcDay.description == "2026-11-22")
        #expect(late.localDay.description == "2026-11-21")
        #expect(OffsetDateTime("2026-11-21T14:30:00Z")?.offsetText == "Z")
        #expect(OffsetDateTime("2026-11-21T14:30:00.250Z")?.instant.milliseconds.remainderReportingOverflow(dividingBy: 1000).partialValue == 250)
        #expect(OffsetDateTime("2026-11-21T14:30:00+15:00") == nil)
        #expect(OffsetDateTime("2026-11-21 14:30") == nil, "a time without its offset is ambiguous")
    }

    @Test func timestampsAreWrittenInUTCWithMilliseconds() {
        #expect(Timestamp(milliseconds: 0).description == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp(milliseconds: 1_795_262_400_123).description == "2026-11-21T12:00:00.123Z")
        #expect(Timestamp("2026-11-21T12:00:00.123Z")?.milliseconds == 1_795_262_400_123)
    }

    /// Timestamps and days are written digit by digit: the text is the zero-padded form,
    /// and reads back as the same instant, from year 1 to 9999.
    @Test func timestampsAndDaysAreWrittenInTheirPaddedForm() {
        var random = SplitMix64(seed: 21)
        let first = Timestamp("0001-01-01T00:00:00Z")?.milliseconds ?? 0
        let last = Timestamp("9999-12-31T23:59:59.999Z")?.milliseconds ?? 0
        #expect(first < 0 && last > 0)
        for step in 0..<20_000 {
            let milliseconds = step < 2 ? [first, last][step] : first + Int64(random.int(0...Int(last - first)))
            let time = Timestamp(milliseconds: milliseconds)
            let day = time.utcDay
            let within = Int(milliseconds - Int64(day.daysSinceEpoch) * 86_400_000)
            let expected = String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", day.year, day.month, day.day,
                                  within / 3_600_000, within / 60_000 % 60, within / 1000 % 60, within % 1000)
            #expect(time.description == expected)
            #expect(day.description == String(expected.prefix(10)))
            #expect(Timestamp(time.description) == time)
        }
    }
}
