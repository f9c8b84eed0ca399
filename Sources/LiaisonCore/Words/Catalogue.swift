import Foundation

/// A language the interface speaks. Codes, JSON names and file formats never change with it.
public enum Language: String, Sendable, Equatable, CaseIterable, Codable {
    case en, fr

    /// The language named by the locale variables, read as text (`fr_FR.UTF-8`, `fr`,
    /// `fr_CA`), in the order POSIX gives them: `LC_ALL`, `LC_MESSAGES`, `LANG`. The first
    /// one set decides; a language liaison does not speak, or none, is English. The text
    /// alone decides, so a locale that is named but not installed still chooses French.
    public static func from(environment: [String: String]) -> Language {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            let code = value.prefix { $0.isLetter }.lowercased()
            return Language(rawValue: code) ?? .en
        }
        return .en
    }
}

/// Every word a user reads, by key, in one language: read from `Resources/strings/<code>.json`.
/// A value is a text with `{name}` placeholders, or plural forms (`one`, `other`).
public struct Catalogue: Sendable, Equatable {
    public let language: Language
    private let entries: [String: Entry]
    private let fallback: [String: Entry]

    enum Entry: Sendable, Equatable {
        case text(String)
        case plural(one: String, other: String)
    }

    /// The catalogue of the language the process's locale variables name, chosen once.
    public static let officer = standard(Language.from(environment: ProcessInfo.processInfo.environment))

    /// The built-in catalogue of a language.
    public static func standard(_ language: Language) -> Catalogue {
        language == .fr ? french : english
    }

    private static let english = Catalogue(language: .en, entries: builtIn(.en), fallback: [:])
    // The English table is read once and serves as the French fallback too.
    private static let french = Catalogue(language: .fr, entries: builtIn(.fr), fallback: english.entries)

    private init(language: Language, entries: [String: Entry], fallback: [String: Entry]) {
        self.language = language
        self.entries = entries
        self.fallback = fallback
    }

    /// Two catalogues are the same when they speak the same language: both are built in.
    public static func == (lhs: Catalogue, rhs: Catalogue) -> Bool { lhs.language == rhs.language }

    /// The keys of a language's file, for the tests that keep the languages in step.
    public static func keys(_ language: Language) -> Set<String> { Set(builtIn(language).keys) }

    /// Every file of a language's folder, `Resources/strings/<code>/*.json`, as one table.
    /// A key in two files is a defect the tests catch; the first file in name order wins.
    private static func builtIn(_ language: Language) -> [String: Entry] {
        var out: [String: Entry] = [:]
        for path in files(language) {
            guard let text = EmbeddedResources.files[path], let entries = try? parse(Data(text.utf8)) else { continue }
            out.merge(entries) { first, _ in first }
        }
        guard language == .fr else { return out }
        return out.mapValues { entry in
            switch entry {
            case .text(let text): .text(frenchSpacing(text))
            case .plural(let one, let other): .plural(one: frenchSpacing(one), other: frenchSpacing(other))
            }
        }
    }

    /// French puts a no-break space before `:` `;` `?` `!` and inside `« »`, so that a line
    /// never starts with one of them when text wraps.
    static func frenchSpacing(_ text: String) -> String {
        var out = text
        for (plain, kept) in [(" :", "\u{A0}:"), (" ;", "\u{A0};"), (" ?", "\u{A0}?"), (" !", "\u{A0}!"),
                              ("« ", "«\u{A0}"), (" »", "\u{A0}»")] {
            out = out.replacingOccurrences(of: plain, with: kept)
        }
        return out
    }

    /// The catalogue files of a language, in name order.
    static func files(_ language: Language) -> [String] {
        let folder = "strings/\(language.rawValue)/"
        return EmbeddedResources.files.keys.filter { $0.hasPrefix(folder) && $0.hasSuffix(".json") }.sorted()
    }

