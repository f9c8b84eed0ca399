import Foundation

/// One editable list of codes (contact roles, meeting kinds, ...), read from a data file
/// in Resources/taxonomies/ that is built into the binary.
public struct Taxonomy: Sendable, Equatable {
    /// One value of a taxonomy.
    public struct Entry: Codable, Sendable, Equatable {
        /// The stable code stored in records and exports: `community_leader`.
        public let code: String
        /// What people read: `Community leader`.
        public let label: String
        /// What French readers read: `Chef communautaire`; nil falls back to `label`.
        public let labelFr: String?
        /// Grievance categories only: the severity a new grievance of this category starts with.
        public let severity: Severity?
        /// Grievance categories only: whether a new grievance of this category is sensitive.
        public let sensitive: Bool?

        enum CodingKeys: String, CodingKey {
            case code, label, severity, sensitive
            case labelFr = "label_fr"
        }

        /// The label in a language.
        public func label(in language: Language) -> String { language == .fr ? labelFr ?? label : label }
    }

    /// The file name, without `.json`: `contact-roles`.
    public let name: String
    public let entries: [Entry]

    public init(name: String, entries: [Entry]) {
        self.name = name
        self.entries = entries
    }

    /// The entry with this code, if the taxonomy has one.
    public func entry(_ code: String) -> Entry? { entries.first { $0.code == code } }

    public func contains(_ code: String) -> Bool { entry(code) != nil }

    /// The label of a code; the code itself when the taxonomy lacks it (an older record).
    public func label(_ code: String) -> String { entry(code)?.label ?? code }

    /// The label of a code in a language; the code itself when the taxonomy lacks it.
    public func label(_ code: String, in language: Language) -> String { entry(code)?.label(in: language) ?? code }

    public var codes: [String] { entries.map(\.code) }

    /// The code whose label, in any language, is `text` (case and accents aside):
    /// `Arabic`, `arabe` → `ar`.
    public func code(named text: String) -> String? {
        let wanted = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        return entries.first { entry in
            [entry.label, entry.labelFr ?? ""].contains { $0.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) == wanted }
        }?.code
    }
}

/// Every taxonomy the records use.
public struct Taxonomies: Sendable, Equatable {
    public let contactRoles: Taxonomy
    public let meetingKinds: Taxonomy
    public let attendeeRoles: Taxonomy
    public let grievanceCategories: Taxonomy
    public let feedbackChannels: Taxonomy
    public let feedbackTypes: Taxonomy
    /// Languages people speak and meetings are held in, by ISO 639 code.
    public let languages: Taxonomy

    /// The taxonomies shipped in Resources/taxonomies/.
    public static let standard: Taxonomies = {
        do {
            return try Taxonomies(files: EmbeddedResources.files)
        } catch {
            // The files are checked by the tests and built in: a failure here is a build defect.
            preconditionFailure("The built-in taxonomies are broken: \(error)")
        }
    }()

    /// Reads the taxonomies from file texts keyed by their path below Resources/.
    public init(files: [String: String]) throws {
        func load(_ name: String) throws -> Taxonomy {
            let path = "taxonomies/\(name).json"
            guard let text = files[path] else { throw TaxonomyError.missingFile(path) }
            let entries: [Taxonomy.Entry]
            do {
                entries = try JSONDecoder().decode([Taxonomy.Entry].self, from: Data(text.utf8))
            } catch {
                throw TaxonomyError.unreadable(path, "\(error)")
            }
            guard !entries.isEmpty else { throw TaxonomyError.unreadable(path, "it has no entries") }
            guard Set(entries.map(\.code)).count == entries.count else {
                throw TaxonomyError.unreadable(path, "a code appears twice")
            }
            return Taxonomy(name: name, entries: entries)
        }
        contactRoles = try load("contact-roles")
        meetingKinds = try load("meeting-kinds")
        attendeeRoles = try load("attendee-roles")
        grievanceCategories = try load("grievance-categories")
        feedbackChannels = try load("feedback-channels")
        feedbackTypes = try load("feedback-types")
        languages = try load("languages")
        for entry in grievanceCategories.entries where entry.severity == nil || entry.sensitive == nil {
            throw TaxonomyError.unreadable("taxonomies/grievance-categories.json",
                                           "category \(entry.code) needs a severity and a sensitive flag")
        }
    }
}

/// A taxonomy data file that cannot be used.
public enum TaxonomyError: Error, CustomStringConvertible, Equatable {
    case missingFile(String)
    case unreadable(String, String)

    public var description: String { message(in: .standard(.en)) }

    /// The sentence in the language of `words`. The path and the reason stay as they are.
    public func message(in words: Catalogue) -> String {
        switch self {
        case .missingFile(let path): words.text("bundle.taxonomy.missing", ["path": path])
        case .unreadable(let path, let why): words.text("bundle.taxonomy.unreadable", ["path": path, "why": why])
        }
    }
}
