import Foundation

/// A list of codes a choice field takes its value from: a taxonomy file, or one of the
/// fixed enumerations of the domain.
public enum ChoiceList: String, Sendable, Equatable, Codable, CaseIterable {
    case contactRoles, meetingKinds, attendeeRoles, grievanceCategories, feedbackChannels, feedbackTypes, languages
    case gender, ageGroup, sensitivity, consent, consentScope, severity, sentiment, status

    /// The taxonomy behind this list, when it is one.
    public func taxonomy(_ taxonomies: Taxonomies) -> Taxonomy? {
        switch self {
        case .contactRoles: taxonomies.contactRoles
        case .meetingKinds: taxonomies.meetingKinds
        case .attendeeRoles: taxonomies.attendeeRoles
        case .grievanceCategories: taxonomies.grievanceCategories
        case .feedbackChannels: taxonomies.feedbackChannels
        case .feedbackTypes: taxonomies.feedbackTypes
        case .languages: taxonomies.languages
        default: nil
        }
    }

    /// Whether the codes come from a taxonomy file (which may change) rather than the domain.
    public var isTaxonomy: Bool { taxonomy(.standard) != nil }

    /// Every code, in the order offered.
    public func codes(_ taxonomies: Taxonomies) -> [String] {
        if let taxonomy = taxonomy(taxonomies) { return taxonomy.codes }
        return switch self {
        case .gender: Gender.allCases.map(\.rawValue)
        case .ageGroup: AgeGroup.allCases.map(\.rawValue)
        case .sensitivity: Sensitivity.allCases.map(\.rawValue)
        case .consent: ConsentStatus.allCases.map(\.rawValue)
        case .consentScope: ConsentScope.allCases.map(\.rawValue)
        case .severity: Severity.allCases.map(\.rawValue)
        case .status: Grievance.Status.allCases.map(\.rawValue)
        case .sentiment: Feedback.sentimentBounds.map(String.init)
        default: []
        }
    }
}

/// What a field holds. It decides how the field is stored, written out, read in, checked,
/// edited and shown.
public enum FieldType: Sendable, Equatable {
    /// One line of text: a name, a title, a place.
    case line
    /// Several lines: a summary, notes.
    case block
    /// Several one-line texts: phones, languages.
    case list
    case day
    /// An instant in UTC: when a record was made or changed.
    case instant
    /// A date and time with the UTC offset of the place: when a meeting started.
    case moment
    /// One code from a list.
    case choice(ChoiceList)
    /// Several codes from a list.
    case choices(ChoiceList)
    /// A whole number within bounds.
    case number(ClosedRange<Int>)
    /// A number of minutes within bounds.
    case minutes(ClosedRange<Int>)
    /// A decimal number within bounds: degrees of latitude or longitude.
    case decimal(ClosedRange<Double>)
    /// Yes or no.
    case flag
    /// The id of another record.
    case link(RecordKind)
    /// A record's own id, or its device's.
    case identifier
    /// A meeting's attendees, kept in rows of their own.
    case attendees
    /// A meeting's follow-up actions, kept in rows of their own.
    case followUps
    /// A grievance's workflow moves, kept in rows of their own.
    case history

    /// Kept in rows of a child table rather than in a column of the record's own.
    public var isRows: Bool { self == .attendees || self == .followUps || self == .history }
}

/// A field's value, whatever its type: what the schema's accessors read and write, and
/// what two versions of a record are compared by.
public enum FieldValue: Sendable, Equatable {
    case text(String)
    case texts([String])
    case day(Day?)
    case instant(Timestamp?)
    case moment(OffsetDateTime)
    /// A code of a choice; nil when none is chosen.
    case code(String?)
    case codes([String])
    case number(Int?)
    case decimal(Double?)
    case flag(Bool)
    case id(UUID?)
    case attendees([Attendee])
    case followUps([FollowUp])
    case history([GrievanceEvent])
}

/// Who sets a field.
public enum FieldRole: Sendable, Equatable {
    /// The officer, in a form, on the command line or in JSON.
    case data
    /// The store: ids, timestamps, the device.
    case store
    /// Only a workflow move: a grievance's reference, status and history.
    case workflow
}

/// A field's value could not be set: a code that is not among its choices, or a value of
/// another type.
public struct FieldValueError: Error, Sendable, Equatable {
    public let field: String
    public let value: String
}

