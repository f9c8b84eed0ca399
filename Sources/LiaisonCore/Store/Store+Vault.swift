import Foundation
import GRDB
import Synchronization

/// A protected contact as the unlocked vault shows it, held in memory only: what search
/// and names need, so that nothing identifying is ever indexed on disk.
struct RevealedContact: Sendable {
    let rowid: Int64
    let name: ContactName
    /// Its names, phones, handles and notes, folded for search.
    let searchText: String
    /// Its names alone, folded: what finds its meetings, grievances and feedback.
    let namesText: String
}

/// The vault as this store sees it: its keys (none until set), and while unlocked the
/// protected contacts it opened.
struct VaultState: Sendable {
    var keys: VaultKeys?
    var revealed: [UUID: RevealedContact] = [:]
}

extension Store {
    /// Tells the store which vault seals protected contacts; unlocked keys open them too.
    /// Without a vault, protected contacts are stored as they are (in clear).
    public func useVault(_ keys: VaultKeys?) throws {
        if let keys {
            let bound = try read { try Data.fetchOne($0, sql: "SELECT public_key FROM vault_binding") }
            if let bound, bound != keys.publicKey.rawRepresentation { throw VaultError.otherVault }
        }
        var revealed: [UUID: RevealedContact] = [:]
        if let keys, keys.isUnlocked {
            revealed = try read { db in try Self.reveal(db, keys) }
        }
        vaultState.withLock { $0 = VaultState(keys: keys, revealed: revealed) }
    }

    /// Records the vault this store's contacts are sealed to, replacing one wiped, and uses it.
    public func bindVault(_ keys: VaultKeys) throws {
        try write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO vault_binding (singleton, public_key) VALUES (1, ?)",
                           arguments: [keys.publicKey.rawRepresentation])
        }
        try useVault(keys)
    }

    /// Forgets the vault's private key and what it opened: protected contacts go by their
    /// code names again.
    public func lockVault() {
        vaultState.withLock { $0 = VaultState(keys: $0.keys?.locked) }
    }

    /// The vault's keys, unlocked or not; nil when the store has none.
    public var vault: VaultKeys? { vaultState.withLock { $0.keys } }

    /// Whether protected contacts are sealed here, and the vault is locked.
    public var isVaultLocked: Bool { vault.map { !$0.isUnlocked } ?? false }

    /// How many contacts keep their identity sealed.
    public func sealedContactCount() throws -> Int {
        try read { try Int.fetchOne($0, sql: "SELECT count(*) FROM contact WHERE sealed IS NOT NULL") ?? 0 }
    }

    /// Seals every protected contact still stored in clear (made before the vault was, or
    /// while it was missing), and removes their clear copies. Returns how many.
    @discardableResult
    public func sealProtectedContacts() throws -> Int {
        guard let keys = vault else { throw VaultError.noVault }
        let sealed = try write { db in
            let ids = try String.fetchAll(db, sql: """
                SELECT id FROM contact WHERE sensitivity = 'protected' AND sealed IS NULL
                """).compactMap(UUID.init(uuidString:))
            for id in ids {
                let (rowid, contact) = try Store.stored(Contact.self, db, id: id, vault: keys)
                try Store.writeSealed(contact, rowid: rowid, db, keys: keys, taxonomies: taxonomies)
            }
            if !ids.isEmpty { try Store.purgeClearCopies(db, ids: ids) }
            return ids.count
        }
        if sealed > 0 { checkpointQuietly() }
        if keys.isUnlocked { try useVault(keys) }
        return sealed
    }

    /// Copies the WAL into the store and empties it, so that what was overwritten (a name
    /// just sealed) is nowhere in the WAL either. Another process reading may stop it.
    func checkpointQuietly() {
        guard !options.readOnly else { return }
        _ = try? lock.withLock(wait: .milliseconds(500)) {
            try pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        }
    }

    /// Overwrites a contact's row with its sealed form, its index with its code name.
    static func writeSealed(_ contact: Contact, rowid: Int64, _ db: Database, keys: VaultKeys,
                            taxonomies: Taxonomies) throws {
        let view = contact.sealedView()
        // Never the id: a row's id does not change (`Store.settable`).
        let columns = Store.settable(view.columns())
            + [("sealed", try keys.seal(contact.identity(), purpose: Contact.sealPurpose(contact.id)).databaseValue)]
        try Store.updateRow(Contact.self, columns, rowid: rowid, db)
        try index(view, rowid: rowid, db, isNew: false, taxonomies: taxonomies)
    }

    /// Removes what held contacts' identities in clear once they are sealed: their drafts,
    /// and the tokens their old index entries left in the search index's pages (rewritten
    /// whole; with `secure_delete` the old pages are zeroed).
    static func purgeClearCopies(_ db: Database, ids: [UUID]) throws {
        for id in ids {
            try db.execute(sql: "DELETE FROM draft WHERE record_id = ?", arguments: [id.storedText])
        }
        for table in ["contact_fts", "contact_name_fts"] {
            try db.execute(sql: "INSERT INTO \(table)(\(table)) VALUES ('optimize')")
        }
    }

    /// Opens every sealed contact the keys can open.
    private static func reveal(_ db: Database, _ keys: VaultKeys) throws -> [UUID: RevealedContact] {
        var out: [UUID: RevealedContact] = [:]
        let cursor = try Row.fetchCursor(db, sql: "SELECT rowid, * FROM contact WHERE sealed IS NOT NULL AND deleted_at IS NULL")
        while let row = try cursor.next() {
            let contact = try Contact.load(db, row, vault: keys)
            guard !contact.sealedAway else { continue }
            out[contact.id] = revealed(contact, rowid: try Store.value(row, "rowid"))
        }
        return out
    }

    static func revealed(_ contact: Contact, rowid: Int64) -> RevealedContact {
        let names = [contact.name, contact.localName, contact.codeName]
        return RevealedContact(rowid: rowid, name: ContactName(contact),
                               searchText: SearchText.fold((names + contact.phones + contact.handles + [contact.notes])
                                                               .joined(separator: "\n")),
                               namesText: SearchText.fold(names.joined(separator: "\n")))
    }

    /// Keeps the opened contacts in step with a save made here.
    func noteSaved(_ contact: Contact, rowid: Int64?) {
        vaultState.withLock { state in
            guard state.keys?.isUnlocked == true else { return }
            if let rowid, contact.isSealedInVault, !contact.isDeleted {
                state.revealed[contact.id] = Self.revealed(contact, rowid: rowid)
            } else {
                state.revealed[contact.id] = nil
            }
        }
    }

    /// The rowids of opened contacts a search finds: by all their text, or (`namesOnly`)
    /// by their names, as the index would (every word a prefix of one of theirs).
    func revealedMatches(_ search: String, namesOnly: Bool) -> [Int64] {
        let revealed = vaultState.withLock { $0.revealed }
        guard !revealed.isEmpty else { return [] }
        let wanted = search.split(whereSeparator: \.isWhitespace).flatMap { word in
            SearchText.fold(String(word)).split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
        }
        guard !wanted.isEmpty else { return [] }
        return revealed.values.filter { contact in
            let words = (namesOnly ? contact.namesText : contact.searchText)
                .split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            return wanted.allSatisfy { token in words.contains { $0.hasPrefix(token) } }
        }.map(\.rowid).sorted()
    }

    /// The name of an opened contact, when the vault is unlocked and opened it.
    func revealedName(_ id: UUID) -> ContactName? {
        vaultState.withLock { $0.revealed[id]?.name }
    }
}
