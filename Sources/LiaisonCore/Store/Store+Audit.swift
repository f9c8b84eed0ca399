import Foundation
import GRDB

/// One line of the audit log: who did what, when, to which records and which of their
/// fields. Never a value: field names only, from the schema.
public struct AuditEntry: Sendable, Equatable, Encodable {
    /// What was done.
    public enum Action: String, Sendable, Codable, CaseIterable {
        case create, update, delete, undelete, export, `import`, unlock, lock, wipe, backup, restore
        case vault, seal, revoke, resolve
    }

    public var sequence: Int64
    public var at: Timestamp
    /// The officer of the device, as its profile names them.
    public var officer: String
    public var action: Action
    public var kind: RecordKind?
    public var ids: [UUID]
    /// The JSON names of the fields that changed.
    public var fields: [String]
    /// A file name or a count: never a field's value.
    public var detail: String
}

extension Store {
    /// The audit table and the triggers that keep it append-only.
    static let auditSchema = """
        CREATE TABLE audit (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            officer TEXT NOT NULL,
            action TEXT NOT NULL,
            kind TEXT,
            ids TEXT NOT NULL,
            fields TEXT NOT NULL,
            detail TEXT NOT NULL
        );
        CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """

    /// Appends a line to the audit log inside the caller's transaction.
    static func audit(_ db: Database, _ action: AuditEntry.Action, at time: Timestamp, kind: RecordKind? = nil,
                      ids: [UUID] = [], fields: [String] = [], detail: String = "") throws {
        let officer = (try? profile(db))??.officer ?? ""
        try db.cachedStatement(sql: """
            INSERT INTO audit (at, officer, action, kind, ids, fields, detail) VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [time.description, officer, action.rawValue, kind?.rawValue,
                                     json(ids.map(\.uuidString)), json(fields), detail])
    }

    /// Appends a line to the audit log in a transaction of its own.
    public func audit(_ action: AuditEntry.Action, kind: RecordKind? = nil, ids: [UUID] = [], detail: String = "") throws {
        guard !options.readOnly else { return }
        let time = now()
        try write { try Store.audit($0, action, at: time, kind: kind, ids: ids, detail: detail) }
    }

    /// The audit log from `since` (a day on the device) on, oldest first.
    public func auditLog(since: Day? = nil) throws -> [AuditEntry] {
        // The day starts at midnight on the device; a day before 1970 is the whole log.
        let from = since.map { day -> String in
            let offset = options.deviceClock.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(day.daysSinceEpoch) * 86_400 + 43_200)) * 1000
            return Timestamp(milliseconds: Int64(day.daysSinceEpoch) * 86_400_000 - Int64(offset)).description
        } ?? ""
        return try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit WHERE at >= ? ORDER BY seq", arguments: [from]).map { row in
                let action: AuditEntry.Action = try Store.choice(row, "action")
                return AuditEntry(sequence: try Store.value(row, "seq"), at: try Store.timestamp(row, "at"),
                                  officer: try Store.value(row, "officer"), action: action,
                                  kind: try Store.optionalChoice(row, "kind"),
                                  ids: try Store.strings(row, "ids").compactMap(UUID.init(uuidString:)),
                                  fields: try Store.strings(row, "fields"), detail: try Store.value(row, "detail"))
            }
        }
    }
}