    /// Keys that two files of a language both hold.
    public static func keysInTwoFiles(_ language: Language) -> [String] {
        var seen: Set<String> = []
        var twice: [String] = []
        for path in files(language) {
            guard let text = EmbeddedResources.files[path], let entries = try? parse(Data(text.utf8)) else { continue }
            for key in entries.keys.sorted() where !seen.insert(key).inserted { twice.append(key) }
        }
        return twice
    }

    /// Files of a language that cannot be read, with why.
    public static func unreadableFiles(_ language: Language) -> [String] {
        files(language).compactMap { path in
            guard let text = EmbeddedResources.files[path] else { return path }
            do {
                _ = try parse(Data(text.utf8))
                return nil
            } catch {
                return "\(path): \(error)"
            }
        }
    }

    /// Reads a catalogue file; an error names what is wrong with it.
    static func parse(_ data: Data) throws -> [String: Entry] {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw TaxonomyError.unreadable("strings", "it is not one JSON object")
        }
        var out: [String: Entry] = [:]
        for (key, value) in object {
            if let text = value as? String {
                out[key] = .text(text)
            } else if let forms = value as? [String: String], let one = forms["one"], let other = forms["other"] {
                out[key] = .plural(one: one, other: other)
            } else {
                throw TaxonomyError.unreadable("strings", "the value of \(key) is neither a text nor plural forms")
            }
        }
        return out
    }

    /// Whether the catalogue has a key, in its own language or in English.
    public func has(_ key: String) -> Bool { entries[key] != nil || fallback[key] != nil }

    /// The text of a key with its placeholders filled; English when this language lacks
    /// it, the key itself when no language has it (a defect the tests catch).
    public func text(_ key: String, _ arguments: [String: String] = [:]) -> String {
        switch entries[key] ?? fallback[key] {
        case .text(let text): fill(text, arguments)
        case .plural(_, let other): fill(other, arguments)
        case nil: key
        }
    }

    /// The form of a key for `count` things, with `{count}` written for the language.
    /// English takes the singular for 1 only; French for 0 and 1.
    public func plural(_ key: String, count: Int, _ arguments: [String: String] = [:]) -> String {
        var arguments = arguments
        arguments["count"] = number(count)
        switch entries[key] ?? fallback[key] {
        case .plural(let one, let other):
            let singular = language == .fr ? (count == 0 || count == 1) : count == 1
            return fill(singular ? one : other, arguments)
        case .text(let text): return fill(text, arguments)
        case nil: return key
        }
    }

    /// Records of a kind as a noun, for `count` of them: `meeting`, `réunions`.
    public func noun(_ kind: RecordKind, count: Int = 1) -> String {
        plural("kind.\(kind.rawValue)", count: count)
    }

    /// `values` with the record kinds named in `names` worded as nouns; any other value,
    /// or a kind's code this catalogue does not know, stays as it is.
    public func nouns(_ values: [String: String], for names: [String] = ["kind"]) -> [String: String] {
        var worded = values
        for name in names {
            if let kind = values[name].flatMap(RecordKind.init(rawValue:)) { worded[name] = noun(kind) }
        }
        return worded
    }

    /// A whole number as the language writes it: `1,234` in English, `1 234` in French
    /// (with a narrow no-break space).
    public func number(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += language == .fr ? "\u{202F}" : "," }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// Fills the placeholders in one pass from left to right: a value put in (a record's
    /// name may hold braces) is never read again, and a placeholder without a value stays.
    private func fill(_ text: String, _ arguments: [String: String]) -> String {
        guard !arguments.isEmpty, text.contains("{") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            out += arguments[name] ?? String(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}

extension ChoiceList {
    /// The label of a code in the catalogue's language: a taxonomy's own label, or the
    /// catalogue's word for an enumeration's code; "" reads as the list's "none".
    public func label(_ code: String, _ taxonomies: Taxonomies, _ words: Catalogue) -> String {
        if let taxonomy = taxonomy(taxonomies) { return taxonomy.label(code, in: words.language) }
        let key = "choice.\(rawValue).\(code.isEmpty ? "none" : code)"
        return words.has(key) ? words.text(key) : code
    }
}
