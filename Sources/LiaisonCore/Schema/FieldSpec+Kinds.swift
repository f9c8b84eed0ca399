import Foundation

/// The ways to describe a field, one per type of value, each from the key path of the
/// record's property. A record kind's schema is a list of these.
extension FieldSpec {
    init(_ key: R.Field, column: String?, _ type: FieldType, optional: Bool = false, role: FieldRole = .data,
         identifying: Bool = false, hashtag: String?, header: String? = nil,
         read: @escaping @Sendable (R) -> FieldValue, write: @escaping @Sendable (inout R, FieldValue) -> Bool) {
        self.key = key
        self.column = column
        self.type = type
        self.optional = optional
        self.role = role
        self.identifying = identifying
        self.csv = hashtag.map { (header ?? column ?? key.rawValue, $0) }
        self.read = read
        self.write = write
        if role == .store { shown = .never }
        if role == .workflow { shown = .onPage }
    }

    /// The column a field of this key has unless told otherwise: its JSON name, or the last
    /// part of a dotted one (`headcount.women` lives in `women`).
    static func column(of key: R.Field) -> String { String(key.rawValue.split(separator: ".").last ?? "") }

    /// Text of one line (`.line`) or several (`.block`).
    static func text(_ key: R.Field, _ path: WritableKeyPath<R, String> & Sendable, _ type: FieldType = .line,
                     hashtag: String?, identifying: Bool = false, role: FieldRole = .data) -> Self {
        Self(key, column: column(of: key), type, role: role, identifying: identifying, hashtag: hashtag,
             read: { .text($0[keyPath: path]) },
             write: { record, value in
                 guard case .text(let text) = value else { return false }
                 record[keyPath: path] = text
                 return true
             })
    }

    /// Several one-line texts.
    static func list(_ key: R.Field, _ path: WritableKeyPath<R, [String]> & Sendable, hashtag: String?,
                     identifying: Bool = false) -> Self {
        Self(key, column: column(of: key), .list, identifying: identifying, hashtag: hashtag,
             read: { .texts($0[keyPath: path]) },
             write: { record, value in
                 guard case .texts(let texts) = value else { return false }
                 record[keyPath: path] = texts
                 return true
             })
    }

    /// A code from a taxonomy, kept as text so that a code dropped from the file still reads.
    static func code(_ key: R.Field, _ path: WritableKeyPath<R, String> & Sendable, _ list: ChoiceList,
                     hashtag: String?) -> Self {
        Self(key, column: column(of: key), .choice(list), hashtag: hashtag,
             read: { .code($0[keyPath: path]) },
             write: { record, value in
                 guard case .code(let code?) = value else { return false }
                 record[keyPath: path] = code
                 return true
             })
    }

    /// Codes from a taxonomy.
    static func codes(_ key: R.Field, _ path: WritableKeyPath<R, [String]> & Sendable, _ list: ChoiceList,
                      hashtag: String?) -> Self {
        Self(key, column: column(of: key), .choices(list), hashtag: hashtag,
             read: { .codes($0[keyPath: path]) },
             write: { record, value in
                 guard case .codes(let codes) = value else { return false }
                 record[keyPath: path] = codes
                 return true
             })
    }

    /// One value of an enumeration of the domain, kept as its code.
    static func choice<E: RawRepresentable & Sendable>(
        _ key: R.Field, _ path: WritableKeyPath<R, E> & Sendable, _ list: ChoiceList, hashtag: String?,
        role: FieldRole = .data
    ) -> Self where E.RawValue == String {
        Self(key, column: column(of: key), .choice(list), role: role, hashtag: hashtag,
             read: { .code($0[keyPath: path].rawValue) },
             write: { record, value in
                 guard case .code(let code?) = value, let choice = E(rawValue: code) else { return false }
                 record[keyPath: path] = choice
                 return true
             })
    }

    /// An enumeration's value, or none.
    static func optionalChoice<E: RawRepresentable & Sendable>(
        _ key: R.Field, _ path: WritableKeyPath<R, E?> & Sendable, _ list: ChoiceList, hashtag: String?
    ) -> Self where E.RawValue == String {
        Self(key, column: column(of: key), .choice(list), optional: true, hashtag: hashtag,
             read: { .code($0[keyPath: path]?.rawValue) },
             write: { record, value in
                 guard case .code(let code) = value else { return false }
                 guard let code else { record[keyPath: path] = nil; return true }
                 guard let choice = E(rawValue: code) else { return false }
                 record[keyPath: path] = choice
                 return true
             })
    }

    static func day(_ key: R.Field, _ path: WritableKeyPath<R, Day> & Sendable, hashtag: String?) -> Self {
        Self(key, column: column(of: key), .day, hashtag: hashtag,
             read: { .day($0[keyPath: path]) },
             write: { record, value in
                 guard case .day(let day?) = value else { return false }
                 record[keyPath: path] = day
                 return true
             })
    }

