import Foundation

/// What the rules need to know beyond the record: the taxonomies and today's date.
public struct RulesContext: Sendable {
    public var taxonomies: Taxonomies
    public var today: Day

    public init(taxonomies: Taxonomies = .standard, today: Day = Day.of(Date())) {
        self.taxonomies = taxonomies
        self.today = today
    }
}

/// Limits on what a field may hold. Text is counted both in characters (grapheme clusters,
/// what a person sees) and in UTF-8 bytes, so that one "character" carrying a million
/// combining marks cannot get past.
public enum FieldLimits {
    /// A one-line field: a name, a title, a place.
    public static let line = 200
    /// The bytes of a one-line field.
    public static let lineBytes = 2_000
    /// A multi-line field: a summary, a description, notes.
    public static let text = 20_000
    /// The bytes of a multi-line field.
    public static let textBytes = 200_000
    /// Items in a list field: phones, languages, attendees.
    public static let items = 200
    /// The most a record may take as one line of JSON. The store refuses a bigger record
    /// and the bundle reader a longer line, so that whatever the store holds, base can read.
    public static let recordBytes = 16 << 20
}

/// Collects the problems of one record, one sentence each.
struct Checks {
    private(set) var problems: [FieldProblem] = []
    let context: RulesContext

    init(_ context: RulesContext) { self.context = context }

    mutating func fail(_ field: String, _ message: String) {
        problems.append(FieldProblem(field: field, message: message))
    }

    mutating func required(_ value: String, _ field: String, _ label: String, _ hint: String) {
        if value.isEmpty { fail(field, "\(label) is required: \(hint).") }
    }

    mutating func line(_ value: String, _ field: String, _ label: String) {
        length(value, FieldLimits.line, FieldLimits.lineBytes, field, label)
    }

    mutating func text(_ value: String, _ field: String, _ label: String) {
        length(value, FieldLimits.text, FieldLimits.textBytes, field, label)
    }

    /// Bytes are counted first: they are cheap to count and bound the work of counting
    /// characters.
    private mutating func length(_ value: String, _ characters: Int, _ bytes: Int, _ field: String, _ label: String) {
        let size = value.utf8.count
        if size > bytes {
            fail(field, "\(label) is too long (\(size) bytes of text): keep it under \(bytes) bytes.")
        } else if value.count > characters {
            fail(field, "\(label) is too long (\(value.count) characters): keep it under \(characters).")
        }
    }

    mutating func list(_ values: [String], _ field: String, _ label: String) {
        if values.count > FieldLimits.items {
            fail(field, "\(label) has \(values.count) entries: keep it to \(FieldLimits.items).")
        }
        for value in values where value.utf8.count > FieldLimits.lineBytes || value.count > FieldLimits.line {
            fail(field, "\(label) has an entry that is too long: keep each under \(FieldLimits.line) characters "
                 + "and \(FieldLimits.lineBytes) bytes.")
            break
        }
    }

    mutating func code(_ value: String, in taxonomy: Taxonomy, _ field: String, _ label: String) {
        guard !taxonomy.contains(value) else { return }
        let choices = taxonomy.codes.joined(separator: ", ")
        if value.isEmpty {
            fail(field, "\(label) is required: choose one of \(choices).")
        } else {
            fail(field, "\(label) \"\(value)\" is not known: choose one of \(choices).")
        }
    }

    mutating func range(_ value: Int?, _ bounds: ClosedRange<Int>, _ field: String, _ label: String) {
        guard let value, !bounds.contains(value) else { return }
        fail(field, "\(label) must be from \(bounds.lowerBound) to \(bounds.upperBound) (got \(value)).")
    }

    mutating func notFuture(_ day: Day?, _ field: String, _ label: String) {
        // A day of slack: the officer's clock and time zone may be a little ahead of the device's.
        guard let day, day > context.today.adding(days: 1) else { return }
        fail(field, "\(label) is \(day), which is in the future: give the day it happened.")
    }

    mutating func plausible(_ day: Day?, _ field: String, _ label: String) {
        guard let day, !(Day(year: 1900, month: 1, day: 1)!...Day(year: 2200, month: 1, day: 1)!).contains(day) else {
            return
        }
        fail(field, "\(label) is \(day): check the year.")
    }

    func finish() throws {
        if !problems.isEmpty { throw ValidationError(problems) }
    }
}
