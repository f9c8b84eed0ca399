import Crypto
import Foundation
import GRDB

/// Where a bundle comes from, as its verified bag-info and signature say: what base keeps
/// of every bundle it imports.
public struct BundleSource: Sendable, Equatable {
    /// bag-info's External-Identifier.
    public var id: String
    public var fileName: String
    public var deviceId: UUID
    public var prefix: String
    /// The officer base trusts the signing key for.
    public var officer: String
    public var sequence: Int
    /// A full bundle holds every record of its device; an incremental one, what changed.
    public var full: Bool
    /// SHA-256 of the signed tag manifest: the bundle's identity, whatever its zip's bytes.
    public var tagManifestSHA256: String
    /// The signing key's fingerprint.
    public var signer: String
    /// The tag-manifest SHA-256 of the device's bundle before this one, as this one signs it.
    public var previousTagManifest: String?

    public init(id: String, fileName: String, deviceId: UUID, prefix: String, officer: String, sequence: Int,
                full: Bool, tagManifestSHA256: String, signer: String, previousTagManifest: String? = nil) {
        self.previousTagManifest = previousTagManifest
        self.id = id
        self.fileName = fileName
        self.deviceId = deviceId
        self.prefix = prefix
        self.officer = officer
        self.sequence = sequence
        self.full = full
        self.tagManifestSHA256 = tagManifestSHA256
        self.signer = signer
    }
}

/// What base already knows of a bundle before importing it.
public enum BundleStanding: Sendable, Equatable {
    case new
    /// The same bundle (the same signed tag manifest) was imported then.
    case alreadyImported(at: Timestamp)
    /// Another bundle with the same device and sequence number, or the same id, was
    /// imported: one of the two is forged.
    case equivocation(other: String)
    /// The bundle names as the one before it another bundle than base holds, or the bundle
    /// after it names another before it: the device's chain forks.
    case forkedChain(other: String)
}

/// How the records of one bundle landed.
public struct ImportCounts: Sendable, Equatable, Codable {
    /// Records base did not hold.
    public var new = 0
    /// Records base held, changed in the field since.
    public var updated = 0
    /// Records base held, deleted in the field since.
    public var deleted = 0
    /// Records base held as they are, or an older version of them.
    public var unchanged = 0
    /// Records changed both at base and in the field: both versions are kept.
    public var conflicts = 0
    /// Records that link to what an earlier bundle of the device, not imported yet, holds.
    public var waiting = 0
    /// Records of later bundles that were waiting for this one, and landed with it.
    public var filled = 0

    public init() {}
}

/// What importing one bundle did.
public struct ImportOutcome: Sendable, Equatable {
    public var counts: ImportCounts
    /// The device's bundles base has not imported yet, below the newest it has (and after
    /// the newest full one, which holds everything before it), as runs of sequence numbers.
    public var missing: [ClosedRange<Int>]
}

/// A bundle base cannot import; the sentence says why and what to do.
public struct ImportRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: String
    public let arguments: [String: String]

    public init(_ code: String, _ arguments: [String: String] = [:]) {
        self.code = code
        self.arguments = arguments
    }

    public var description: String { message(in: .standard(.en)) }

    /// The sentence in the language of `words`, with the record kinds it names as nouns.
    public func message(in words: Catalogue) -> String {
        words.text("core.import.\(code)", words.nouns(arguments, for: ["kind", "link_kind"]))
    }
}

/// Where a record at base came from: the officer, device and bundle of the version base
/// last had from the field.
public struct Provenance: Sendable, Equatable {
    public var officer: String
    public var deviceId: UUID
    public var prefix: String
    public var bundle: String
    public var sequence: Int
    public var importedAt: Timestamp
    /// The fingerprint of the key that signed the bundle.
    public var signer: String
}

extension Store {
    /// Whether base has imported `source` already, or another bundle in its place.
    public func standing(of source: BundleSource) throws -> BundleStanding {
        try read { try Store.standing(of: source, $0) }
    }

