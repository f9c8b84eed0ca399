import Foundation
import GRDB

/// A finished export, as the store remembers it: the next incremental export holds the
/// records changed after `upToChange`, and the next bundle names this one's SHA-256 so
/// that base can see a gap.
public struct ExportMark: Sendable, Equatable {
    /// 1 for a device's first bundle, then one more per bundle.
    public var sequence: Int
    /// The most bundles a device numbers; a stored number beyond it means damage.
    public static let sequenceLimit = 99_999_999
    public var exportedAt: Timestamp
    /// The latest `updated_at` among the records the bundle holds.
    public var upTo: Timestamp
    /// The store's change counter when the bundle was made: every change up to this one is
    /// in this bundle or an earlier one.
    public var upToChange: Int
    public var fileName: String
    /// SHA-256 of the bundle file, lowercase hexadecimal.
    public var sha256: String
    /// SHA-256 of the bundle's signed tag manifest: what the next bundle chains to, as it
    /// does not change when the zip around it does. Nil for bundles made before it was kept.
    public var tagManifestSHA256: String?
    public var full: Bool

    public init(sequence: Int, exportedAt: Timestamp, upTo: Timestamp, upToChange: Int, fileName: String,
                sha256: String, tagManifestSHA256: String? = nil, full: Bool) {
        self.tagManifestSHA256 = tagManifestSHA256
        self.sequence = sequence
        self.exportedAt = exportedAt
        self.upTo = upTo
        self.upToChange = upToChange
        self.fileName = fileName
        self.sha256 = sha256
        self.full = full
    }
}

/// What one export will hold, decided before a byte is written.
public struct ExportPlan: Sendable, Equatable {
    public var profile: DeviceProfile
    /// This bundle's sequence number.
    public var sequence: Int
    /// The bundle before this one, if any.
    public var previous: ExportMark?
    public var full: Bool
    /// Records whose last change came after this number of the store's change counter are
    /// in the bundle; nil for everything.
    public var changedAfter: Int?
    /// The change counter when the export started.
    public var upToChange: Int
    /// The earliest and latest `updated_at` of the records the bundle holds.
    public var from: Timestamp
    public var upTo: Timestamp
    /// The previous bundle's `upTo`: the changes before it were exported already.
    public var previousUpTo: Timestamp? { changedAfter == nil ? nil : previous?.upTo }
    /// Records of each kind in the bundle, tombstones included.
    public var counts: [RecordKind: Int]
    /// When the export started.
    public var startedAt: Timestamp

    public var total: Int { counts.values.reduce(0, +) }
}

/// Why an export could not start.
public enum ExportRefusal: Error, Equatable, CustomStringConvertible {
    /// Nothing changed since the last export.
    case nothingChanged(since: ExportMark)
    /// The store holds no records at all.
    case emptyStore

    public var description: String { message(in: .standard(.en)) }

    /// The sentence in the language of `words`.
    public func message(in words: Catalogue) -> String {
        switch self {
        case .nothingChanged(let mark):
            words.text("core.export.nothing_changed", ["sequence": String(mark.sequence), "file": mark.fileName])
        case .emptyStore:
            words.text("core.export.empty_store")
        }
    }
}

/// Reads the records of one export, all from one consistent state of the store. It is
/// valid only inside the closure given to `Store.export`.
public struct ExportReader: ~Copyable {
    let db: Database
    public let plan: ExportPlan
    /// Opens protected contacts' identities when the vault is unlocked.
    let vault: VaultKeys?

