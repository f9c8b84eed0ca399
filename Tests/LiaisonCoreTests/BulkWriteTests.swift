import Foundation
import GRDB
import Testing
@testable import LiaisonCore

/// What bulk writes hold back (index entries, change numbers) ends as if each had been
/// written at once.
struct BulkWriteTests {
    @Test func storedIdsAreTheUpperCaseUUIDString() {
        var random = SplitMix64(seed: 7)
        var ids = [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
                   UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255))]
        for _ in 0..<500 { ids.append(random.uuid()) }
        for id in ids { #expect(id.storedText == id.uuidString) }
    }

    @Test func aDemoIndexesEveryRecordAsASaveWould() throws {
        let given = try TemporaryStore()
        let summary = try DemoData(meetings: 120, for: given.store).populate(given.store)
        let taxonomies = given.store.taxonomies
        try given.store.read { db in
            func check<R: StoredRecord>(_ type: R.Type, count: Int) throws {
                let rows = try Row.fetchAll(db, sql: "SELECT rowid, * FROM \(R.table)")
                #expect(rows.count == count)
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM \(R.table)_fts") == count)
                for row in rows {
                    let record = try R.load(db, row)
                    let indexed = try String.fetchOne(db, sql: "SELECT body FROM \(R.table)_fts WHERE rowid = ?",
                                                      arguments: [row["rowid"] as Int64])
                    #expect(indexed == SearchText.fold(record.searchText(taxonomies)))
                }
            }
            try check(Contact.self, count: summary.contacts)
            try check(Meeting.self, count: summary.meetings)
            try check(Grievance.self, count: summary.grievances)
            try check(Feedback.self, count: summary.feedback)
        }
        // And search finds them.
        let contact = try #require(try given.store.records(Contact.self, RecordQuery(limit: 1)).first)
        let found = try given.store.records(Contact.self, RecordQuery(search: contact.name, limit: 50))
        #expect(found.contains { $0.id == contact.id })
    }

    @Test func everyChangeTakesANewNumberWhateverWroteIt() throws {
        let given = try TemporaryStore()
        try DemoData(meetings: 30, for: given.store).populate(given.store)
        let contact = try given.store.save(Contact(name: "Amina al-Hassan", role: "womens_group", consent: .notAsked))
        _ = try given.store.edit(Contact.self, id: contact.id) { var changed = $0; changed.notes = "Met twice"; return changed }
        try given.store.delete(.contact, id: contact.id)
        _ = try given.store.restore(Contact.self, id: contact.id)
        try given.store.read { db in
            var numbers: [Int64] = []
            for kind in RecordKind.allCases {
                numbers += try Int64.fetchAll(db, sql: "SELECT change_seq FROM \(kind.table)")
            }
            #expect(!numbers.contains(0))
            #expect(Set(numbers).count == numbers.count)
            #expect(try Int64.fetchOne(db, sql: "SELECT last FROM change_clock") == numbers.max())
            // The restore, made without a number of its own, was numbered by the trigger, last.
            let restored = try Int64.fetchOne(db, sql: "SELECT change_seq FROM contact WHERE id = ?",
                                              arguments: [contact.id.uuidString])
            #expect(restored == numbers.max())
        }
    }

    @Test(arguments: ["'many'", "-1", "x'00'"])
    func aChangeCounterThatIsNotAWholeNumberIsDamageNotARestart(_ value: String) throws {
        let given = try TemporaryStore()
        try given.store.write { try $0.execute(sql: "UPDATE change_clock SET last = \(value)") }
        #expect {
            try DemoData(meetings: 2, for: given.store).populate(given.store)
        } throws: { error in
            if case StoreError.damaged = error { return true }
            return false
        }
        #expect {
            try given.store.save(Contact(name: "Amina al-Hassan", role: "womens_group", consent: .notAsked))
        } throws: { error in
            if case StoreError.damaged = error { return true }
            return false
        }
    }

    @Test func aStoreMissingANumberingTriggerIsStillMigrated() throws {
        let given = try TemporaryStore()
        try given.store.write { db in
            try db.execute(sql: "DROP TRIGGER contact_inserted; DELETE FROM grdb_migrations WHERE identifier LIKE 'v10:%'")
        }
        given.store.close()
        let reopened = try Store(at: given.url, options: Store.Options(
            writerWait: .milliseconds(300), deviceClock: .fixed(at: TemporaryStore.noon, timeZone: TemporaryStore.utc)))
        defer { reopened.close() }
        let saved = try reopened.save(Contact(name: "Amina al-Hassan", role: "womens_group", consent: .notAsked))
        let (number, triggers) = try reopened.read { db in
            (try Int64.fetchOne(db, sql: "SELECT change_seq FROM contact WHERE id = ?", arguments: [saved.id.uuidString]),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE name = 'contact_inserted'"))
        }
        #expect(number == 1)
        #expect(triggers == 1)
    }

    @Test func provenanceOfAnEarlierStoreIsKeptWhenItsTableIsRebuilt() throws {
        let given = try TemporaryStore()
        // The table as schema v9 made it, holding what an import remembered.
        try given.store.write { db in
            try db.execute(sql: """
                DROP TABLE provenance;
                CREATE TABLE provenance (
                    kind TEXT NOT NULL, record_id TEXT NOT NULL, field_version TEXT NOT NULL, field_deleted_at TEXT,
                    content_version TEXT, content_line BLOB, base_version TEXT,
                    bundle_id TEXT NOT NULL REFERENCES imported_bundle(id),
                    PRIMARY KEY (kind, record_id)
                ) WITHOUT ROWID;
                INSERT INTO imported_bundle (id, file_name, device_id, prefix, officer, sequence, full,
                                             tag_manifest_sha256, signer, imported_at)
                VALUES ('b1', 'liaison-KDL-2026-11-21-0001.zip', 'D', 'KDL', 'Amina Yusuf', 1, 1, 'aa', 'ff',
                        '2026-11-21T12:00:00.000Z');
                INSERT INTO provenance VALUES ('contact', 'C1', '2026-11-20T09:00:00.000Z', NULL,
                                               '2026-11-20T09:00:00.000Z', x'7B7D', '2026-11-20T09:00:00.000Z', 'b1');
                DELETE FROM grdb_migrations WHERE identifier LIKE 'v11:%';
                """)
        }
        given.store.close()
        let reopened = try Store(at: given.url, options: Store.Options(
            writerWait: .milliseconds(300), deviceClock: .fixed(at: TemporaryStore.noon, timeZone: TemporaryStore.utc)))
        defer { reopened.close() }
        let (rows, line, indexed) = try reopened.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM provenance"),
             try Data.fetchOne(db, sql: "SELECT content_line FROM provenance WHERE kind = 'contact' AND record_id = 'C1'"),
             try String.fetchOne(db, sql: "SELECT name FROM sqlite_master WHERE tbl_name = 'provenance' AND type = 'index'"))
        }
        #expect(rows == 1)
        #expect(line == Data("{}".utf8))
        #expect(indexed == "provenance_of_record")
    }

    @Test func bundlesCarryTheSchemaOfTheirRecordsNotOfTheStore() {
        // v10 and v11 changed how rows are numbered and kept, nothing a bundle holds: a
        // base of v9 reads them.
        #expect(Store.bundleSchemaVersion == 9)
        #expect(Store.schemaVersion == 11)
    }
}
