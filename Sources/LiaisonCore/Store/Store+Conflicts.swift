import Foundation
import GRDB

/// Which version of a field a conflict is settled with.
public enum ConflictSide: String, Sendable, Codable, CaseIterable {
    /// The version base holds.
    case base
    /// The version the field sent.
    case field
}

/// A record changed apart at base and in the field, with both versions.
public struct Conflict: Sendable, Equatable {
    public var id: Int64
    public var kind: RecordKind
    public var recordId: UUID
    /// The JSON names of the fields both sides changed; `deleted_at` when one side
    /// deleted the record and the other changed it.
    public var fields: [String]
    public var foundAt: Timestamp
    /// The bundle the field's version came in, and its officer.
    public var bundle: String
    public var officer: String
    /// Base's version as it is now (as it was, once resolved), as `show --json` has it.
    public var base: Data
    /// The field's version; nil when the field deleted the record.
    public var field: Data?
    public var fieldDeletedAt: Timestamp?
    public var resolvedAt: Timestamp?
    public var resolvedBy: String?
    public var resolution: [String: ConflictSide]

    /// Both versions, read as records of their kind.
    public func versions<R: StoredRecord>(_ type: R.Type) throws -> (base: R, field: R?) {
        let decoder = RecordJSON.decoder()
        return (try decoder.decode(R.self, from: base), try field.map { try decoder.decode(R.self, from: $0) })
    }
}

/// A resolution that cannot be taken: a field without a side, or a field not in question.
public struct ConflictChoiceError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: String
    public let arguments: [String: String]

    public init(code: String, arguments: [String: String]) {
        self.code = code
        self.arguments = arguments
    }

    public var description: String { message(in: .standard(.en)) }

    public func message(in words: Catalogue) -> String { words.text("core.conflict_choice.\(code)", arguments) }
}

