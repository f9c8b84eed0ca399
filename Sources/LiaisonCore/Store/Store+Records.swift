import Foundation
import GRDB
import Synchronization

/// How one kind of record lives in its table. Its own row is written and read by walking
/// its schema; what is left to each kind is its child rows, its columns for sorting and
/// filtering, its links and what the store decides for it.
public protocol StoredRecord: CheckedRecord, SchemaRecord {
    /// Columns kept for sorting and filtering, derived from fields: a contact's folded name.
    func derivedColumns() -> [StoredColumn]
    /// Reads the child rows (attendees, follow-ups, history) into a record read from its row.
    mutating func loadChildren(_ db: Database) throws
    /// Opens what the row keeps sealed (a protected contact's identity) with `vault`.
    mutating func openSeal(_ row: Row, vault: VaultKeys?) throws
    /// The list order: newest first for dated records, by name for contacts.
    static var order: String { get }
    /// Sets what the store decides for a new record; a grievance gets its reference here.
    mutating func prepareInsert(_ db: Database, profile: DeviceProfile, at time: Timestamp) throws
    /// Keeps what an edit must not change; a grievance keeps its status and history.
    mutating func prepareUpdate(from stored: Self) throws
    /// Refuses links to records that are not in the store, and new links (not among the
    /// links the stored version had) to records that are deleted, through `check`.
    func checkLinks(_ check: LinkCheck) throws
    /// The ids of the records this one links to.
    var links: Set<UUID> { get }
    /// Writes child rows (attendees, follow-ups, history) after the record's own row.
    func saveChildren(_ db: Database, isNew: Bool) throws
    /// Fields an import joins from both versions rather than taking from one: a
    /// grievance's moves, and the status they lead to.
    static var joinedFields: Set<String> { get }
    /// Joins `other`'s version of the `joinedFields` into this one.
    mutating func join(_ other: Self)
}

extension StoredRecord {
    public func derivedColumns() -> [StoredColumn] { [] }
    public mutating func loadChildren(_ db: Database) throws {}
    public mutating func openSeal(_ row: Row, vault: VaultKeys?) throws {}
    public mutating func prepareInsert(_ db: Database, profile: DeviceProfile, at time: Timestamp) throws {}
    public mutating func prepareUpdate(from stored: Self) throws {}
    public func checkLinks(_ check: LinkCheck) throws {}
    public var links: Set<UUID> { [] }
    public func saveChildren(_ db: Database, isNew: Bool) throws {}
    public static var joinedFields: Set<String> { [] }
    public mutating func join(_ other: Self) {}

    /// Column names and values for this record's row.
    public func columns() -> [StoredColumn] { schemaColumns() + derivedColumns() }

    /// Reads a record from a row of its table, with its children, and opens what the row
    /// keeps sealed with `vault` (see `openSeal`).
    public static func load(_ db: Database, _ row: Row, vault: VaultKeys? = nil) throws -> Self {
        var record = try fromColumns(row)
        try record.loadChildren(db)
        try record.openSeal(row, vault: vault)
        return record
    }

    static var table: String { kind.table }
}

/// Looks up, inside a transaction, the records a record links to.
public struct LinkCheck {
    let db: Database
    /// The links the stored version had: they may name records deleted since, as a new
    /// link may not.
    let kept: Set<UUID>
    /// What the transaction already knows of the records named (see `HeldWrites`).
    let known: HeldWrites?

    /// Refuses a link to a record that is not in the store, and a new link to one deleted.
    func require(_ kind: RecordKind, _ id: UUID?, field: String) throws {
        guard let id else { return }
        let record = HeldWrites.Linked(kind: kind, id: id)
        let needsLive = !kept.contains(id)
        if known?.knows(record, live: needsLive) == true { return }
        guard let live = try Bool.fetchOne(db.cachedStatement(sql: "SELECT deleted_at IS NULL FROM \(kind.table) WHERE id = ?"),
                                           arguments: [id.storedText])
        else { throw StoreError.missingLink(field: field, kind: kind, id: id) }
        known?.found(record, live: live)
        if needsLive && !live { throw StoreError.missingLink(field: field, kind: kind, id: id) }
    }
}