    static func standing(of source: BundleSource, _ db: Database) throws -> BundleStanding {
        let rows = try Row.fetchAll(db, sql: """
            SELECT id, file_name, tag_manifest_sha256, imported_at FROM imported_bundle
            WHERE id = ? OR (device_id = ? AND sequence = ?)
            """, arguments: [source.id, source.deviceId.storedText, source.sequence])
        for row in rows {
            let digest: String = try Store.value(row, "tag_manifest_sha256")
            guard digest == source.tagManifestSHA256 else {
                return .equivocation(other: try Store.value(row, "file_name"))
            }
            return .alreadyImported(at: try Store.timestamp(row, "imported_at"))
        }
        // The chain: the bundle before this one, and the one after, as base has them, must
        // be those this one names and that name it.
        let neighbours = try Row.fetchAll(db, sql: """
            SELECT sequence, file_name, tag_manifest_sha256, previous_sha256 FROM imported_bundle
            WHERE device_id = ? AND sequence IN (?, ?)
            """, arguments: [source.deviceId.storedText, source.sequence &- 1, source.sequence &+ 1])
        for row in neighbours {
            let sequence: Int = try Store.value(row, "sequence")
            let named: String? = sequence < source.sequence ? source.previousTagManifest : try Store.value(row, "previous_sha256")
            let actual: String = sequence < source.sequence ? try Store.value(row, "tag_manifest_sha256") : source.tagManifestSHA256
            if let named, named != actual { return .forkedChain(other: try Store.value(row, "file_name")) }
        }
        return .new
    }

    /// Imports one verified bundle in one transaction: `body` hands each record line of it
    /// to the merge, contacts first, then meetings, grievances and feedback. Importing the
    /// same bundle again changes nothing, and bundles of one device land the same whatever
    /// their order: a record's newer version wins over an older one, wherever it comes.
    /// A record that base changed since the version it last had from the field is merged
    /// field by field; what both changed becomes a conflict that keeps both versions.
    ///
    /// `recordsCheckedIn` names the rules the records handed on with their lines (`read`)
    /// were checked against, as `checked(in:)` returned them; when they are the import's
    /// own (`BundleMerge.rules(for:)` of this store's lists), they are not checked again.
    public func importBundle(_ source: BundleSource, recordsCheckedIn: RulesContext? = nil,
                             _ body: (inout BundleMerge) throws -> Void) throws -> ImportOutcome {
        let vault = self.vault
        let taxonomies = self.taxonomies
        let time = now()
        return try write { db in
            switch try Store.standing(of: source, db) {
            case .new: break
            case .alreadyImported: return ImportOutcome(counts: ImportCounts(), missing: try Store.missing(source.deviceId, db))
            case .equivocation(let other):
                throw ImportRefusal("equivocation", ["file": source.fileName, "sequence": String(source.sequence),
                                                     "prefix": source.prefix, "other": other])
            case .forkedChain(let other):
                throw ImportRefusal("forked", ["file": source.fileName, "other": other])
            }
            try setIndexesAsideInBulk(db)
            try db.execute(sql: """
                INSERT INTO imported_bundle (id, file_name, device_id, prefix, officer, sequence, full,
                                             tag_manifest_sha256, previous_sha256, signer, imported_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [source.id, source.fileName, source.deviceId.storedText, source.prefix, source.officer,
                                 source.sequence, source.full, source.tagManifestSHA256, source.previousTagManifest,
                                 source.signer, time.description])
            // Records of a bundle whose earlier bundles have not all come may link to what
            // those hold; they wait. A full bundle holds all it links to.
            let missing = try Store.missing(source.deviceId, db)
            let canWait = !source.full && missing.contains { $0.lowerBound < source.sequence }
            var merge = try BundleMerge(db: db, source: source, time: time, taxonomies: taxonomies, vault: vault,
                                        canWait: canWait, recordsCheckedIn: recordsCheckedIn)
            try body(&merge)
            try merge.landWaiting()
            try merge.held.flush(db)
            try Store.audit(db, .import, at: time, detail: "\(source.fileName) (\(merge.counts.new) new, "
                            + "\(merge.counts.updated) updated, \(merge.counts.conflicts) conflicts)")
            return ImportOutcome(counts: merge.counts, missing: try Store.missing(source.deviceId, db))
        }
    }

    /// The sequence numbers of a device's bundles base lacks: after the newest full bundle
    /// it imported, below the newest it imported.
    static func missing(_ device: UUID, _ db: Database) throws -> [ClosedRange<Int>] {
        let lastFull = try Int.fetchOne(db, sql: "SELECT max(sequence) FROM imported_bundle WHERE device_id = ? AND full",
                                        arguments: [device.storedText]) ?? 0
        // Runs between the sequences imported, never the numbers one by one: a bundle may
        // claim any sequence.
        let sequences = try Int.fetchAll(db, sql: """
            SELECT sequence FROM imported_bundle WHERE device_id = ? AND sequence > ? ORDER BY sequence
            """, arguments: [device.storedText, lastFull])
        var runs: [ClosedRange<Int>] = []
        // Sequences read from the store are not trusted to stay clear of Int.max.
        var expected = lastFull &+ 1
        for sequence in sequences {
            if sequence > expected { runs.append(expected...(sequence - 1)) }
            expected = sequence &+ 1
        }
        return runs
    }

    /// Whether this store has imported any bundle: it is a base's.
    public func hasImportedBundles() throws -> Bool {
        try read { try Bool.fetchOne($0, sql: "SELECT EXISTS (SELECT 1 FROM imported_bundle)") ?? false }
    }

    /// The bundles base lacks, by device prefix: "bundle 3 of KDL not yet imported".
    public func missingBundles() throws -> [(prefix: String, sequences: ClosedRange<Int>)] {
        try read { db in
            var result: [(String, ClosedRange<Int>)] = []
            for row in try Row.fetchAll(db, sql: """
                SELECT device_id, prefix FROM imported_bundle GROUP BY device_id ORDER BY prefix, device_id
                """) {
                guard let device = UUID(uuidString: try Store.value(row, "device_id")) else { continue }
                let prefix: String = try Store.value(row, "prefix")
                result += try Store.missing(device, db).map { (prefix, $0) }
            }
            return result
        }
    }

    /// Where a record came from, when it came in a bundle.
    public func provenance(_ kind: RecordKind, id: UUID) throws -> Provenance? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT b.officer, b.device_id, b.prefix, b.file_name, b.sequence, b.imported_at, b.signer
                FROM provenance p JOIN imported_bundle b ON b.id = p.bundle_id
                WHERE p.kind = ? AND p.record_id = ?
                """, arguments: [kind.rawValue, id.storedText]),
                let device = UUID(uuidString: try Store.value(row, "device_id")) else { return nil }
            return Provenance(officer: try Store.value(row, "officer"), deviceId: device, prefix: try Store.value(row, "prefix"),
                              bundle: try Store.value(row, "file_name"), sequence: try Store.value(row, "sequence"),
                              importedAt: try Store.timestamp(row, "imported_at"), signer: try Store.value(row, "signer"))
        }
    }