extension Store {
    /// The conflicts, open ones only unless `all`, oldest first.
    public func conflicts(all: Bool = false) throws -> [Conflict] {
        let vault = self.vault
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.*, b.file_name, b.officer FROM conflict c JOIN imported_bundle b ON b.id = c.bundle_id
                \(all ? "" : "WHERE c.resolved_at IS NULL") ORDER BY c.id
                """).map { try Store.conflict($0, db, vault: vault) }
        }
    }

    /// One conflict by its number.
    public func conflict(_ id: Int64) throws -> Conflict? {
        let vault = self.vault
        return try read { db in
            try Row.fetchOne(db, sql: """
                SELECT c.*, b.file_name, b.officer FROM conflict c JOIN imported_bundle b ON b.id = c.bundle_id
                WHERE c.id = ?
                """, arguments: [id]).map { try Store.conflict($0, db, vault: vault) }
        }
    }

    private static func conflict(_ row: Row, _ db: Database, vault: VaultKeys?) throws -> Conflict {
        let kind: RecordKind = try choice(row, "kind")
        guard let id = UUID(uuidString: try value(row, "record_id")) else {
            throw StoreError.damaged(path: "conflict", detail: "a conflict names no record")
        }
        let resolved = try optionalTimestamp(row, "resolved_at")
        // An open conflict shows base's version as it is now.
        var base: Data = try value(row, "base_line")
        if resolved == nil, let current = try currentLine(kind, id, db, vault: vault) { base = current }
        let resolution = try (value(row, "resolution") as String?).map { text in
            (try? JSONDecoder().decode([String: ConflictSide].self, from: Data(text.utf8))) ?? [:]
        } ?? [:]
        return Conflict(id: try value(row, "id"), kind: kind, recordId: id, fields: try strings(row, "fields"),
                        foundAt: try timestamp(row, "found_at"), bundle: try value(row, "file_name"),
                        officer: try value(row, "officer"), base: base, field: try value(row, "field_line"),
                        fieldDeletedAt: try optionalTimestamp(row, "field_deleted_at"), resolvedAt: resolved,
                        resolvedBy: try value(row, "resolved_by"), resolution: resolution)
    }

    private static func currentLine(_ kind: RecordKind, _ id: UUID, _ db: Database, vault: VaultKeys?) throws -> Data? {
        func line<R: StoredRecord>(_ type: R.Type) throws -> Data? {
            try storedIfAny(R.self, db, id: id, vault: vault).map { try RecordJSON.encoder().encode($0) }
        }
        return switch kind {
        case .contact: try line(Contact.self)
        case .meeting: try line(Meeting.self)
        case .grievance: try line(Grievance.self)
        case .feedback: try line(Feedback.self)
        }
    }

    /// Settles a conflict with a side for each field in question: base's record takes the
    /// field's value where the field is chosen, and the choice is recorded with who made
    /// it and when. The record's version is then base's.
    public func resolveConflict(_ id: Int64, choosing choices: [String: ConflictSide]) throws {
        let vault = self.vault
        let taxonomies = self.taxonomies
        let context = rulesContext
        let time = now()
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM conflict WHERE id = ?", arguments: [id]) else {
                throw ConflictChoiceError(code: "no_such", arguments: ["id": String(id)])
            }
            guard (try Store.value(row, "resolved_at") as String?) == nil else {
                throw ConflictChoiceError(code: "resolved", arguments: ["id": String(id)])
            }
            let fields = try Store.strings(row, "fields")
            if let stray = choices.keys.sorted().first(where: { !fields.contains($0) }) {
                throw ConflictChoiceError(code: "not_in_question", arguments: ["field": stray, "fields": fields.joined(separator: ", ")])
            }
            let open = fields.filter { choices[$0] == nil }
            guard open.isEmpty else {
                throw ConflictChoiceError(code: "unchosen", arguments: ["fields": open.joined(separator: ", ")])
            }
            let kind: RecordKind = try Store.choice(row, "kind")
            guard let recordId = UUID(uuidString: try Store.value(row, "record_id")) else {
                throw StoreError.damaged(path: "conflict \(id)", detail: "the conflict names no record")
            }
            let fieldLine: Data? = try Store.value(row, "field_line")
            func settle<R: StoredRecord>(_ type: R.Type) throws -> [String] {
                let (rowid, base) = try Store.stored(R.self, db, id: recordId, vault: vault)
                let field = try fieldLine.map { try RecordJSON.decoder().decode(R.self, from: $0) }
                var result = base
                if choices["deleted_at"] == .field {
                    guard let field else {
                        // The field deleted it: so does base now.
                        if !base.isDeleted { try Store.markDeleted(db, R.kind, id: recordId, rowid: rowid, at: time) }
                        return ["deleted_at"]
                    }
                    // Deleted at base, changed in the field: the field's version comes back.
                    result = field
                    result.deletedAt = nil
                }
                for spec in R.schema where choices[spec.json] == .field {
                    if let field { try spec.set(spec.value(of: field), in: &result) }
                }
                guard result != base else { return [] }
                result.updatedAt = time
                result.createdAt = base.createdAt
                result.deviceId = base.deviceId
                _ = try Store.persist(result.checked(in: context), db, profile: try Store.requireProfile(db), time: time,
                                      taxonomies: taxonomies, as: .imported, vault: vault)
                return R.changes(from: base, to: result).compactMap { key in R.spec(key).flatMap { $0.role == .store ? nil : $0.json } }
            }
            let changed: [String] = switch kind {
            case .contact: try settle(Contact.self)
            case .meeting: try settle(Meeting.self)
            case .grievance: try settle(Grievance.self)
            case .feedback: try settle(Feedback.self)
            }
            let officer = (try Store.profile(db))?.officer ?? ""
            let resolution = String(decoding: try RecordJSON.encoder().encode(choices), as: UTF8.self)
            try db.execute(sql: "UPDATE conflict SET resolved_at = ?, resolved_by = ?, resolution = ? WHERE id = ?",
                           arguments: [time.description, officer, resolution, id])
            try Store.audit(db, .resolve, at: time, kind: kind, ids: [recordId], fields: changed,
                            detail: "conflict \(id)")
        }
    }
}
