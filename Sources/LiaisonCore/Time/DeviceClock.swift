import Foundation

/// Where the device's time comes from: the current instant, and the time zone that decides
/// what "today" is. The store stamps records and counts days from one of these, so a test
/// (or a demonstration) can name the instant it runs at.
public struct DeviceClock: Sendable {
    /// The current instant.
    public var now: @Sendable () -> Date
    /// The zone whose calendar day is "today".
    public var timeZone: TimeZone

    public init(now: @escaping @Sendable () -> Date, timeZone: TimeZone) {
        self.now = now
        self.timeZone = timeZone
    }

    /// The machine's clock and time zone.
    public static var system: DeviceClock { DeviceClock(now: { Date() }, timeZone: .current) }

    /// A clock stopped at `instant`.
    public static func fixed(at instant: Date, timeZone: TimeZone) -> DeviceClock {
        DeviceClock(now: { instant }, timeZone: timeZone)
    }

    /// A clock that reads `instant` now and then runs on at the machine's pace, so that
    /// records made one after the other still get increasing stamps.
    public static func starting(at instant: Date, timeZone: TimeZone) -> DeviceClock {
        let shift = instant.timeIntervalSince(Date())
        return DeviceClock(now: { Date().addingTimeInterval(shift) }, timeZone: timeZone)
    }

    /// The environment variable that sets the clock, for tests and demonstrations only.
    ///
    /// It holds an instant with its offset, such as `2026-11-21T09:00:00+03:00`; the clock
    /// starts there and runs on. It never changes how time is read anywhere else: the time
    /// zone stays the one `TZ` names.
    public static let variable = "LIAISON_NOW"

    /// The clock the environment asks for: the system's, or one starting at `LIAISON_NOW`.
    /// Throws `ClockSettingError` when the variable is set but is not an instant.
    public static func from(environment: [String: String]) throws -> DeviceClock {
        guard let text = environment[variable], !text.isEmpty else { return .system }
        guard text.utf8.count <= 64, let start = OffsetDateTime(parsing: text) else {
            throw ClockSettingError(value: text)
        }
        return .starting(at: start.instant.date, timeZone: .current)
    }

    // MARK: - Reading it

    /// The current instant, to the millisecond.
    public func instant() -> Timestamp { Timestamp(now()) }

    /// Today's date in the clock's time zone.
    public func today() -> Day { Day.of(now(), in: timeZone) }

    /// Now on the wall clock, to the minute, with the zone's UTC offset: a new meeting
    /// starts here.
    public func localNow() -> OffsetDateTime {
        let date = now()
        let instant = Timestamp(date)
        return OffsetDateTime(instant: Timestamp(milliseconds: floorDiv(instant.milliseconds, 60_000) * 60_000),
                              offsetMinutes: timeZone.secondsFromGMT(for: date) / 60)
            ?? OffsetDateTime(instant: instant, offsetMinutes: 0)!
    }
}

/// `LIAISON_NOW` holds something that is not an instant.
public struct ClockSettingError: Error, Sendable, CustomStringConvertible {
    public let value: String

    public var description: String { message(in: .standard(.en)) }

    /// The sentence in the language of `words`.
    public func message(in words: Catalogue) -> String {
        words.text("core.clock.bad", ["variable": DeviceClock.variable, "value": TextSafety.quoted(value, limit: 64)])
    }
}