    /// Calls `body` with each record of a kind that the bundle holds (tombstones too), in
    /// the order they were last changed, read as a stream.
    public func forEach<R: StoredRecord>(_ type: R.Type, _ body: (R) throws -> Void) throws {
        let (condition, arguments) = Store.changed(after: plan.changedAfter, device: plan.profile.deviceId)
        let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM \(R.table) \(condition) ORDER BY change_seq",
                                         arguments: arguments)
        while let row = try cursor.next() {
            try body(try R.load(db, row, vault: vault))
        }
    }

    /// A contact's names, for attendee lists; nil when the store has no such contact, or it
    /// was deleted (a deleted contact leaves as its id alone). A sealed identity is opened
    /// when the vault is unlocked.
    public func contactName(_ id: UUID) throws -> ContactName? {
        guard let name = try Store.contactName(db, id, live: true) else { return nil }
        guard name.isProtected, let vault, vault.isUnlocked,
              let row = try Row.fetchOne(db, sql: "SELECT * FROM contact WHERE id = ?", arguments: [id.storedText])
        else { return name }
        return ContactName(try Contact.load(db, row, vault: vault))
    }

    /// Every contact that leaves the bundle under a pseudonym (protected, or whose consent
    /// was declined or keeps them on this device), deleted ones too, with their
    /// identities opened when the vault is unlocked: what free text is cleaned of.
    public func pseudonymisedContacts() throws -> [Contact] {
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT * FROM contact WHERE sensitivity = 'protected' OR consent = 'declined' OR consent_scope = 'device_only'
            """)
        var out: [Contact] = []
        while let row = try cursor.next() { out.append(try Contact.load(db, row, vault: vault)) }
        return out
    }
}

extension Store {
    /// How many migrations made this store.
    public static var schemaVersion: Int { migrator.migrations.count }

    /// The schema version that bundles carry and that base reads: that of the last
    /// migration that changed what a bundle holds. Later ones (v10 numbers changes in the
    /// record's own row, v11 keeps provenance in the order it came) change nothing in a
    /// bundle, so a base not yet updated still reads the bundles of a device that is.
    public static let bundleSchemaVersion = 9

    /// How many records (tombstones included) were added, changed or deleted since the
    /// last export; every record when nothing was exported yet.
    public func changesSinceLastExport() throws -> Int {
        try read { db in
            let after = try Self.lastExport(db)?.upToChange
            let device = try Self.profile(db)?.deviceId
            return try RecordKind.allCases.reduce(0) { total, kind in
                let (condition, arguments) = Self.changed(after: after, device: device)
                return total + (try Int.fetchOne(db, sql: "SELECT count(*) FROM \(kind.table) \(condition)",
                                                 arguments: arguments) ?? 0)
            }
        }
    }

    /// The latest export, or nil when this device never exported.
    public func lastExport() throws -> ExportMark? {
        try read { try Self.lastExport($0) }
    }

    /// Runs one export. It holds the writer lock throughout, so the bundle sees one state of
    /// the store and no other process can change it meanwhile. `write` receives the plan and
    /// a reader, writes the bundle file in full and returns its name and SHA-256; only then
    /// is the mark recorded. If `write` or the mark fails, nothing is recorded, and `undo`
    /// is called so the caller can remove a file that already has its final name.
    public func export(full: Bool,
                       write: (borrowing ExportReader) throws -> (fileName: String, sha256: String, tagManifestSHA256: String),
                       undo: (String) -> Void = { _ in }) throws -> (ExportPlan, ExportMark) {
        let vault = self.vault
        return try self.write { db in
            let profile = try Self.requireProfile(db)
            let previous = try Self.lastExport(db)
            let after = full ? nil : previous?.upToChange
            var counts: [RecordKind: Int] = [:]
            var from: Timestamp?
            var upTo: Timestamp?
            for kind in RecordKind.allCases {
                let (condition, arguments) = Self.changed(after: after, device: profile.deviceId)
                let row = try Row.fetchOne(db, sql: """
                    SELECT count(*) AS n, min(updated_at) AS low, max(updated_at) AS high FROM \(kind.table) \(condition)
                    """, arguments: arguments)
                counts[kind] = try row.map { try Store.value($0, "n") } ?? 0
                if let low = try row.flatMap({ try Self.optionalTimestamp($0, "low") }) { from = min(from ?? low, low) }
                if let high = try row.flatMap({ try Self.optionalTimestamp($0, "high") }) { upTo = max(upTo ?? high, high) }
            }
            guard let from, let upTo else {
                if let previous { throw ExportRefusal.nothingChanged(since: previous) }
                throw ExportRefusal.emptyStore
            }
            let clock = try Int.fetchOne(db, sql: "SELECT last FROM change_clock WHERE singleton = 1") ?? 0
            let plan = ExportPlan(profile: profile, sequence: (previous?.sequence ?? 0) + 1, previous: previous,
                                  full: full, changedAfter: after, upToChange: clock, from: from, upTo: upTo,
                                  counts: counts, startedAt: now())
            let written = try write(ExportReader(db: db, plan: plan, vault: vault))
            let mark = ExportMark(sequence: plan.sequence, exportedAt: now(), upTo: plan.upTo, upToChange: clock,
                                  fileName: written.fileName, sha256: written.sha256,
                                  tagManifestSHA256: written.tagManifestSHA256, full: full)
            do {
                try db.execute(sql: """
                    INSERT INTO export_mark (sequence, exported_at, up_to, up_to_change, file_name, sha256, full,
                                             tag_manifest_sha256)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [mark.sequence, mark.exportedAt.description, mark.upTo.description,
                                     mark.upToChange, mark.fileName, mark.sha256, mark.full, mark.tagManifestSHA256])
                try Store.audit(db, .export, at: mark.exportedAt, detail: "\(written.fileName) (\(plan.total))")
            } catch {
                undo(written.fileName)
                throw error
            }
            return (plan, mark)
        }
    }

    static func lastExport(_ db: Database) throws -> ExportMark? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM export_mark ORDER BY sequence DESC LIMIT 1") else {
            return nil
        }
        return ExportMark(sequence: try Store.bounded(row, "sequence", 1...ExportMark.sequenceLimit),
                          exportedAt: try timestamp(row, "exported_at"), upTo: try timestamp(row, "up_to"),
                          upToChange: try Store.value(row, "up_to_change"), fileName: try Store.value(row, "file_name"),
                          sha256: try Store.value(row, "sha256"),
                          tagManifestSHA256: try Store.value(row, "tag_manifest_sha256"), full: try Store.value(row, "full"))
    }

    /// Records whose last change is after `after` on the change counter; all when nil.
    /// The records a bundle of `device` holds: its own (base's store also holds the
    /// records it imported, which are other devices' to send), changed after `after`.
    static func changed(after: Int?, device: UUID?) -> (String, StatementArguments) {
        let own = device.map { ("device_id = ?", StatementArguments([$0.storedText])) }
        let since = after.map { ("change_seq > ?", StatementArguments([$0])) }
        let parts = [own, since].compactMap { $0 }
        guard !parts.isEmpty else { return ("", []) }
        return ("WHERE " + parts.map(\.0).joined(separator: " AND "), parts.reduce(StatementArguments()) { $0 + $1.1 })
    }
}
