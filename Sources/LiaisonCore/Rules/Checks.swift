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

/// Limits on what a field may hold.
public enum FieldLimits {
    /// A one-line field: a name, a title, a place.
    public static let line = 200
    /// A multi-line field: a summary, a description, notes.
    public static let text = 20_000
    /// Items in a list field: phones, languages, attendees.
    public static let items = 200
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
        if value.count > FieldLimits.line {
            fail(field, "\(label) is too long (\(value.count) characters): keep it under \(FieldLimits.line).")
        }
    }

    mutating func text(_ value: String, _ field: String, _ label: String) {
        if value.count > FieldLimits.text {
            fail(field, "\(label) is too long (\(value.count) characters): keep it under \(FieldLimits.text).")
        }
    }

    mutating func list(_ values: [String], _ field: String, _ label: String) {
        if values.count > FieldLimits.items {
            fail(field, "\(label) has \(values.count) entries: keep it to \(FieldLimits.items).")
        }
        for value in values where value.count > FieldLimits.line {
            fail(field, "\(label) has an entry of \(value.count) characters: keep each under \(FieldLimits.line).")
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