    /// A digest of every record the store holds, deleted ones included, in a fixed order:
    /// two stores with the same records have the same digest, whatever order they came in.
    public func contentDigest() throws -> String {
        try read { db in
            var hash = SHA256()
            let encoder = RecordJSON.encoder()
            func add<R: StoredRecord>(_ type: R.Type) throws {
                let rows = try Row.fetchCursor(db, sql: "SELECT * FROM \(R.table) ORDER BY id")
                while let row = try rows.next() {
                    hash.update(data: try encoder.encode(try R.load(db, row)))
                    hash.update(data: Data([0x0A]))
                }
            }
            try add(Contact.self)
            try add(Meeting.self)
            try add(Grievance.self)
            try add(Feedback.self)
            return hash.finalize().map { String(format: "%02x", $0) }.joined()
        }
    }
}

/// Merges the records of one bundle into the store, inside the import's transaction.
public struct BundleMerge {
    let db: Database
    let source: BundleSource
    let time: Timestamp
    let taxonomies: Taxonomies
    let vault: VaultKeys?
    let canWait: Bool
    public private(set) var counts = ImportCounts()
    private let decoder = RecordJSON.decoder()
    private let encoder = RecordJSON.encoder()
    /// What the bundle holds back until its transaction commits: index entries, change numbers.
    let held = HeldWrites()
    /// The rules a store holds its records to, with no day in the future of a device whose
    /// clock ran ahead of base's.
    private let rules: RulesContext
    /// Whether the records handed on with their lines were checked against `rules`.
    private let readIsChecked: Bool

    /// Base's profile, read once for the bundle.
    let profile: DeviceProfile

    init(db: Database, source: BundleSource, time: Timestamp, taxonomies: Taxonomies, vault: VaultKeys?, canWait: Bool,
         recordsCheckedIn: RulesContext? = nil) throws {
        self.db = db
        profile = try Store.requireProfile(db)
        self.source = source
        self.time = time
        self.taxonomies = taxonomies
        self.vault = vault
        self.canWait = canWait
        rules = Self.rules(for: taxonomies)
        readIsChecked = recordsCheckedIn == rules
    }