/// One field of a record kind: its key, where it lives, what it holds and how it is named.
///
/// Its parts are kept once, by reference: walks of a schema, on the path of every save,
/// copy a spec as one reference rather than part by part.
public struct FieldSpec<R: SchemaRecord>: Sendable {
    struct Parts: Sendable {
        let key: R.Field
        let column: String?
        let type: FieldType
        let optional: Bool
        let role: FieldRole
        let identifying: Bool
        let csv: (header: String, hashtag: String)?
        var shown: Shown = .always
        var required = false
        var section: String?
        var picker: ChoiceList?
        var follows: String?
        let read: @Sendable (R) -> FieldValue
        let write: @Sendable (inout R, FieldValue) -> Bool
    }

    private final class Box: Sendable {
        let parts: Parts
        init(_ parts: Parts) { self.parts = parts }
    }

    private let box: Box

    init(_ parts: Parts) { box = Box(parts) }

    var parts: Parts { box.parts }

    /// The typed key.
    public var key: R.Field { box.parts.key }
    /// The column of the record's table; nil for rows of a child table. A moment spreads
    /// over `<column>_utc`, `<column>_offset` and `<column>_day`.
    public var column: String? { box.parts.column }
    public var type: FieldType { box.parts.type }
    /// The field may hold nothing (nil), and its JSON key may be left out.
    public var optional: Bool { box.parts.optional }
    public var role: FieldRole { box.parts.role }
    /// The field identifies a person: a protected contact keeps it sealed.
    public var identifying: Bool { box.parts.identifying }
    /// The column's header in the analysts' CSV and its HXL hashtag; nil when the CSV has none.
    public var csv: (header: String, hashtag: String)? { box.parts.csv }
    /// A form and a record page show it; `.onEdit` only once the record exists.
    public var shown: Shown { box.parts.shown }
    /// The officer must give it before a save.
    public var required: Bool { box.parts.required }
    /// The catalogue key of a heading that comes before it in forms (`section.headcount`).
    public var section: String? { box.parts.section }
    /// A list whose codes a number field is chosen from in forms (sentiment from -2 to +2).
    public var picker: ChoiceList? { box.parts.picker }
    /// The field whose value this one's default comes from in a new record (a grievance's
    /// severity from its category), until the officer sets it.
    public var follows: String? { box.parts.follows }

    /// Where a field is shown to the officer.
    public enum Shown: Sendable, Equatable {
        case always
        /// In the edit form and on the page, not in a new record's form: what comes later
        /// in a grievance's life.
        case onEdit
        /// On the page only: the store or a workflow move sets it.
        case onPage
        /// Nowhere but in data: ids and timestamps.
        case never
    }

    /// The JSON name; a dot marks a field inside an object (`headcount.women`).
    public var json: String { key.rawValue }
    /// The key of the field's label in the string catalogue.
    public var label: String { "field.\(R.kind.rawValue).\(json)" }

    public func value(of record: R) -> FieldValue { box.parts.read(record) }

    /// Sets the field; `FieldValueError` when `value` is not one it can hold.
    public func set(_ value: FieldValue, in record: inout R) throws {
        guard box.parts.write(&record, value) else {
            throw FieldValueError(field: json, value: String(describing: value))
        }
    }
}

extension FieldSpec {
    /// The field must be given.
    func mandatory() -> Self { with { $0.required = true } }
    /// A heading from the catalogue comes before the field in forms.
    func opening(_ section: String) -> Self { with { $0.section = section } }
    func shown(_ shown: Shown) -> Self { with { $0.shown = shown } }
    func picked(from list: ChoiceList) -> Self { with { $0.picker = list } }
    func following(_ field: R.Field) -> Self { with { $0.follows = field.rawValue } }

    private func with(_ change: (inout Parts) -> Void) -> Self {
        var parts = parts
        change(&parts)
        return Self(parts)
    }
}

/// A record kind described by one table of fields, from which its storage, formats, forms
/// and pages are derived.
public protocol SchemaRecord: Record {
    /// The typed keys of the kind's fields; the raw value is the JSON name.
    associatedtype Field: RawRepresentable, CaseIterable, Hashable, Sendable where Field.RawValue == String
    /// Every field, in the order an officer fills them in.
    static var schema: [FieldSpec<Self>] { get }
    /// A record with nothing set yet, which reading a row or a form fills in.
    static func blank(id: UUID) -> Self
}

extension SchemaRecord {
    /// The description of one field.
    public static func spec(_ key: Field) -> FieldSpec<Self>? { schema.first { $0.key == key } }

    /// The fields whose values differ between two versions of a record, in schema order:
    /// what an audit lists and a merge compares.
    public static func changes(from old: Self, to new: Self) -> [Field] {
        schema.filter { $0.value(of: old) != $0.value(of: new) }.map(\.key)
    }

    /// The fields that identify a person.
    public static var identifyingFields: [FieldSpec<Self>] { schema.filter(\.identifying) }
}
