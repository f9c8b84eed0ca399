import Foundation
import GRDB
import LiaisonCore

extension Bench {
    /// The floor under the import's figure: SQLite alone writing what the import writes,
    /// into a copy of the same base (tables are named as the kinds are), in as many transactions as there are bundles. Rows
    /// are copied from the device's store with `INSERT … SELECT`, so nothing is read from a
    /// bundle, decoded, checked, compared or bound one value at a time; what is left is
    /// what SQLite itself costs for the rows, their children, their full-text entries and
    /// base's note of where each came from (with a blob as long as the record's searched
    /// text standing for its line), the read indexes made again, and the WAL copied into
    /// the store. `backup` is the time the base's backup took, which every import starts
    /// with. Links are not checked: the copied ranges do not follow the order of links.
    static func measureImportFloor(base: Store, device: URL, bundles: Int, backup: Double, in work: URL) throws {
        let copy = work.appendingPathComponent("floor.sqlite")
        try base.backup(to: copy)
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy.path + suffix) } }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: copy.path, configuration: configuration)
        // As the store sets them (`Store.init`, `Store.inBulk`).
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: """
                PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;
                PRAGMA cache_size = -16384; PRAGMA wal_autocheckpoint = 16384
                """)
            try db.execute(sql: "ATTACH DATABASE ? AS device", arguments: [device.path])
        }
        let kinds = RecordKind.allCases.map(\.rawValue)
        var writing = 0.0, indexing = 0.0, copying = 0.0
        try queue.writeWithoutTransaction { db in
            let aside = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
                .compactMap { row -> (name: String, sql: String)? in
                    let name: String = try row.decode(String.self, forColumn: "name")
                    return Store.readIndexes.contains(name) ? (name, try row.decode(String.self, forColumn: "sql")) : nil
                }
            let last = try kinds.map { try Int64.fetchOne(db, sql: "SELECT ifnull(max(rowid), 0) FROM device.\($0)") ?? 0 }
            writing = try time {
                for index in aside { try db.execute(sql: "DROP INDEX \(index.name)") }
                for bundle in 0..<bundles {
                    try db.inTransaction {
                        try copyBundle(bundle, of: bundles, kinds: zip(kinds, last), db)
                        return .commit
                    }
                }
            }
            indexing = try time { for index in aside { try db.execute(sql: index.sql) } }
            copying = try time { try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
        try queue.close()
        report("  SQLite alone: \(bundles) transactions of rows", writing,
               extra: "rows, children, full text, where each came from")
        report("  SQLite alone: read indexes made again", indexing)
        report("  SQLite alone: WAL copied into the store", copying)
        report("floor: the backup and SQLite alone", backup + writing + indexing + copying,
               extra: "no bundle read, verified, decoded, checked or merged")
    }

    /// Copies the `bundle`th of `bundles` equal rowid ranges of each kind's records, with
    /// their child rows and full-text entries, and notes a bundle and each record's origin.
    private static func copyBundle(_ bundle: Int, of bundles: Int, kinds: Zip2Sequence<[String], [Int64]>,
                                   _ db: Database) throws {
        let name = "floor-\(bundle)"
        try db.execute(sql: """
            INSERT INTO imported_bundle (id, file_name, device_id, prefix, officer, sequence, full,
                                         tag_manifest_sha256, previous_sha256, signer, imported_at)
            VALUES (?, ?, 'floor', 'FLR', 'Floor', ?, 0, '', NULL, '', '')
            """, arguments: [name, name, bundle + 1])
        for (table, last) in kinds {
            let range: StatementArguments = [last * Int64(bundle) / Int64(bundles), last * Int64(bundle + 1) / Int64(bundles)]
            let within = "rowid > ? AND rowid <= ?"
            let withinRecord = "r.rowid > ? AND r.rowid <= ?"
            try db.execute(sql: "INSERT INTO \(table) SELECT * FROM device.\(table) WHERE \(within)", arguments: range)
            try db.execute(sql: "INSERT INTO \(table)_fts (body) SELECT body FROM device.\(table)_fts WHERE \(within)",
                           arguments: range)
            try db.execute(sql: """
                INSERT INTO provenance (kind, record_id, field_version, content_version, content_line, bundle_id)
                SELECT ?, r.id, r.updated_at, r.updated_at, zeroblob(ifnull(length(f.body), 0)), ?
                FROM device.\(table) r LEFT JOIN device.\(table)_fts f ON f.rowid = r.rowid WHERE \(withinRecord)
                """, arguments: [table, name] + range)
            if table == "contact" {
                try db.execute(sql: "INSERT INTO contact_name_fts (body) SELECT body FROM device.contact_name_fts WHERE \(within)",
                               arguments: range)
            }
            let children: [(table: String, link: String)] = switch table {
            case "meeting": [("meeting_attendee", "meeting_id"), ("follow_up", "meeting_id")]
            case "grievance": [("grievance_event", "grievance_id")]
            default: []
            }
            for child in children {
                try db.execute(sql: """
                    INSERT INTO \(child.table) SELECT c.* FROM device.\(child.table) c
                    JOIN device.\(table) r ON r.id = c.\(child.link) WHERE \(withinRecord)
                    """, arguments: range)
            }
        }
    }
}
