import Foundation

/// Dates, times and durations as officers type them, read the way they mean them.
///
/// Dates: `2026-11-21`, `21/11`, `21/11/2026`, `21/11/26`, `today`, `yesterday`,
/// `tomorrow`, `+3d`, `-2d`, `+1w`, and in French `aujourd'hui`, `hier`, `demain`,
/// `maintenant`, `+3j`, `+1s`. Times follow a date after a space (`yesterday 9:00`,
/// `21/11 14:30`, `hier 14h30`) or stand alone for today (`14:30`, `9h`). A day and month
/// without a year take the year that puts them nearest the reference day. Every language's
/// words are read whatever the interface speaks: an officer types what comes naturally.
public enum TimeInput {

    /// A date and time with the offset of `reference`. A date written out in full without a
    /// time is its midnight; a relative one (`yesterday`, `+3d`) keeps the reference's time
    /// of day, as `date -d yesterday` does. A full ISO 8601 text keeps its own offset.
    public static func dateTime(_ text: String, reference: OffsetDateTime) -> OffsetDateTime? {
        var input = Array(text.trimmingCharacters(in: .whitespaces).lowercased())
        guard !input.isEmpty else { return nil }
        if let exact = OffsetDateTime(parsing: String(input).uppercased()) { return exact }
        // `2026-11-21T14:30`, an ISO date and time without its offset.
        if input.count > 10, input[10] == "t", Day(parsing: String(input[..<10])) != nil { input[10] = " " }
        let today = reference.localDay
        let parts = String(input).split(separator: " ").map(String.init)
        var day: Day?
        var time: (hour: Int, minute: Int)?
        var relative = false
        switch parts.count {
        case 1:
            if let clock = Self.time(parts[0]) {
                day = today
                time = clock
            } else if let read = Self.read(day: parts[0], today: today) {
                day = read.day
                relative = read.relative
            }
        case 2:
            guard let read = Self.read(day: parts[0], today: today), let clock = Self.time(parts[1]) else { return nil }
            day = read.day
            time = clock
        default:
            return nil
        }
        guard let day else { return nil }
        let local = reference.localTime.split(separator: ":").compactMap { Int($0) }
        let (hour, minute) = time ?? (relative ? (local[0], local[1]) : (0, 0))
        return OffsetDateTime(day: day, hour: hour, minute: minute, offsetMinutes: reference.offsetMinutes)
    }

    /// A day: the date forms without a time.
    public static func day(_ text: String, today: Day) -> Day? {
        read(day: text.trimmingCharacters(in: .whitespaces).lowercased(), today: today)?.day
    }

    /// Minutes in a duration: `90m`, `90`, `1h30`, `1h 30m`, `2h`, `1:30`, `1.5h`.
    public static func minutes(_ text: String) -> Int? {
        let input = text.lowercased().filter { $0 != " " }
        guard !input.isEmpty else { return nil }
        func count(_ digits: Substring) -> Int? {
            guard (1...6).contains(digits.count), digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
            return Int(digits)
        }
        if let plain = count(Substring(input)) { return plain }
        if input.hasSuffix("min"), let value = count(input.dropLast(3)) { return value }
        if input.hasSuffix("m"), let value = count(input.dropLast()) { return value }
        let colon = input.split(separator: ":", omittingEmptySubsequences: false)
        if colon.count == 2, let hours = count(colon[0]), let minutes = count(colon[1]), colon[1].count == 2, minutes < 60 {
            return hours * 60 + minutes
        }
        let hourParts = input.split(separator: "h", maxSplits: 1, omittingEmptySubsequences: false)
        // At most a week, so that no typed number can overflow.
        guard hourParts.count == 2, hourParts[0].allSatisfy({ $0.isNumber || $0 == "." }),
              let hours = Double(hourParts[0]), hours.isFinite, hours >= 0, hours <= 7 * 24 else { return nil }
        var rest = hourParts[1]
        if rest.hasSuffix("m") { rest = rest.dropLast() }
        if rest.isEmpty { return Int((hours * 60).rounded()) }
        guard hours == hours.rounded(), let minutes = count(rest), minutes < 60 else { return nil }
        return Int(hours) * 60 + minutes
    }

    /// The text a form shows for a stored value: `2026-11-21 14:30`.
    public static func text(_ time: OffsetDateTime) -> String { "\(time.localDay) \(time.localTime)" }

    /// The text a form shows for a duration: `90m` or `1h30`.
    public static func text(minutes: Int) -> String {
        if minutes < 60 { return "\(minutes)m" }
        return minutes % 60 == 0 ? "\(minutes / 60)h" : "\(minutes / 60)h\(Day.pad(minutes % 60, 2))"
    }

    // MARK: - Pieces

    private static func read(day word: String, today: Day) -> (day: Day, relative: Bool)? {
        switch word {
        case "today", "now", "aujourd'hui", "aujourd’hui", "aujourdhui", "maintenant": return (today, true)
        case "yesterday", "hier": return (today.adding(days: -1), true)
        case "tomorrow", "demain": return (today.adding(days: 1), true)
        default: break
        }
        // Days (`d`, `j` for jours) or weeks (`w`, `s` for semaines).
        if let first = word.first, first == "+" || first == "-", let unit = word.last, "dwjs".contains(unit),
           case let digits = word.dropFirst().dropLast(), (1...4).contains(digits.count),
           digits.allSatisfy({ $0.isASCII && $0.isNumber }), let count = Int(digits) {
            let days = count * (unit == "w" || unit == "s" ? 7 : 1) * (first == "-" ? -1 : 1)
            return (today.adding(days: days), true)
        }
        if let iso = Day(parsing: word) { return (iso, false) }
        let pieces = word.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 2 || pieces.count == 3,
              pieces.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let dayNumber = Int(pieces[0]), let month = Int(pieces[1]) else { return nil }
        if pieces.count == 3 {
            guard var year = Int(pieces[2]) else { return nil }
            if pieces[2].count == 2 { year += 2000 } else if pieces[2].count != 4 { return nil }
            return Day(year: year, month: month, day: dayNumber).map { ($0, false) }
        }
        // No year: the one that puts the date nearest today.
        let candidates = [today.year - 1, today.year, today.year + 1].compactMap {
            Day(year: $0, month: month, day: dayNumber)
        }
        return candidates.min { abs($0.days(until: today)) < abs($1.days(until: today)) }.map { ($0, false) }
    }

    /// `14:30`, and as French writes it, `14h30` or `9h`.
    private static func time(_ word: String) -> (hour: Int, minute: Int)? {
        var word = word
        if word.hasSuffix("h") { word = String(word.dropLast()) + ":00" }
        let pieces = word.split(separator: word.contains(":") ? ":" : "h", omittingEmptySubsequences: false)
        guard pieces.count == 2, (1...2).contains(pieces[0].count), pieces[1].count == 2,
              let hour = Int(pieces[0]), let minute = Int(pieces[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        return (hour, minute)
    }
}