    /// The rules an import holds records to in a store of `taxonomies`: a record checked
    /// against them before its bundle's transaction need not be checked again in it.
    public static func rules(for taxonomies: Taxonomies) -> RulesContext {
        RulesContext(taxonomies: taxonomies, today: Day(year: 9999, month: 12, day: 31) ?? Day(daysSinceEpoch: 0))
    }

    /// Merges one record line of a bundle: a record of `kind`, or a tombstone. `read` is
    /// the record as already decoded from exactly `line`, and checked against the rules the
    /// import was given (`recordsCheckedIn`), if it was; else `line` is decoded and checked.
    public mutating func take(_ kind: RecordKind, line: Data, read: (any Record)? = nil) throws {
        _ = try take(kind, line: line, from: source.id, retry: false, read: read)
    }

    /// Returns false when a record waiting for what it links to still waits (`retry`).
    private mutating func take(_ kind: RecordKind, line: Data, from bundle: String, retry: Bool,
                               read: (any Record)? = nil) throws -> Bool {
        if let tombstone = RecordJSON.tombstone(line) {
            try bury(kind, tombstone.id, at: tombstone.deletedAt, from: bundle)
            return true
        }
        return switch kind {
        case .contact: try merge(Contact.self, line, from: bundle, retry: retry, read: read)
        case .meeting: try merge(Meeting.self, line, from: bundle, retry: retry, read: read)
        case .grievance: try merge(Grievance.self, line, from: bundle, retry: retry, read: read)
        case .feedback: try merge(Feedback.self, line, from: bundle, retry: retry, read: read)
        }
    }

    // MARK: - What base knows of a record from the field

    /// The newest version base has from the field, the version whose fields the row holds,
    /// and the row's `updated_at` when it last held exactly the field's version.
    private struct Known {
        var fieldVersion: Timestamp
        var fieldDeletedAt: Timestamp?
        var contentVersion: Timestamp?
        var contentLine: Data?
        var baseVersion: Timestamp?
        var bundle: String
        /// The device whose bundles brought the record.
        var device: UUID?
    }

