import Foundation

/// Dates and times as people read them, in the catalogue's language: `Thu 26 Nov 2026`,
/// `jeu. 26 nov. 2026`; a time keeps the offset of where it happened. One formatter for
/// each; stored and exported dates stay ISO 8601 in every language.
extension Catalogue {
    /// A day: `Thu 26 Nov 2026`.
    public func day(_ day: Day) -> String {
        text("date.day", ["weekday": text("date.weekday.\(day.weekday)"), "day": String(day.day),
                          "month": text("date.month.\(day.month)"), "year": String(day.year)])
    }

    /// A date and time on the wall clock where it happened, with its offset:
    /// `Thu 26 Nov 2026, 10:00 (UTC+03:00)`.
    public func moment(_ moment: OffsetDateTime) -> String {
        text("date.moment", ["day": day(moment.localDay), "time": moment.localTime,
                             "offset": moment.offsetMinutes == 0 ? "UTC" : "UTC" + moment.offsetText])
    }

    /// A duration: `1 hour 30 minutes`, `2 heures`.
    public func duration(minutes: Int) -> String {
        let hours = minutes / 60
        let rest = minutes % 60
        var parts: [String] = []
        if hours > 0 { parts.append(plural("value.hours", count: hours)) }
        if rest > 0 || hours == 0 { parts.append(plural("value.minutes", count: rest)) }
        return parts.joined(separator: " ")
    }

    /// An instant in UTC, as a record's stamps are: `Thu 26 Nov 2026, 07:00 UTC`.
    public func instant(_ time: Timestamp) -> String {
        guard let utc = OffsetDateTime(instant: time, offsetMinutes: 0) else { return time.description }
        return moment(utc)
    }
}