/// Several saves in one transaction: all of them land, or none.
public struct Batch {
    let db: Database
    let profile: DeviceProfile
    let context: RulesContext
    let time: Timestamp
    let vault: VaultKeys?
    /// What the batch holds back until it commits: index entries, change numbers.
    let held = HeldWrites()

    /// Checks and stores a record, new or changed, and returns it as stored.
    @discardableResult
    public func save<R: StoredRecord>(_ record: R) throws -> R {
        try Store.persist(record.checked(in: context), db, profile: profile, time: time, taxonomies: context.taxonomies,
                          vault: vault, held: held).record
    }

    /// Checks and stores a new record exactly as given: its timestamps, device, status and
    /// history are kept, not stamped. For records made elsewhere (demo data, imports).
    @discardableResult
    func insertAsGiven<R: StoredRecord>(_ record: R) throws -> R {
        try Store.persist(record.checked(in: context), db, profile: profile, time: time,
                          taxonomies: context.taxonomies, as: .given, vault: vault, held: held).record
    }

    /// The next grievance reference of this device for a year.
    func nextReference(year: Int) throws -> String {
        try Store.nextReference(db, prefix: profile.prefix, year: year)
    }
}

extension Store {
    /// Checks a record against the rules and stores it, new or changed; returns it as
    /// stored (with its timestamps, device, and for a new grievance its reference). A
    /// record whose every field is as stored is left as it was, with no new version.
    ///
    /// An edit made from a record read when its `updatedAt` was `expected` is refused with
    /// `EditConflict` when the stored record has changed since (another liaison on this
    /// store saved or deleted it), so the officer can choose which version to keep.
    @discardableResult
    public func save<R: StoredRecord>(_ record: R, expecting expected: Timestamp? = nil) throws -> R {
        let vault = self.vault
        // A sealed contact the vault cannot open is refused before the rules read its code
        // name as its name.
        if record is Contact { try read { try Store.refuseSealedAway(record.id, $0, vault: vault) } }
        let checked = try record.checked(in: rulesContext)
        let saved = try write { db in
            if let expected, let row = try Row.fetchOne(
                db, sql: "SELECT updated_at, deleted_at FROM \(R.table) WHERE id = ?", arguments: [record.id.storedText]) {
                let stored = Timestamp(try Store.value(row, "updated_at") as String)
                let deleted = (try Store.value(row, "deleted_at") as String?) != nil
                if stored != expected || deleted {
                    throw EditConflict(kind: R.kind, id: record.id, changedAt: stored, deleted: deleted)
                }
            }
            return try Store.persist(checked, db, profile: try Store.requireProfile(db), time: now(), taxonomies: taxonomies,
                                     vault: vault)
        }
        afterSave(saved.record, rowid: saved.rowid)
        return saved.record
    }

    /// Keeps the vault's opened contacts in step with a contact saved, and empties the WAL
    /// of a protected contact's earlier clear version.
    private func afterSave<R: StoredRecord>(_ record: R, rowid: Int64) {
        guard let contact = record as? Contact else { return }
        noteSaved(contact, rowid: rowid)
        if contact.isSealedInVault, vault != nil { checkpointQuietly() }
    }

    /// Reads a record, changes it with `change` and saves it in one write transaction,
    /// holding the writer lock: two edits of one record at once both land, the second on
    /// top of the first, rather than one overwriting the other. A change that leaves every
    /// field as it was saves nothing, as with `save`.
    @discardableResult
    public func edit<R: StoredRecord>(_ type: R.Type, id: UUID, _ change: (R) throws -> R) throws -> R {
        let context = rulesContext
        let vault = self.vault
        let saved = try write { db in
            let changed = try change(try Store.stored(R.self, db, id: id, vault: vault).record).checked(in: context)
            return try Store.persist(changed, db, profile: try Store.requireProfile(db), time: now(), taxonomies: taxonomies,
                                     vault: vault)
        }
        afterSave(saved.record, rowid: saved.rowid)
        return saved.record
    }