    static func optionalDay(_ key: R.Field, _ path: WritableKeyPath<R, Day?> & Sendable, hashtag: String?,
                            role: FieldRole = .data) -> Self {
        Self(key, column: column(of: key), .day, optional: true, role: role, hashtag: hashtag,
             read: { .day($0[keyPath: path]) },
             write: { record, value in
                 guard case .day(let day) = value else { return false }
                 record[keyPath: path] = day
                 return true
             })
    }

    static func moment(_ key: R.Field, _ path: WritableKeyPath<R, OffsetDateTime> & Sendable, hashtag: String?) -> Self {
        Self(key, column: column(of: key), .moment, hashtag: hashtag,
             read: { .moment($0[keyPath: path]) },
             write: { record, value in
                 guard case .moment(let moment) = value else { return false }
                 record[keyPath: path] = moment
                 return true
             })
    }

    static func number(_ key: R.Field, _ path: WritableKeyPath<R, Int> & Sendable, _ bounds: ClosedRange<Int>,
                       hashtag: String?) -> Self {
        Self(key, column: column(of: key), .number(bounds), hashtag: hashtag,
             read: { .number($0[keyPath: path]) },
             write: { record, value in
                 guard case .number(let number?) = value else { return false }
                 record[keyPath: path] = number
                 return true
             })
    }

    /// A whole number or none; `.minutes` for a duration.
    static func optionalNumber(_ key: R.Field, _ path: WritableKeyPath<R, Int?> & Sendable, _ type: FieldType,
                               hashtag: String?) -> Self {
        Self(key, column: column(of: key), type, optional: true, hashtag: hashtag,
             read: { .number($0[keyPath: path]) },
             write: { record, value in
                 guard case .number(let number) = value else { return false }
                 record[keyPath: path] = number
                 return true
             })
    }

    static func decimal(_ key: R.Field, _ path: WritableKeyPath<R, Double?> & Sendable, _ bounds: ClosedRange<Double>,
                        hashtag: String?) -> Self {
        Self(key, column: column(of: key), .decimal(bounds), optional: true, hashtag: hashtag,
             read: { .decimal($0[keyPath: path]) },
             write: { record, value in
                 guard case .decimal(let number) = value else { return false }
                 record[keyPath: path] = number
                 return true
             })
    }

    static func flag(_ key: R.Field, _ path: WritableKeyPath<R, Bool> & Sendable, hashtag: String?) -> Self {
        Self(key, column: column(of: key), .flag, hashtag: hashtag,
             read: { .flag($0[keyPath: path]) },
             write: { record, value in
                 guard case .flag(let flag) = value else { return false }
                 record[keyPath: path] = flag
                 return true
             })
    }

    /// A link to another record, or none.
    static func link(_ key: R.Field, _ path: WritableKeyPath<R, UUID?> & Sendable, _ kind: RecordKind,
                     hashtag: String?) -> Self {
        Self(key, column: column(of: key), .link(kind), optional: true, hashtag: hashtag,
             read: { .id($0[keyPath: path]) },
             write: { record, value in
                 guard case .id(let id) = value else { return false }
                 record[keyPath: path] = id
                 return true
             })
    }

    /// The fields every record has, set by the store: its id first, the rest last.
    static func identity(_ key: R.Field) -> Self {
        Self(key, column: "id", .identifier, role: .store, hashtag: "#meta+id",
             read: { .id($0.id) },
             write: { record, value in
                 guard case .id(let id?) = value else { return false }
                 record.id = id
                 return true
             })
    }

    static func stamps(created: R.Field, updated: R.Field, deleted: R.Field, device: R.Field) -> [Self] {
        [
            Self(created, column: "created_at", .instant, role: .store, hashtag: "#date+created",
                 read: { .instant($0.createdAt) },
                 write: { record, value in
                     guard case .instant(let time?) = value else { return false }
                     record.createdAt = time
                     return true
                 }),
            Self(updated, column: "updated_at", .instant, role: .store, hashtag: "#date+updated",
                 read: { .instant($0.updatedAt) },
                 write: { record, value in
                     guard case .instant(let time?) = value else { return false }
                     record.updatedAt = time
                     return true
                 }),
            Self(deleted, column: "deleted_at", .instant, optional: true, role: .store, hashtag: "#date+deleted",
                 read: { .instant($0.deletedAt) },
                 write: { record, value in
                     guard case .instant(let time) = value else { return false }
                     record.deletedAt = time
                     return true
                 }),
            Self(device, column: "device_id", .identifier, role: .store, hashtag: "#meta+device",
                 read: { .id($0.deviceId) },
                 write: { record, value in
                     guard case .id(let id?) = value else { return false }
                     record.deviceId = id
                     return true
                 }),
        ]
    }
}
