import Foundation
import GRDB
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The indexes that serve lists, indicators and exports, set aside while many records are
/// written at once (a large import, a big demo) and made again when the load ends.
///
/// Each of these indexes costs every insert a write into a tree of its own, at a random
/// place (ids, dates): with twenty of them, a bulk load spent most of its time keeping
/// them in order. Building each once, from the finished table, costs a fraction of that.
/// No write reads them: records are found by id, attendees and follow-ups by their
/// meeting, and those indexes stay. While they are set aside, a reader gets the same
/// answers, more slowly.
///
/// The first transaction of the load drops them and notes their definitions in
/// `suspended_index`, with its process id, so that a refused bundle's rollback brings them
/// back with it, and a load killed midway leaves the note for the next start, which makes
/// them again. A start while the load's process lives leaves them to it.
///
/// Updates never set a record's id, so no foreign key sends SQLite looking through the
/// tables that link to a record (attendees, grievances, feedback) while their indexes are
/// aside.
extension Store {
    /// The indexes a bulk load may set aside, by name. Not `contact_age_group`: the
    /// indicators name it (`INDEXED BY`), and a query naming a missing index fails.
    public static let readIndexes: Set<String> = [
        "contact_by_name", "contact_by_update", "contact_by_change",
        "meeting_by_start", "meeting_by_day", "meeting_by_update", "meeting_by_change",
        "attendee_by_contact", "follow_up_open",
        "grievance_by_raised", "grievance_by_status", "grievance_by_meeting", "grievance_by_contact",
        "grievance_by_update", "grievance_by_change",
        "feedback_by_received", "feedback_by_meeting", "feedback_by_contact", "feedback_by_update",
        "feedback_by_change",
    ]

    /// Whether a load that adds about `adding` records to a store that holds `holding`
    /// gains by setting the read indexes aside. Making them again reads the whole store;
    /// keeping them costs each added record about ten times what each held record costs
    /// a rebuild (measured with SQLite 3.40: 3.2 s to add 100k records without them and
    /// 1.6 s to make them again, against 14.5 s to add them with them).
    static func setsIndexesAside(adding: Int, holding: Int) -> Bool {
        adding >= 2_000 && adding >= holding / 8
    }

    /// The records the store holds, of every kind, deleted ones included.
    static func recordCount(_ db: Database) throws -> Int {
        let counts = try RecordKind.allCases.map { kind in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM \(kind.table)") ?? 0
        }
        return counts.reduce(0) { $0.addingReportingOverflow($1).overflow ? Int.max : $0 + $1 }
    }

    /// Drops the read indexes, noting each definition, unless they are set aside already.
    static func setReadIndexesAside(_ db: Database) throws {
        guard try !hasIndexesAside(db) else { return }
        let indexes = try Row.fetchAll(db, sql: """
            SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name
            """)
        for row in indexes {
            let name: String = try Store.value(row, "name")
            guard readIndexes.contains(name) else { continue }
            let sql: String = try Store.value(row, "sql")
            try db.execute(sql: "INSERT INTO suspended_index (name, sql, loader) VALUES (?, ?, ?)",
                           arguments: [name, sql, Int(getpid())])
            try db.execute(sql: "DROP INDEX \(name)")
        }
    }

    /// Makes again every index a load set aside. A definition is taken only when it is one
    /// statement that makes the read index it is noted for: the note is in the store file,
    /// which may have been edited by hand.
    static func restoreReadIndexes(_ db: Database) throws {
        for row in try Row.fetchAll(db, sql: "SELECT name, sql FROM suspended_index ORDER BY name") {
            let name: String = try Store.value(row, "name")
            let sql: String = try Store.value(row, "sql")
            guard readIndexes.contains(name), sql.hasPrefix("CREATE INDEX \(name) ON ") else {
                throw StoreError.damaged(path: "", detail: "an index set aside is not one liaison makes")
            }
            let present = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = ?)",
                                            arguments: [name]) ?? false
            guard !present else { continue }
            let statement: Statement
            do {
                // One statement only: GRDB refuses a text that holds more than one.
                statement = try db.makeStatement(sql: sql)
            } catch {
                throw StoreError.damaged(path: "", detail: "an index set aside is not one liaison makes")
            }
            try statement.execute()
        }
        try db.execute(sql: "DELETE FROM suspended_index")
    }

    /// Whether a load left read indexes set aside.
    static func hasIndexesAside(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM suspended_index)") ?? false
    }

    /// The loads this process is running, by store file (its lock's path): a note of this
    /// process's id is a live load's only while one runs here on that store (a container
    /// may give every start the same id).
    static let loadsRunningHere = Mutex<[String: Int]>([:])

    /// Counts a load of this process on the store whose lock is at `lock`, by `change`.
    static func countLoad(_ lock: String, _ change: Int) {
        loadsRunningHere.withLock { loads in
            let count = loads[lock, default: 0] + change
            loads[lock] = count > 0 ? count : nil
        }
    }

    /// Whether another load, in a process that still runs, set the read indexes aside:
    /// that load makes them again at its end, and nobody else does meanwhile. `lock` names
    /// the store; `ending` is 1 for the load asking as it ends, which does not count.
    static func aLiveLoadHasIndexesAside(_ db: Database, lock: String, ending: Int = 0) throws -> Bool {
        for row in try Row.fetchAll(db, sql: "SELECT DISTINCT loader FROM suspended_index") {
            let loader: Int64 = try Store.value(row, "loader")
            guard let pid = Int32(exactly: loader), pid > 0 else { continue }
            if pid == getpid() {
                if loadsRunningHere.withLock({ $0[lock, default: 0] > ending }) { return true }
            } else if kill(pid, 0) == 0 || errno == EPERM {
                return true
            }
        }
        return false
    }

    /// Whether read indexes are aside and no live load will make them again: the load
    /// that set them aside was killed, or could not make them again at its end.
    static func indexesAreLeftAside(_ db: Database, lock: String, ending: Int = 0) throws -> Bool {
        try hasIndexesAside(db) && !aLiveLoadHasIndexesAside(db, lock: lock, ending: ending)
    }

    /// After a load whose end could not make its indexes again (a full disk, a store held
    /// too long by another writer): the next start makes them.
    static func leaveIndexesToTheNextStart(_ db: Database) throws {
        try db.execute(sql: "UPDATE suspended_index SET loader = 0 WHERE loader = ?", arguments: [Int(getpid())])
    }
}
