import Foundation

/// What the rules need to know beyond the record: the taxonomies and today's date.
public struct RulesContext: Sendable, Equatable {
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

/// Collects the problems of one record, each a catalogue code with its arguments. A
/// field's label is its schema label (`field.<kind>.<json>`) unless a check names another.
struct Checks {
    private(set) var problems: [FieldProblem] = []
    let context: RulesContext
    let kind: RecordKind?

    init(_ context: RulesContext, kind: RecordKind? = nil) {
        self.context = context
        self.kind = kind
    }

    /// The label key of a field of this kind.
    func label(_ field: String) -> String { "field.\(kind?.rawValue ?? "record").\(field)" }

    mutating func fail(_ field: String, _ code: String, _ arguments: [String: String] = [:]) {
        problems.append(FieldProblem(field: field, code: code, arguments))
    }

    mutating func required(_ value: String, _ field: String, hint: String, label: String? = nil) {
        if value.isEmpty { fail(field, "core.required", ["label": label ?? self.label(field), "hint": hint]) }
    }

    mutating func line(_ value: String, _ field: String, label: String? = nil) {
        length(value, FieldLimits.line, FieldLimits.lineBytes, field, label)
    }

    mutating func text(_ value: String, _ field: String, label: String? = nil) {
        length(value, FieldLimits.text, FieldLimits.textBytes, field, label)
    }

    /// Bytes are counted first: they are cheap to count and bound the work of counting
    /// characters, which text of no more bytes than the limit of characters never needs.
    /// The field's label (`label`, or its own) is made only for a sentence.
    private mutating func length(_ value: String, _ characters: Int, _ bytes: Int, _ field: String, _ label: String?) {
        let size = value.utf8.count
        if size > bytes {
            fail(field, "core.too_long_bytes", ["label": label ?? self.label(field), "size": String(size),
                                                "limit": String(bytes)])
        } else if size > characters, value.count > characters {
            fail(field, "core.too_long_characters", ["label": label ?? self.label(field), "count": String(value.count),
                                                     "limit": String(characters)])
        }
    }

    mutating func list(_ values: [String], _ field: String) {
        if values.count > FieldLimits.items {
            fail(field, "core.list_too_many", ["label": label(field), "count": String(values.count),
                                               "limit": String(FieldLimits.items)])
        }
        for value in values where value.utf8.count > FieldLimits.lineBytes
            || (value.utf8.count > FieldLimits.line && value.count > FieldLimits.line) {
            fail(field, "core.list_entry_too_long", ["label": label(field), "characters": String(FieldLimits.line),
                                                     "bytes": String(FieldLimits.lineBytes)])
            break
        }
    }

    mutating func code(_ value: String, in taxonomy: Taxonomy, _ field: String, label: String? = nil) {
        guard !taxonomy.contains(value) else { return }
        let choices = taxonomy.codes.joined(separator: ", ")
        let label = label ?? self.label(field)
        if value.isEmpty {
            fail(field, "core.code_required", ["label": label, "choices": choices])
        } else {
            fail(field, "core.code_unknown", ["label": label, "value": value, "choices": choices])
        }
    }

    /// Languages as cleaned text, a language named as the taxonomy names it (`Arabic`,
    /// `arabe`, as older records and typed lists hold them) taken as its code (`ar`).
    static func languageCodes(_ languages: [String], _ context: RulesContext) -> [String] {
        var codes: [String] = []
        for text in languages.map(TextCleaner.singleLine) where !text.isEmpty {
            let code = context.taxonomies.languages.contains(text) ? text : context.taxonomies.languages.code(named: text) ?? text
            if !codes.contains(code) { codes.append(code) }
        }
        return codes
    }

    /// Languages: codes of the taxonomy's, tags of the same shape (`apd`, `ar-SD`), or the
    /// name of a language the file lacks, in letters (`Zaghawa`). Digits, punctuation or a
    /// list run together (`en;ar`) are refused.
    mutating func languages(_ codes: [String], _ field: String) {
        for code in codes where !context.taxonomies.languages.contains(code) && !Self.isLanguageTag(code)
            && !Self.isLanguageName(code) {
            fail(field, "core.language_unknown", ["label": label(field), "value": code])
            return
        }
    }

    static func isLanguageName(_ text: String) -> Bool {
        (2...40).contains(text.count) && text.contains(where: \.isLetter)
            && text.allSatisfy { $0.isLetter || $0 == " " || $0 == "-" || $0 == "'" || $0 == "’" }
    }

    static func isLanguageTag(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count),
              first.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) }) else { return false }
        return parts.dropFirst().allSatisfy { part in
            (1...8).contains(part.count) && part.unicodeScalars.allSatisfy { $0.isASCII && $0.properties.isAlphabetic || ("0"..."9").contains($0) }
        }
    }

    mutating func range(_ value: Int?, _ bounds: ClosedRange<Int>, _ field: String, label: String? = nil) {
        guard let value, !bounds.contains(value) else { return }
        fail(field, "core.range", ["label": label ?? self.label(field), "low": String(bounds.lowerBound),
                                   "high": String(bounds.upperBound), "value": String(value)])
    }

    mutating func notFuture(_ day: Day?, _ field: String, label: String? = nil) {
        // A day of slack: the officer's clock and time zone may be a little ahead of the device's.
        guard let day, day > context.today.adding(days: 1) else { return }
        fail(field, "core.future", ["label": label ?? self.label(field), "day": day.description])
    }

    mutating func plausible(_ day: Day?, _ field: String, label: String? = nil) {
        guard let day, !(Day(year: 1900, month: 1, day: 1)!...Day(year: 2200, month: 1, day: 1)!).contains(day) else {
            return
        }
        fail(field, "core.implausible", ["label": label ?? self.label(field), "day": day.description])
    }

    func finish() throws {
        if !problems.isEmpty { throw ValidationError(problems) }
    }
}