    private func known(_ kind: RecordKind, _ id: UUID) throws -> Known? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT p.field_version, p.field_deleted_at, p.content_version, p.content_line, p.base_version, p.bundle_id,
                   b.device_id
            FROM provenance p JOIN imported_bundle b ON b.id = p.bundle_id WHERE p.kind = ? AND p.record_id = ?
            """), arguments: [kind.rawValue, id.storedText]) else { return nil }
        func stamp(_ column: String) throws -> Timestamp? {
            try (Store.value(row, column) as String?).flatMap { Timestamp(parsing: $0) }
        }
        return Known(fieldVersion: try stamp("field_version") ?? Timestamp(milliseconds: 0),
                     fieldDeletedAt: try stamp("field_deleted_at"), contentVersion: try stamp("content_version"),
                     contentLine: try Store.value(row, "content_line"), baseVersion: try stamp("base_version"),
                     bundle: try Store.value(row, "bundle_id"),
                     device: (try Store.value(row, "device_id") as String?).flatMap(UUID.init(uuidString:)))
    }

    private func remember(_ kind: RecordKind, _ id: UUID, _ known: Known) throws {
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO provenance (kind, record_id, field_version, field_deleted_at, content_version,
                                               content_line, base_version, bundle_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [kind.rawValue, id.storedText, known.fieldVersion.description,
                                     known.fieldDeletedAt?.description, known.contentVersion?.description,
                                     known.contentLine, known.baseVersion?.description, known.bundle])
    }

    private func sequence(of bundle: String) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT sequence FROM imported_bundle WHERE id = ?"),
                         arguments: [bundle]) ?? .max
    }

    // MARK: - Records

    private mutating func merge<R: StoredRecord>(_ type: R.Type, _ line: Data, from bundle: String,
                                                 retry: Bool, read: (any Record)?) throws -> Bool {
        let incoming: R
        if readIsChecked, let read = read as? R {
            incoming = read
        } else {
            // Checked against other rules, a record may have changed (a language's name
            // made its code by other lists): it is read again from its line.
            incoming = try decoder.decode(R.self, from: line).checked(in: rules)
        }
        guard incoming.deviceId == source.deviceId else {
            throw ImportRefusal("other_device", ["file": source.fileName, "id": incoming.id.uuidString.lowercased()])
        }
        // What it links to is in the store, or comes with an earlier bundle of the device.
        do {
            try incoming.checkLinks(LinkCheck(db: db, kept: incoming.links, known: held))
        } catch StoreError.missingLink(_, let kind, let id) {
            if retry { return false }
            guard canWait else {
                throw ImportRefusal("dangling", ["file": source.fileName, "kind": R.kind.rawValue,
                                                 "id": incoming.id.uuidString.lowercased(),
                                                 "link_kind": kind.rawValue, "link": id.uuidString.lowercased()])
            }
            try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO import_waiting (kind, record_id, device_id, bundle_id, version, line)
                SELECT ?, ?, ?, ?, ?, ?
                WHERE NOT EXISTS (SELECT 1 FROM import_waiting WHERE kind = ? AND record_id = ? AND version > ?)
                """).execute(arguments: [R.kind.rawValue, incoming.id.storedText, source.deviceId.storedText, bundle,
                                         incoming.updatedAt.description, line, R.kind.rawValue,
                                         incoming.id.storedText, incoming.updatedAt.description])
            counts.waiting += 1
            return true
        }
        try land(incoming, line, from: bundle)
        return true
    }

    private mutating func land<R: StoredRecord>(_ incoming: R, _ line: Data, from bundle: String) throws {
        let version = incoming.updatedAt
        let stored = try Store.storedIfAny(R.self, db, id: incoming.id, vault: vault)
        let known = try known(R.kind, incoming.id)
        // A device's bundles change its own records only: not another device's, not base's.
        try checkOwner(R.kind, incoming.id, stored: stored?.deviceId, known: known)
        guard var known else {
            if let stored {
                // Base holds a record of that id that no bundle brought: every difference
                // is a conflict, and base's version stays.
                try conflict(base: stored, field: incoming, line: line, ancestor: nil, bundle: bundle)
                try remember(R.kind, incoming.id, Known(fieldVersion: version, contentVersion: version, contentLine: line,
                                                       baseVersion: nil, bundle: bundle))
            } else {
                try write(incoming, new: true)
                counts.new += 1
                try remember(R.kind, incoming.id, Known(fieldVersion: version, contentVersion: version, contentLine: line,
                                                       baseVersion: version, bundle: bundle))
            }
            return
        }

        // A version base has, or an older one: nothing changes, but the earliest bundle
        // that carried the version is the one named, whatever the order they came in.
        // Two versions of one instant are ordered by their bytes, so that either order
        // keeps the same one.
        if let content = known.contentVersion, let contentLine = known.contentLine,
           version < content || (version == content && !contentLine.lexicographicallyPrecedes(line)) {
            if line == contentLine, try sequence(of: bundle) < sequence(of: known.bundle) {
                known.bundle = bundle
                try remember(R.kind, incoming.id, known)
            }
            counts.unchanged += 1
            return
        }
        let baseChanged = stored.map { $0.updatedAt != known.baseVersion } ?? false

        // The field deleted the record after this version: its fields are what the
        // tombstone covers, and it stays deleted.
        if let deletedAt = known.fieldDeletedAt, deletedAt >= version {
            if !baseChanged {
                var shell = incoming
                shell.deletedAt = deletedAt
                shell.updatedAt = deletedAt
                try write(shell, new: stored == nil)
                known.baseVersion = deletedAt
                if stored == nil { counts.new += 1 } else { counts.updated += 1 }
            } else {
                counts.unchanged += 1
            }
            known.contentVersion = version
            known.contentLine = line
            try remember(R.kind, incoming.id, known)
            return
        }

        known.fieldVersion = max(known.fieldVersion, version)
        known.fieldDeletedAt = nil
        let ancestor = try known.contentLine.map { try decoder.decode(R.self, from: $0) }
        known.contentVersion = version
        known.contentLine = line
        known.bundle = bundle
        if let stored, baseChanged {
            try conflict(base: stored, field: incoming, line: line, ancestor: ancestor, bundle: bundle)
        } else {
            try write(incoming, new: stored == nil)
            if stored == nil { counts.new += 1 } else { counts.updated += 1 }
            known.baseVersion = version
        }
        try remember(R.kind, incoming.id, known)
    }

    /// A field's version against a base that changed the record since the version it last
    /// had from the field (`ancestor`): what only one side changed is taken from it,
    /// grievance moves are joined, and what both changed apart stays as base has it and is
    /// kept as a conflict with the field's version.
    private mutating func conflict<R: StoredRecord>(base: R, field: R, line: Data, ancestor: R?, bundle: String) throws {
        var merged = base
        var clashes: [String] = []
        if base.isDeleted {
            // Deleted at base, changed in the field: never a silent resurrection.
            clashes = ["deleted_at"]
        } else {
            for spec in R.schema where spec.role != .store && !R.joinedFields.contains(spec.json) {
                let mine = spec.value(of: base)
                let theirs = spec.value(of: field)
                guard mine != theirs else { continue }
                let before = ancestor.map(spec.value(of:))
                if before == mine {
                    try spec.set(theirs, in: &merged)
                } else if before != theirs {
                    clashes.append(spec.json)
                }
            }
            merged.join(field)
            if merged == base, clashes.isEmpty {
                counts.unchanged += 1
                return
            }
            if merged != base {
                let after = base.updatedAt.milliseconds.addingReportingOverflow(1)
                merged.updatedAt = max(time, Timestamp(milliseconds: after.overflow ? .max : after.partialValue))
                try write(merged.checked(in: rules))
            }
        }
        if clashes.isEmpty {
            counts.updated += 1
            return
        }
        counts.conflicts += 1
        try openConflict(R.kind, base.id, fields: clashes, base: try encoder.encode(base), baseDeletedAt: base.deletedAt,
                         field: line, fieldDeletedAt: nil, bundle: bundle)
    }

    /// Keeps one open conflict per record: a later version from the field takes the place
    /// of the earlier one, and the fields in question add up.
    private func openConflict(_ kind: RecordKind, _ id: UUID, fields: [String], base: Data, baseDeletedAt: Timestamp?,
                              field: Data?, fieldDeletedAt: Timestamp?, bundle: String) throws {
        if let row = try Row.fetchOne(db, sql: """
            SELECT id, fields FROM conflict WHERE kind = ? AND record_id = ? AND resolved_at IS NULL
            """, arguments: [kind.rawValue, id.storedText]) {
            let earlier = try Store.strings(row, "fields")
            let all = earlier + fields.filter { !earlier.contains($0) }
            try db.execute(sql: """
                UPDATE conflict SET fields = ?, field_line = ?, field_deleted_at = ?, bundle_id = ? WHERE id = ?
                """, arguments: [Store.json(all), field, fieldDeletedAt?.description, bundle,
                                 try Store.value(row, "id") as Int64])
        } else {
            try db.execute(sql: """
                INSERT INTO conflict (kind, record_id, bundle_id, found_at, fields, base_line, base_deleted_at,
                                      field_line, field_deleted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [kind.rawValue, id.storedText, bundle, time.description, Store.json(fields), base,
                                 baseDeletedAt?.description, field, fieldDeletedAt?.description])
        }
    }

    /// Stores `record` as the field left it; `new` when base was just found to hold no
    /// record of its id.
    private func write<R: StoredRecord>(_ record: R, new: Bool = false) throws {
        do {
            _ = try Store.persist(record, db, profile: profile, time: time, taxonomies: taxonomies,
                                  as: .imported, vault: vault, held: held, new: new)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw ImportRefusal("clash", ["file": source.fileName, "kind": R.kind.rawValue,
                                          "id": record.id.uuidString.lowercased()])
        }
    }

    // MARK: - Tombstones

    private mutating func bury(_ kind: RecordKind, _ id: UUID, at deletedAt: Timestamp, from bundle: String) throws {
        let known = try known(kind, id)
        let row = try storedRow(kind, id)
        try checkOwner(kind, id, stored: row?.deviceId, known: known)
        guard var known else {
            // Base holds it but no bundle brought it: a deletion from the field against it.
            // Base never had it: kept, so that an older bundle bringing it brings it deleted.
            if let row { try deletion(against: row, kind, id, at: deletedAt, from: bundle) } else { counts.unchanged += 1 }
            try remember(kind, id, Known(fieldVersion: deletedAt, fieldDeletedAt: deletedAt, bundle: bundle))
            return
        }
        guard deletedAt > known.fieldVersion else {
            if deletedAt == known.fieldVersion, known.fieldDeletedAt == deletedAt,
               try sequence(of: bundle) < sequence(of: known.bundle) {
                known.bundle = bundle
                try remember(kind, id, known)
            }
            counts.unchanged += 1
            return
        }
        known.fieldVersion = deletedAt
        known.fieldDeletedAt = deletedAt
        known.bundle = bundle
        if let row, row.updatedAt == known.baseVersion {
            try Store.markDeleted(db, kind, id: id, rowid: row.rowid, at: deletedAt, held: held)
            known.baseVersion = deletedAt
            counts.deleted += 1
        } else if let row {
            try deletion(against: row, kind, id, at: deletedAt, from: bundle)
        } else {
            counts.unchanged += 1
        }
        try remember(kind, id, known)
    }

    /// A deletion from the field of a record base changed: a conflict while base keeps it,
    /// nothing more once base deleted it too. Never a silent loss.
    private mutating func deletion(against row: StoredRow, _ kind: RecordKind, _ id: UUID, at deletedAt: Timestamp,
                                   from bundle: String) throws {
        guard row.deletedAt == nil else {
            counts.unchanged += 1
            return
        }
        counts.conflicts += 1
        try openConflict(kind, id, fields: ["deleted_at"], base: row.line, baseDeletedAt: nil, field: nil,
                         fieldDeletedAt: deletedAt, bundle: bundle)
    }

    /// Refuses a record that base holds for another device, or as its own.
    private func checkOwner(_ kind: RecordKind, _ id: UUID, stored: UUID?, known: Known?) throws {
        guard [known?.device, stored].contains(where: { $0 != nil && $0 != source.deviceId }) else { return }
        throw ImportRefusal("not_its_own", ["file": source.fileName, "kind": kind.rawValue, "id": id.uuidString.lowercased()])
    }

    private struct StoredRow {
        var rowid: Int64
        var deviceId: UUID
        var updatedAt: Timestamp?
        var deletedAt: Timestamp?
        var line: Data
    }

    private func storedRow(_ kind: RecordKind, _ id: UUID) throws -> StoredRow? {
        func row<R: StoredRecord>(_ type: R.Type) throws -> StoredRow? {
            guard let rowid = try Int64.fetchOne(db.cachedStatement(sql: "SELECT rowid FROM \(R.table) WHERE id = ?"),
                                                 arguments: [id.storedText]),
                  let record = try Store.load(R.self, db, rowid: rowid, vault: vault) else { return nil }
            return StoredRow(rowid: rowid, deviceId: record.deviceId, updatedAt: record.updatedAt, deletedAt: record.deletedAt,
                             line: try encoder.encode(record))
        }
        return switch kind {
        case .contact: try row(Contact.self)
        case .meeting: try row(Meeting.self)
        case .grievance: try row(Grievance.self)
        case .feedback: try row(Feedback.self)
        }
    }

    // MARK: - Records that waited

    /// Lands the device's records that waited for what this bundle brought, kind by kind,
    /// until no more can.
    mutating func landWaiting() throws {
        var progress = true
        while progress {
            progress = false
            for kind in RecordKind.importOrder {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT record_id, bundle_id, line FROM import_waiting WHERE kind = ? AND device_id = ? ORDER BY record_id
                    """, arguments: [kind.rawValue, source.deviceId.storedText])
                for row in rows {
                    let line: Data = try Store.value(row, "line")
                    guard try take(kind, line: line, from: try Store.value(row, "bundle_id"), retry: true) else { continue }
                    try db.execute(sql: "DELETE FROM import_waiting WHERE kind = ? AND record_id = ?",
                                   arguments: [kind.rawValue, try Store.value(row, "record_id") as String])
                    counts.filled += 1
                    progress = true
                }
            }
        }
    }
}

extension RecordKind {
    /// The order a bundle's records are merged in: what is linked to before what links.
    public static let importOrder: [RecordKind] = [.contact, .meeting, .grievance, .feedback]
}

extension Store {
    /// The record with this id, deleted or not, or nil, inside a transaction.
    static func storedIfAny<R: StoredRecord>(_ type: R.Type, _ db: Database, id: UUID, vault: VaultKeys?) throws -> R? {
        guard let rowid = try Int64.fetchOne(db.cachedStatement(sql: "SELECT rowid FROM \(R.table) WHERE id = ?"),
                                             arguments: [id.storedText]) else { return nil }
        return try load(R.self, db, rowid: rowid, vault: vault)
    }
}
