import Foundation

/// The ways to describe a field, one per type of value, each from the key path of the
/// record's property. A record kind's schema is a list of these.
extension FieldSpec {
    init(_ key: R.Field, column: String?, _ type: FieldType, optional: Bool = false, role: FieldRole = .data,
         identifying: Bool = false, hashtag: String?, header: String? = nil,
         read: @escaping @Sendable (R) -> FieldValue, write: @escaping @Sendable (inout R, FieldValue) -> Bool) {
        self.init(Parts(key: key, column: column, type: type, optional: optional, role: role, identifying: identifying,
                        csv: hashtag.map { (header ?? column ?? key.rawValue, $0) },
                        shown: role == .store ? .never : role == .workflow ? .onPage : .always,
                        read: read, write: write))
    }

    /// A field kept in the property at `path`: `wrap` gives its value, `unwrap` takes one
    /// back, or nil for a value of another type (which `set` refuses).
    static func bound<V>(_ key: R.Field, _ path: WritableKeyPath<R, V> & Sendable, _ type: FieldType,
                         column: String?, optional: Bool = false, role: FieldRole = .data, identifying: Bool = false,
                         hashtag: String?, header: String? = nil,
                         wrap: @escaping @Sendable (V) -> FieldValue,
                         unwrap: @escaping @Sendable (FieldValue) -> V?) -> Self {
        Self(key, column: column, type, optional: optional, role: role, identifying: identifying, hashtag: hashtag,
             header: header,
             read: { wrap($0[keyPath: path]) },
             write: { record, value in
                 guard let unwrapped = unwrap(value) else { return false }
                 record[keyPath: path] = unwrapped
                 return true
             })
    }

    /// The column a field of this key has unless told otherwise: its JSON name, or the last
    /// part of a dotted one (`headcount.women` lives in `women`).
    static func column(of key: R.Field) -> String { String(key.rawValue.split(separator: ".").last ?? "") }

    /// Text of one line (`.line`) or several (`.block`).
    static func text(_ key: R.Field, _ path: WritableKeyPath<R, String> & Sendable, _ type: FieldType = .line,
                     hashtag: String?, identifying: Bool = false, role: FieldRole = .data) -> Self {
        bound(key, path, type, column: column(of: key), role: role, identifying: identifying, hashtag: hashtag,
              wrap: { .text($0) }, unwrap: { if case .text(let text) = $0 { text } else { nil } })
    }

    /// Several one-line texts.
    static func list(_ key: R.Field, _ path: WritableKeyPath<R, [String]> & Sendable, hashtag: String?,
                     identifying: Bool = false) -> Self {
        bound(key, path, .list, column: column(of: key), identifying: identifying, hashtag: hashtag,
              wrap: { .texts($0) }, unwrap: { if case .texts(let texts) = $0 { texts } else { nil } })
    }

    /// A code from a taxonomy, kept as text so that a code dropped from the file still reads.
    static func code(_ key: R.Field, _ path: WritableKeyPath<R, String> & Sendable, _ list: ChoiceList,
                     hashtag: String?) -> Self {
        bound(key, path, .choice(list), column: column(of: key), hashtag: hashtag,
              wrap: { .code($0) }, unwrap: { if case .code(let code?) = $0 { code } else { nil } })
    }

    /// Codes from a taxonomy.
    static func codes(_ key: R.Field, _ path: WritableKeyPath<R, [String]> & Sendable, _ list: ChoiceList,
                      hashtag: String?) -> Self {
        bound(key, path, .choices(list), column: column(of: key), hashtag: hashtag,
              wrap: { .codes($0) }, unwrap: { if case .codes(let codes) = $0 { codes } else { nil } })
    }

    /// One value of an enumeration of the domain, kept as its code.
    static func choice<E: RawRepresentable & Sendable>(
        _ key: R.Field, _ path: WritableKeyPath<R, E> & Sendable, _ list: ChoiceList, hashtag: String?,
        role: FieldRole = .data
    ) -> Self where E.RawValue == String {
        bound(key, path, .choice(list), column: column(of: key), role: role, hashtag: hashtag,
              wrap: { .code($0.rawValue) }, unwrap: { if case .code(let code?) = $0 { E(rawValue: code) } else { nil } })
    }

    /// An enumeration's value, or none.
    static func optionalChoice<E: RawRepresentable & Sendable>(
        _ key: R.Field, _ path: WritableKeyPath<R, E?> & Sendable, _ list: ChoiceList, hashtag: String?
    ) -> Self where E.RawValue == String {
        bound(key, path, .choice(list), column: column(of: key), optional: true, hashtag: hashtag,
              wrap: { .code($0?.rawValue) },
              unwrap: { value -> E?? in
                  guard case .code(let code) = value else { return nil }
                  guard let code else { return .some(nil) }
                  return E(rawValue: code).map { .some($0) }
              })
    }

    static func day(_ key: R.Field, _ path: WritableKeyPath<R, Day> & Sendable, hashtag: String?) -> Self {
        bound(key, path, .day, column: column(of: key), hashtag: hashtag,
              wrap: { .day($0) }, unwrap: { if case .day(let day?) = $0 { day } else { nil } })
    }

