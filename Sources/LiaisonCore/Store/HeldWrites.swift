import Foundation
import GRDB

/// What a transaction that stores many records (demo data, an import) holds back and
/// writes once: its full-text index entries and its change counter.
///
/// SQLite's FTS5 writes what it holds in memory out as a new segment of its index each
/// time another statement of the transaction opens a statement savepoint, as an insert
/// into a table with triggers does. Interleaved with the records' own rows, every index
/// entry became a segment of its own, merged again and again; held back, the entries of
/// a batch go out together. Nothing reads the full-text indexes inside such a
/// transaction, and the writes are made in the order they were asked for, so the index
/// ends as if each had been made at once.
///
/// The change counter is read once and written back once, rather than updated for each
/// record. Every record the transaction writes takes its number from here.
///
/// It also keeps the records the transaction has found in the store or written, so that
/// links to the same contact or meeting are looked up once a transaction.
final class HeldWrites {
    enum IndexWrite {
        case remove(table: String, rowid: Int64)
        case add(table: String, rowid: Int64, body: String)

        func make(_ db: Database) throws {
            switch self {
            case .remove(let table, let rowid):
                try db.cachedStatement(sql: "DELETE FROM \(table) WHERE rowid = ?").execute(arguments: [rowid])
            case .add(let table, let rowid, let body):
                try db.cachedStatement(sql: "INSERT INTO \(table) (rowid, body) VALUES (?, ?)")
                    .execute(arguments: [rowid, body])
            }
        }
    }

    private var pending: [IndexWrite] = []
    /// Held index writes are made once this many wait, so memory stays flat in the size
    /// of the batch.
    private let limit: Int
    /// The last change number given out, once read from the store.
    private var lastChange: Int64?

    /// A record a link may name.
    struct Linked: Hashable {
        let kind: RecordKind
        let id: UUID
    }
    /// Records the transaction has found or written, and whether each is not deleted.
    private var linked: [Linked: Bool] = [:]
    /// Past this many, records are looked up again rather than kept: memory stays flat.
    private static let linkedLimit = 65_536

    init(limit: Int = 4096) {
        self.limit = limit
    }

    /// Holds `write` until `flush`.
    func hold(_ write: IndexWrite, _ db: Database) throws {
        pending.append(write)
        if pending.count >= limit { try flushIndex(db) }
    }

    /// Whether `record` is known to be in the store, and not deleted when `live`.
    func knows(_ record: Linked, live: Bool) -> Bool {
        guard let isLive = linked[record] else { return false }
        return isLive || !live
    }

    /// Notes that `record` is in the store, deleted or not (`live`).
    func found(_ record: Linked, live: Bool) {
        if linked.count < Self.linkedLimit || linked[record] != nil { linked[record] = live }
    }

    /// The next change number.
    func nextChange(_ db: Database) throws -> Int64 {
        let next = try Store.change(after: lastChange ?? Store.lastChange(db))
        lastChange = next
        return next
    }

    /// Makes every held write: the index writes in order, and the change counter.
    func flush(_ db: Database) throws {
        try flushIndex(db)
        if let lastChange {
            try db.cachedStatement(sql: "UPDATE change_clock SET last = max(last, ?) WHERE singleton = 1")
                .execute(arguments: [lastChange])
        }
    }

    private func flushIndex(_ db: Database) throws {
        // Taken out before they are made: a write that fails is not made a second time.
        let writes = pending
        pending.removeAll(keepingCapacity: true)
        for write in writes { try write.make(db) }
    }
}

extension Store {
    /// Makes a full-text index write at once, or holds it in `held`.
    static func indexWrite(_ write: HeldWrites.IndexWrite, _ db: Database, held: HeldWrites?) throws {
        if let held { try held.hold(write, db) } else { try write.make(db) }
    }

    /// The next number of the store's change counter, by which exports find what changed:
    /// from `held`, or from the store at once.
    static func nextChange(_ db: Database, held: HeldWrites?) throws -> Int64 {
        if let held { return try held.nextChange(db) }
        let next = try change(after: lastChange(db))
        try db.cachedStatement(sql: "UPDATE change_clock SET last = ? WHERE singleton = 1").execute(arguments: [next])
        return next
    }

    /// The change number after `last`, unless the counter is full.
    static func change(after last: Int64) throws -> Int64 {
        guard last < Int64.max else { throw StoreError.damaged(path: "", detail: "the change counter is full") }
        return last + 1
    }

    /// The last change number given out: a whole number from 0, or the store is damaged.
    static func lastChange(_ db: Database) throws -> Int64 {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT last FROM change_clock WHERE singleton = 1"))
        else { throw StoreError.damaged(path: "", detail: "the change counter is missing") }
        return Int64(try Store.bounded(row, "last", 0...Int.max))
    }
}