    /// Runs several saves in one transaction.
    public func batch<T>(_ body: (Batch) throws -> T) throws -> T {
        let context = rulesContext
        let vault = self.vault
        return try write { db in
            try setIndexesAsideInBulk(db)
            let batch = Batch(db: db, profile: try Store.requireProfile(db), context: context, time: now(), vault: vault)
            let result = try body(batch)
            try batch.held.flush(db)
            return result
        }
    }

    /// Runs `body`, which writes about `adding` records in several transactions (a demo,
    /// an import), as one load:
    /// - The WAL is copied into the store less often: consecutive transactions touch many
    ///   of the same index pages, which are then copied once rather than after every
    ///   transaction. Nothing committed waits on it. When `body` changed the store, the
    ///   WAL is copied and emptied at the end, so that what it overwrote (a name sealed
    ///   since) is not left in the WAL.
    /// - When the load is large against what the store holds, its first transaction sets
    ///   the read indexes aside, and they are made again at the end (`ReadIndexes`).
    /// A load inside another is part of it.
    public func inBulk<T>(adding: Int, _ body: () throws -> T) rethrows -> T {
        let outermost = bulk.withLock { state in
            state.depth += 1
            return state.depth == 1
        }
        defer { bulk.withLock { $0.depth -= 1 } }
        Store.countLoad(lock.path, 1)
        defer { Store.countLoad(lock.path, -1) }
        guard outermost, !options.readOnly, let (pages, changes, holding) = try? pool.writeWithoutTransaction({ db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") ?? 1_000
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(max(pages, 16_384))")
            return (pages, db.totalChangesCount, try Store.recordCount(db))
        }) else { return try body() }
        let setsAside = Store.setsIndexesAside(adding: adding, holding: holding)
        bulk.withLock { $0.setsIndexesAside = setsAside }
        defer {
            bulk.withLock { $0.setsIndexesAside = false }
            if setsAside {
                do {
                    // Not while another load has them aside: that load makes them.
                    try write { db in
                        if try Store.indexesAreLeftAside(db, lock: lock.path, ending: 1) { try Store.restoreReadIndexes(db) }
                    }
                } catch {
                    // Left to the next start; readers are slower meanwhile, never wrong.
                    _ = try? write { try Store.leaveIndexesToTheNextStart($0) }
                }
            }
            let changed = (try? pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(pages)")
                return db.totalChangesCount != changes
            }) ?? false
            if changed { checkpointQuietly() }
        }
        return try body()
    }

    /// In a load that sets the read indexes aside, sets them aside in the transaction of
    /// `db`, so that they come back if it rolls back.
    func setIndexesAsideInBulk(_ db: Database) throws {
        if bulk.withLock({ $0.setsIndexesAside }) { try Store.setReadIndexesAside(db) }
    }

    /// The columns an update sets: all but the id, which a row keeps. With a record's id
    /// in the SET list, SQLite's foreign keys look through every table that links to the
    /// record, even when the id stays the same.
    static func settable(_ columns: [StoredColumn]) -> [StoredColumn] {
        columns.filter { $0.name != "id" }
    }

    /// The SQL of a kind's INSERT or UPDATE for one list of column names, made once: a
    /// save would otherwise join the same names again for every record. Keyed by the
    /// number of columns too, so that a sealed contact's update (without a change number)
    /// and a save's do not take each other's place.
    private static let rowSQL = Mutex<[String: (names: [String], sql: String)]>([:])

    private static func rowSQL(_ statement: String, _ columns: [StoredColumn], _ make: ([String]) -> String) -> String {
        let names = columns.map(\.name)
        let key = "\(statement) \(names.count)"
        if let made = rowSQL.withLock({ $0[key] }), made.names == names { return made.sql }
        let sql = make(names)
        rowSQL.withLock { $0[key] = (names, sql) }
        return sql
    }

    /// Writes a new row of `R`'s table.
    static func insertRow<R: StoredRecord>(_ type: R.Type, _ columns: [StoredColumn], _ db: Database) throws {
        let sql = rowSQL("insert \(R.table)", columns) { names in
            "INSERT INTO \(R.table) (\(names.joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))"
        }
        try execute(db.cachedStatement(sql: sql), columns)
    }

    /// Overwrites `columns` of the row at `rowid` of `R`'s table.
    static func updateRow<R: StoredRecord>(_ type: R.Type, _ columns: [StoredColumn], rowid: Int64, _ db: Database) throws {
        let sql = rowSQL("update \(R.table)", columns) { names in
            "UPDATE \(R.table) SET \(names.map { "\($0) = ?" }.joined(separator: ", ")) WHERE rowid = ?"
        }
        try execute(db.cachedStatement(sql: sql), columns + [("rowid", rowid.databaseValue)])
    }

    /// Runs `statement` with the values of `columns`, one for each of its parameters, as
    /// made above. GRDB's checked binding would count them again for every row, and its
    /// arguments made from values of one type (`DatabaseValue`) go through a key path
    /// made anew each time; as values of any type they do not.
    private static func execute(_ statement: Statement, _ columns: [StoredColumn]) throws {
        statement.setUncheckedArguments(StatementArguments(columns.map { $0.value as (any DatabaseValueConvertible)? }))
        try statement.execute()
    }

    /// How a record reaches `persist`: each way stamps, checks and audits it differently.
    enum Persisting {
        /// An edit or a new record: stamped with the time and the device, audited.
        case edit
        /// A workflow move, which has already applied its own rules to status and history.
        case move
        /// A new record made elsewhere (demo data), stored with its own stamps.
        case given
        /// A version from a bundle, new or not, stored as its device left it.
        case imported
    }

    static func persist<R: StoredRecord>(_ checked: R, _ db: Database, profile: DeviceProfile, time: Timestamp,
                                         taxonomies: Taxonomies, as way: Persisting = .edit,
                                         vault: VaultKeys? = nil,
                                         held: HeldWrites? = nil, new: Bool = false) throws -> (record: R, rowid: Int64) {
        let stamped = way == .edit || way == .move
        var record = checked
        var kept: Set<UUID> = []
        var previous: R?
        // A record given whole is new, as is one the caller has just looked for in this
        // transaction (`new`): its insert meets the unique id of one that is not.
        let rowid = way == .given || new ? nil
            : try Int64.fetchOne(db.cachedStatement(sql: "SELECT rowid FROM \(R.table) WHERE id = ?"),
                                 arguments: [record.id.storedText])
        if way == .imported {
            // Its links may name records deleted since: the device's own record of them.
            kept = record.links
        } else if way == .given {
            if record.deviceId == unassignedDevice { record.deviceId = profile.deviceId }
        } else if let rowid {
            let stored = try load(R.self, db, rowid: rowid, vault: vault)
            previous = stored
            if let stored, stored.isDeleted { throw StoreError.deleted(R.kind, record.id) }
            if let stored {
                kept = stored.links
                record.createdAt = stored.createdAt
                record.deviceId = stored.deviceId
                // A workflow move has already applied its own rules to status and history.
                if way != .move { try record.prepareUpdate(from: stored) }
                // An edit that leaves every field as it was saves nothing: no new version
                // for base, no line in the audit log.
                if way == .edit, (stored as? Contact)?.sealedAway != true,
                   R.changes(from: stored, to: record).allSatisfy({ R.spec($0)?.role == .store }) {
                    return (stored, rowid)
                }
            }
        } else {
            record.createdAt = time
            record.deviceId = profile.deviceId
            try record.prepareInsert(db, profile: profile, at: time)
        }
        if stamped {
            record.deletedAt = nil
            record.updatedAt = time
        }
        try record.checkLinks(LinkCheck(db: db, kept: kept, known: held))
        var columns = record.columns()
        try checkSize(record, columns: columns)
        // A protected contact's identity goes into the vault: its row and index keep its
        // code name only. Marking a contact protected also removes its clear copies.
        var indexed = record
        var purge = false
        if let contact = record as? Contact {
            // What the officer could not read, they cannot change: a change made while its
            // identity was sealed away would overwrite it with the code name.
            if rowid != nil { try refuseSealedAway(contact.id, db, vault: vault) }
            // Two protected contacts under one code name could not be told apart on one
            // device; at base, two devices' protected contacts may share one.
            if way != .imported, !contact.isDeleted { try refuseTakenCodeName(contact, db) }
            if contact.isSealedInVault, let vault {
                let view = contact.sealedView()
                columns = view.columns()
                    + [("sealed", try vault.seal(contact.identity(), purpose: Contact.sealPurpose(contact.id)).databaseValue)]
                if let view = view as? R { indexed = view }
                if let rowid {
                    purge = try Bool.fetchOne(db, sql: "SELECT sealed IS NULL FROM contact WHERE rowid = ?",
                                              arguments: [rowid]) ?? false
                }
            } else {
                columns.append(("sealed", .null))
            }
        }
        // Numbered here rather than by the table's trigger, which would write the row twice.
        columns.append(("change_seq", try nextChange(db, held: held).databaseValue))
        let stored: Int64
        if let rowid {
            try updateRow(R.self, settable(columns), rowid: rowid, db)
            stored = rowid
        } else {
            do {
                try insertRow(R.self, columns, db)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT && way == .given {
                if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(R.table) WHERE id = ?)",
                                     arguments: [record.id.storedText]) == true {
                    throw StoreError.clash("a record with id \(record.id.uuidString) is already stored")
                }
                throw error
            }
            stored = db.lastInsertedRowID
        }
        try record.saveChildren(db, isNew: rowid == nil)
        try index(indexed, rowid: stored, db, isNew: rowid == nil, taxonomies: taxonomies, held: held)
        held?.found(HeldWrites.Linked(kind: R.kind, id: record.id), live: !record.isDeleted)
        if purge {
            // The clear entries go before the index is rewritten without them.
            try held?.flush(db)
            try purgeClearCopies(db, ids: [record.id])
        }
        if stamped {
            // Field names only, never values: what changed, or what a new record was given.
            let changed = R.changes(from: previous ?? R.blank(id: record.id), to: record)
                .compactMap { key in R.spec(key).flatMap { $0.role == .store ? nil : $0.json } }
            try audit(db, rowid == nil ? .create : .update, at: time, kind: R.kind, ids: [record.id], fields: changed)
        }
        return (record, stored)
    }

    /// Refuses a protected contact under a code name another live protected contact has:
    /// the two could not be told apart on one device (at base, two devices' may share one).
    static func refuseTakenCodeName(_ contact: Contact, _ db: Database) throws {
        guard contact.sensitivity == .protected, try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM contact WHERE sensitivity = 'protected' AND deleted_at IS NULL
                           AND code_name = ? COLLATE NOCASE AND id != ?)
            """, arguments: [contact.codeName, contact.id.storedText]) == true else { return }
        throw ValidationError(field: "code_name", code: "core.contact.code_name_taken", ["code": contact.codeName])
    }

    /// Refuses a change to a contact whose identity is sealed and that `vault` cannot open
    /// (locked, or sealed to a vault since wiped).
    static func refuseSealedAway(_ id: UUID, _ db: Database, vault: VaultKeys?) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT sealed FROM contact WHERE id = ?", arguments: [id.storedText]),
              let sealed = try Store.value(row, "sealed") as Data? else { return }
        guard vault?.open(sealed, purpose: Contact.sealPurpose(id)) != nil else {
            throw ValidationError(field: "name", code: "core.contact.sealed_away")
        }
    }

    /// Refuses a record whose JSON would be longer than a bundle's reader accepts, so that
    /// whatever the store holds can be exported and read at base. `columns` are the
    /// record's own row, when already made.
    static func checkSize<R: StoredRecord>(_ record: R, columns: [StoredColumn]? = nil) throws {
        // Most records are far below the bound by any count: encoding them to know it
        // would cost more than the rest of a save.
        guard jsonSizeBound(record, columns: columns ?? record.columns()) > FieldLimits.recordBytes else { return }
        let size = (try? RecordJSON.encoder().encode(record).count) ?? Int.max
        guard size <= FieldLimits.recordBytes else {
            throw ValidationError(field: "record", code: "core.record_too_big",
                                  ["kind": R.kind.rawValue, "size": String(size), "limit": String(FieldLimits.recordBytes)])
        }
    }

    /// More bytes than the record's JSON can take, from its row's `columns` and its child
    /// rows: each text at six times its bytes (what escaping can at most do to text the
    /// cleaner has kept) and room for every key, number and bracket. A list is in its
    /// column as JSON already; a moment's three columns hold more than its one value.
    static func jsonSizeBound<R: SchemaRecord>(_ record: R, columns: [StoredColumn]) -> Int {
        func text(_ value: String) -> Int { value.utf8.count * 6 + 2 }
        var total = 64
        for column in columns {
            // A key, its quotes, colon and comma, and a number, a flag or nothing.
            total += 72
            if case .string(let value) = column.value.storage { total += text(value) }
        }
        for spec in R.schema where spec.type.isRows {
            switch spec.value(of: record) {
            case .attendees(let attendees): total += attendees.reduce(2) { $0 + text($1.role) + 80 }
            case .followUps(let followUps):
                total += followUps.reduce(2) { $0 + text($1.action) + text($1.owner) + 160 }
            case .history(let events): total += events.reduce(2) { $0 + text($1.note) + text($1.by) + 160 }
            default: total += 64
            }
        }
        return total
    }

    /// Writes a record's entries in the full-text indexes, at once or held in `held`.
    static func index<R: StoredRecord>(_ record: R, rowid: Int64, _ db: Database, isNew: Bool,
                                       taxonomies: Taxonomies, held: HeldWrites? = nil) throws {
        if !isNew { try unindex(R.kind, rowid: rowid, db, held: held) }
        guard !record.isDeleted else { return }
        let text = SearchText.fold(record.searchText(taxonomies))
        try indexWrite(.add(table: "\(R.table)_fts", rowid: rowid, body: text), db, held: held)
        // A contact's names alone, by which its meetings, grievances and feedback are found
        // (not its phones, handles or notes).
        if let contact = record as? Contact {
            let names = SearchText.fold([contact.name, contact.localName, contact.codeName].joined(separator: "\n"))
            try indexWrite(.add(table: "contact_name_fts", rowid: rowid, body: names), db, held: held)
        }
    }

    /// Takes a record's entries out of the full-text indexes.
    static func unindex(_ kind: RecordKind, rowid: Int64, _ db: Database, held: HeldWrites? = nil) throws {
        try indexWrite(.remove(table: "\(kind.table)_fts", rowid: rowid), db, held: held)
        if kind == .contact { try indexWrite(.remove(table: "contact_name_fts", rowid: rowid), db, held: held) }
    }

    /// The record with this id and its rowid, deleted or not, inside a transaction;
    /// `StoreError.notFound` when there is none.
    static func stored<R: StoredRecord>(_ type: R.Type, _ db: Database, id: UUID,
                                        vault: VaultKeys? = nil) throws -> (rowid: Int64, record: R) {
        guard let rowid = try Int64.fetchOne(db, sql: "SELECT rowid FROM \(R.table) WHERE id = ?",
                                             arguments: [id.storedText]),
              let record = try load(R.self, db, rowid: rowid, vault: vault)
        else { throw StoreError.notFound(id.uuidString) }
        return (rowid, record)
    }

    static func load<R: StoredRecord>(_ type: R.Type, _ db: Database, rowid: Int64, vault: VaultKeys? = nil) throws -> R? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM \(R.table) WHERE rowid = ?"),
                                         arguments: [rowid]) else { return nil }
        return try R.load(db, row, vault: vault)
    }

    /// The record with this id, deleted or not.
    public func record<R: StoredRecord>(_ type: R.Type, id: UUID) throws -> R? {
        let vault = self.vault
        return try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM \(R.table) WHERE id = ?",
                                             arguments: [id.storedText]) else { return nil }
            return try R.load(db, row, vault: vault)
        }
    }

    /// Deletes a record by leaving a tombstone, so the delete travels to base.
    public func delete(_ kind: RecordKind, id: UUID) throws {
        try write { db in
            let time = now()
            guard let row = try Row.fetchOne(db, sql: "SELECT rowid, deleted_at FROM \(kind.table) WHERE id = ?",
                                             arguments: [id.storedText]) else { throw StoreError.notFound(id.uuidString) }
            guard (try Store.value(row, "deleted_at") as String?) == nil else { throw StoreError.alreadyDeleted(kind, id) }
            try Store.markDeleted(db, kind, id: id, rowid: try Store.value(row, "rowid"), at: time)
            try Store.audit(db, .delete, at: now(), kind: kind, ids: [id])
        }
        if kind == .contact { vaultState.withLock { $0.revealed[id] = nil } }
    }

    /// Leaves a tombstone in place of the record `id` at `rowid` at `time`, and takes it
    /// out of the indexes.
    static func markDeleted(_ db: Database, _ kind: RecordKind, id: UUID, rowid: Int64, at time: Timestamp,
                            held: HeldWrites? = nil) throws {
        try db.cachedStatement(sql: "UPDATE \(kind.table) SET deleted_at = ?, updated_at = ?, change_seq = ? WHERE rowid = ?")
            .execute(arguments: [time.description, time.description, try nextChange(db, held: held), rowid])
        try unindex(kind, rowid: rowid, db, held: held)
        held?.found(HeldWrites.Linked(kind: kind, id: id), live: false)
    }

    /// Brings a deleted record of `kind` back (undo of a delete).
    public func restore(_ kind: RecordKind, id: UUID) throws {
        switch kind {
        case .contact: _ = try restore(Contact.self, id: id)
        case .meeting: _ = try restore(Meeting.self, id: id)
        case .grievance: _ = try restore(Grievance.self, id: id)
        case .feedback: _ = try restore(Feedback.self, id: id)
        }
    }

    /// Brings a deleted record back (undo of a delete).
    public func restore<R: StoredRecord>(_ type: R.Type, id: UUID) throws -> R {
        let record = try write { db in
            var (rowid, record) = try Store.stored(R.self, db, id: id)
            guard record.isDeleted else { throw StoreError.notDeleted(R.kind, id) }
            // As when it is saved: this device's own protected contact only.
            if let contact = record as? Contact, contact.deviceId == (try Store.requireProfile(db)).deviceId {
                try Store.refuseTakenCodeName(contact, db)
            }
            record.deletedAt = nil
            record.updatedAt = now()
            try db.execute(sql: "UPDATE \(R.table) SET deleted_at = NULL, updated_at = ? WHERE rowid = ?",
                           arguments: [record.updatedAt.description, rowid])
            try Store.index(record, rowid: rowid, db, isNew: true, taxonomies: taxonomies)
            try Store.audit(db, .undelete, at: record.updatedAt, kind: R.kind, ids: [id])
            return record
        }
        // A protected contact brought back is found by its real name again while unlocked.
        if record is Contact, let vault, vault.isUnlocked { try useVault(vault) }
        return record
    }
}

/// A record was changed by another liaison on the same store while it was being edited.
public struct EditConflict: Error, Sendable, Equatable, CustomStringConvertible {
    public let kind: RecordKind
    public let id: UUID
    /// When the other version was saved.
    public let changedAt: Timestamp?
    /// The other liaison deleted it.
    public let deleted: Bool

    public var description: String { message(in: .standard(.en)) }

    /// The sentence in the language of `words`, naming the record by its kind.
    public func message(in words: Catalogue) -> String {
        guard !deleted else { return words.text("core.conflict.deleted.\(kind.rawValue)") }
        return words.text("core.conflict.changed.\(kind.rawValue)", ["time": changedAt.map(words.instant) ?? "?"])
    }
}