    static func optionalDay(_ key: R.Field, _ path: WritableKeyPath<R, Day?> & Sendable, hashtag: String?,
                            role: FieldRole = .data) -> Self {
        bound(key, path, .day, column: column(of: key), optional: true, role: role, hashtag: hashtag,
              wrap: { .day($0) }, unwrap: { if case .day(let day) = $0 { .some(day) } else { nil } })
    }

    static func moment(_ key: R.Field, _ path: WritableKeyPath<R, OffsetDateTime> & Sendable, hashtag: String?) -> Self {
        bound(key, path, .moment, column: column(of: key), hashtag: hashtag,
              wrap: { .moment($0) }, unwrap: { if case .moment(let moment) = $0 { moment } else { nil } })
    }

    static func number(_ key: R.Field, _ path: WritableKeyPath<R, Int> & Sendable, _ bounds: ClosedRange<Int>,
                       hashtag: String?) -> Self {
        bound(key, path, .number(bounds), column: column(of: key), hashtag: hashtag,
              wrap: { .number($0) }, unwrap: { if case .number(let number?) = $0 { number } else { nil } })
    }

    /// A whole number or none; `.minutes` for a duration.
    static func optionalNumber(_ key: R.Field, _ path: WritableKeyPath<R, Int?> & Sendable, _ type: FieldType,
                               hashtag: String?) -> Self {
        bound(key, path, type, column: column(of: key), optional: true, hashtag: hashtag,
              wrap: { .number($0) }, unwrap: { if case .number(let number) = $0 { .some(number) } else { nil } })
    }

    static func decimal(_ key: R.Field, _ path: WritableKeyPath<R, Double?> & Sendable, _ bounds: ClosedRange<Double>,
                        hashtag: String?) -> Self {
        bound(key, path, .decimal(bounds), column: column(of: key), optional: true, hashtag: hashtag,
              wrap: { .decimal($0) }, unwrap: { if case .decimal(let number) = $0 { .some(number) } else { nil } })
    }

    static func flag(_ key: R.Field, _ path: WritableKeyPath<R, Bool> & Sendable, hashtag: String?) -> Self {
        bound(key, path, .flag, column: column(of: key), hashtag: hashtag,
              wrap: { .flag($0) }, unwrap: { if case .flag(let flag) = $0 { flag } else { nil } })
    }

    /// A link to another record, or none.
    static func link(_ key: R.Field, _ path: WritableKeyPath<R, UUID?> & Sendable, _ kind: RecordKind,
                     hashtag: String?) -> Self {
        bound(key, path, .link(kind), column: column(of: key), optional: true, hashtag: hashtag,
              wrap: { .id($0) }, unwrap: { if case .id(let id) = $0 { .some(id) } else { nil } })
    }

    /// A meeting's attendees, kept in rows of their own.
    static func attendees(_ key: R.Field, _ path: WritableKeyPath<R, [Attendee]> & Sendable, hashtag: String?) -> Self {
        bound(key, path, .attendees, column: nil, hashtag: hashtag,
              wrap: { .attendees($0) }, unwrap: { if case .attendees(let rows) = $0 { rows } else { nil } })
    }

    /// A meeting's follow-up actions, kept in rows of their own; the CSV counts the open ones.
    static func followUps(_ key: R.Field, _ path: WritableKeyPath<R, [FollowUp]> & Sendable, hashtag: String?,
                          header: String) -> Self {
        bound(key, path, .followUps, column: nil, hashtag: hashtag, header: header,
              wrap: { .followUps($0) }, unwrap: { if case .followUps(let rows) = $0 { rows } else { nil } })
    }

    /// A grievance's workflow moves, kept in rows of their own; only a move adds one.
    static func history(_ key: R.Field, _ path: WritableKeyPath<R, [GrievanceEvent]> & Sendable) -> Self {
        bound(key, path, .history, column: nil, role: .workflow, hashtag: nil,
              wrap: { .history($0) }, unwrap: { if case .history(let rows) = $0 { rows } else { nil } })
    }

    /// A record's own id, set by the store.
    static func identity(_ key: R.Field) -> Self {
        bound(key, \R.id, .identifier, column: "id", role: .store, hashtag: "#meta+id",
              wrap: { .id($0) }, unwrap: { if case .id(let id?) = $0 { id } else { nil } })
    }

    /// The stamps every record has, set by the store: made, changed, deleted, and by which device.
    static func stamps(created: R.Field, updated: R.Field, deleted: R.Field, device: R.Field) -> [Self] {
        let instant: @Sendable (FieldValue) -> Timestamp? = { if case .instant(let time?) = $0 { time } else { nil } }
        return [
            bound(created, \R.createdAt, .instant, column: "created_at", role: .store, hashtag: "#date+created",
                  wrap: { .instant($0) }, unwrap: instant),
            bound(updated, \R.updatedAt, .instant, column: "updated_at", role: .store, hashtag: "#date+updated",
                  wrap: { .instant($0) }, unwrap: instant),
            bound(deleted, \R.deletedAt, .instant, column: "deleted_at", optional: true, role: .store,
                  hashtag: "#date+deleted",
                  wrap: { .instant($0) }, unwrap: { if case .instant(let time) = $0 { .some(time) } else { nil } }),
            bound(device, \R.deviceId, .identifier, column: "device_id", role: .store, hashtag: "#meta+device",
                  wrap: { .id($0) }, unwrap: { if case .id(let id?) = $0 { id } else { nil } }),
        ]
    }
}
