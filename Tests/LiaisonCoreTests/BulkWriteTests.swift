import Foundation
import Synchronization
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

    @Test func idsMadeLaterSortLaterAndStayValidUUIDs() throws {
        var random = SplitMix64(seed: 11)
        let instants: [Int64] = [0, 1, 999, 1_000, 1_764_000_000_000, 1_764_000_000_001, 1_795_000_000_000,
                                 (1 << 48) - 1]
        var made: [(milliseconds: Int64, text: String)] = []
        for milliseconds in instants {
            for _ in 0..<50 {
                let id = random.uuid(at: Timestamp(milliseconds: milliseconds))
                let text = id.storedText
                // Version 7, RFC 9562 variant, the instant in the first 48 bits.
                #expect(Array(text)[14] == "7")
                #expect("89AB".contains(Array(text)[19]))
                #expect(Int64(text.replacingOccurrences(of: "-", with: "").prefix(12), radix: 16) == milliseconds)
                #expect(UUID(uuidString: text) == id)
                made.append((milliseconds, text))
            }
        }
        // The store's text order, which its indexes keep, follows the instant.
        let inTextOrder = made.sorted { $0.text < $1.text }.map(\.milliseconds)
        #expect(inTextOrder == inTextOrder.sorted())
        #expect(Set(made.map(\.text)).count == made.count)
        // Instants the 48 bits cannot hold are clamped, not trapped on.
        #expect(UUID(at: Timestamp(milliseconds: -5), random: 1, 2).storedText.hasPrefix("00000000-0000-7"))
        #expect(UUID(at: Timestamp(milliseconds: .max), random: 1, 2).storedText.hasPrefix("FFFFFFFF-FFFF-7"))
        #expect(UUID(at: Timestamp(milliseconds: .min), random: 1, 2).storedText.hasPrefix("00000000-0000-7"))
        // A record made with no id given gets one of its instant.
        let before = Timestamp.now().milliseconds
        let contact = Contact(name: "Amina")
        let after = Timestamp.now().milliseconds
        let madeAt = try #require(Int64(contact.id.storedText.replacingOccurrences(of: "-", with: "").prefix(12), radix: 16))
        #expect(madeAt >= before && madeAt <= after)
    }

    @Test func demoIdsFollowWhenEachRecordWasMade() throws {
        let given = try TemporaryStore()
        try DemoData(meetings: 200, for: given.store).populate(given.store)
        try given.store.read { db in
            for table in ["contact", "meeting", "grievance", "feedback"] {
                let rows = try Row.fetchAll(db, sql: "SELECT id, created_at FROM \(table) ORDER BY id")
                #expect(rows.count > 10)
                let made = try rows.map { row in
                    try #require(Timestamp(parsing: row["created_at"] as String)).milliseconds
                }
                #expect(made == made.sorted(), "\(table): ids in the order their records were made")
            }
        }
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
        #expect(Store.schemaVersion == 12)
    }

    /// The store's indexes: name and definition.
    static func indexes(_ store: Store) throws -> [String: String] {
        try store.read { db in
            var all: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL") {
                all[row["name"]] = row["sql"]
            }
            return all
        }
    }

    @Test func everyReadIndexIsOneTheStoreHasAndNoWriteReads() throws {
        let given = try TemporaryStore()
        let indexes = try Self.indexes(given.store)
        #expect(Store.readIndexes.isSubset(of: Set(indexes.keys)), "a read index was renamed")
        // What writes look records up by stays: ids, a meeting's attendees and follow-ups.
        for kept in ["follow_up_by_meeting", "provenance_of_record", "conflict_open"] {
            #expect(indexes[kept] != nil && !Store.readIndexes.contains(kept))
        }
    }

    @Test func aLargeLoadSetsTheReadIndexesAsideAndMakesThemAgain() throws {
        let given = try TemporaryStore()
        let before = try Self.indexes(given.store)
        var aside: [String: String] = [:]
        let summary = try given.store.inBulk(adding: 100_000) {
            let summary = try DemoData(meetings: 40, for: given.store).populate(given.store)
            aside = try Self.indexes(given.store)
            return summary
        }
        #expect(Set(aside.keys) == Set(before.keys).subtracting(Store.readIndexes), "set aside during the load")
        #expect(try Self.indexes(given.store) == before, "made again, as they were")
        #expect(try given.store.read { try Store.hasIndexesAside($0) } == false)
        #expect(try given.store.count(.meeting) == summary.meetings)
        #expect(try given.store.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") } == ["ok"])
    }

    @Test func aSmallLoadKeepsItsIndexes() {
        #expect(!Store.setsIndexesAside(adding: 1_999, holding: 0))
        #expect(Store.setsIndexesAside(adding: 2_000, holding: 0))
        #expect(!Store.setsIndexesAside(adding: 12_000, holding: 100_000))
        #expect(Store.setsIndexesAside(adding: 100_000, holding: 100_000))
    }

    @Test func aTransactionThatFailsBringsItsIndexesBackWithItAndLeavesTheFileAsItWas() throws {
        let given = try TemporaryStore()
        try given.store.save(Contact(name: "Amina"))
        given.store.checkpointQuietly()
        let files = ["", "-wal"].map { given.url.path + $0 }
        let bytes = files.map { FileManager.default.contents(atPath: $0) }
        struct Refused: Error {}
        _ = given.store.inBulk(adding: 100_000) {
            #expect(throws: Refused.self) {
                try given.store.batch { batch in
                    _ = try batch.insertAsGiven(Contact(name: "Halima"))
                    throw Refused()
                }
            }
        }
        #expect(files.map { FileManager.default.contents(atPath: $0) } == bytes)
        #expect(Set(try Self.indexes(given.store).keys).isSuperset(of: Store.readIndexes))
    }

    @Test func aLoadKilledMidwayLeavesItsIndexesToTheNextStart() throws {
        let given = try TemporaryStore()
        let before = try Self.indexes(given.store)
        let aside = before.count - Store.readIndexes.count
        // Another process's load, still running.
        let loader = Process()
        loader.executableURL = URL(fileURLWithPath: "/bin/sleep")
        loader.arguments = ["60"]
        try loader.run()
        func end() {
            if loader.isRunning { kill(loader.processIdentifier, SIGKILL) }
            loader.waitUntilExit()
        }
        defer { end() }
        try given.store.write { db in
            try Store.setReadIndexesAside(db)
            try db.execute(sql: "UPDATE suspended_index SET loader = ?", arguments: [Int(loader.processIdentifier)])
        }
        given.store.close()
        // While it runs, a start leaves the indexes to it.
        let meanwhile = try Store(at: given.url)
        #expect(try Self.indexes(meanwhile).count == aside)
        meanwhile.close()
        end()
        // Once it has ended, the next start makes them again.
        let reopened = try Store(at: given.url)
        defer { reopened.close() }
        #expect(try Self.indexes(reopened) == before)
        #expect(try reopened.read { try Store.hasIndexesAside($0) } == false)
    }

    /// A note of this process's own id, with no load running here, is a load that was
    /// killed in an earlier process of that id (a container gives every start the same).
    @Test func aNoteOfThisProcessWithNoLoadRunningIsMadeAgain() throws {
        let given = try TemporaryStore()
        let before = try Self.indexes(given.store)
        try given.store.write { try Store.setReadIndexesAside($0) }
        given.store.close()
        // A load this process runs on another store (another test's) changes nothing here.
        let elsewhere = given.folder.appendingPathComponent("other.sqlite.lock").path
        Store.countLoad(elsewhere, 1)
        defer { Store.countLoad(elsewhere, -1) }
        let reopened = try Store(at: given.url)
        defer { reopened.close() }
        #expect(try Self.indexes(reopened) == before)
    }

    /// Lists, searches and indicators read while the indexes are aside give the answers
    /// they give with them.
    @Test func readersGetTheSameAnswersWhileTheIndexesAreAside() throws {
        let given = try TemporaryStore()
        try DemoData(meetings: 60, for: given.store).populate(given.store)
        let store = given.store
        func answers() throws -> [String] {
            let contact = try #require(try store.records(Contact.self, RecordQuery(limit: 1)).first)
            return [
                "\(try store.records(Meeting.self, RecordQuery(limit: 20)).map(\.id))",
                "\(try store.records(Grievance.self, RecordQuery(limit: 20)).map(\.id))",
                "\(try store.records(Feedback.self, RecordQuery(limit: 20)).map(\.id))",
                "\(try store.records(Contact.self, RecordQuery(search: contact.name, limit: 20)).map(\.id))",
                "\(try store.indicators(asOf: day("2026-11-21")))",
            ]
        }
        let kept = try answers()
        try store.write { try Store.setReadIndexesAside($0) }
        #expect(try answers() == kept)
    }

    /// A batch looks up each linked record once: links to a record it found or wrote are
    /// taken without a query, and a link to a deleted record is still refused however
    /// often it comes.
    @Test func aBatchLooksUpEachLinkedRecordOnceAndStillRefusesDeletedOnes() throws {
        let given = try TemporaryStore()
        let kept = try given.store.save(Contact(name: "Amina"))
        let gone = try given.store.save(Contact(name: "Bashir"))
        try given.store.delete(.contact, id: gone.id)
        let lookups = Mutex(0)
        try given.store.write { db in
            db.trace { event in
                if "\(event)".hasPrefix("SELECT deleted_at IS NULL FROM contact") { lookups.withLock { $0 += 1 } }
            }
        }
        defer { _ = try? given.store.write { $0.trace(options: []) { _ in } } }
        let made = try given.store.batch { batch in
            let newcomer = try batch.save(Contact(name: "Chol"))
            for index in 0..<5 {
                try batch.save(Meeting(title: "Forum \(index)", start: start("2026-11-20T10:00:00+02:00"),
                                       attendees: [Attendee(contactId: kept.id), Attendee(contactId: newcomer.id)]))
                #expect(throws: StoreError.self) {
                    try batch.save(Meeting(title: "Late", start: start("2026-11-20T10:00:00+02:00"),
                                           attendees: [Attendee(contactId: gone.id)]))
                }
            }
            return newcomer
        }
        // One lookup for the contact kept, one for each try at the deleted one; none for
        // the contact the batch wrote.
        #expect(lookups.withLock { $0 } == 6)
        #expect(try given.store.records(Meeting.self, RecordQuery()).count == 5)
        #expect(try given.store.record(Contact.self, id: made.id) != nil)
    }

    /// A record a transaction deletes by its row is no longer taken as a live link.
    @Test func aRecordDeletedInTheTransactionIsNoLongerLive() throws {
        let given = try TemporaryStore()
        let contact = try given.store.save(Contact(name: "Amina"))
        let meeting = Meeting(title: "Forum", start: start("2026-11-20T10:00:00+02:00"),
                              attendees: [Attendee(contactId: contact.id)])
        try given.store.write { db in
            let held = HeldWrites()
            try meeting.checkLinks(LinkCheck(db: db, kept: [], known: held))
            #expect(held.knows(HeldWrites.Linked(kind: .contact, id: contact.id), live: true))
            let rowid = try #require(try Int64.fetchOne(db, sql: "SELECT rowid FROM contact WHERE id = ?",
                                                        arguments: [contact.id.uuidString]))
            try Store.markDeleted(db, .contact, id: contact.id, rowid: rowid, at: Timestamp(milliseconds: 1_795_262_400_000),
                                  held: held)
            #expect(!held.knows(HeldWrites.Linked(kind: .contact, id: contact.id), live: true))
            #expect(throws: StoreError.self) { try meeting.checkLinks(LinkCheck(db: db, kept: [], known: held)) }
            // A link the record already had may still name it.
            try meeting.checkLinks(LinkCheck(db: db, kept: [contact.id], known: held))
            try held.flush(db)
        }
    }

    /// An update never sets a record's id: with it in the SET list, SQLite looks through
    /// every table that links to the record, which is a scan of each while the indexes
    /// are aside.
    @Test func updatesNeverSetARecordsId() throws {
        let given = try TemporaryStore()
        let contact = try given.store.save(Contact(name: "Amina"))
        let meeting = try given.store.save(Meeting(title: "Forum", start: start("2026-11-20T10:00:00+02:00"),
                                                   attendees: [Attendee(contactId: contact.id)]))
        let statements = Mutex<[String]>([])
        try given.store.write { db in
            db.trace { event in statements.withLock { $0.append("\(event)") } }
        }
        _ = try given.store.edit(Contact.self, id: contact.id) { var c = $0; c.community = "Kadugli"; return c }
        _ = try given.store.edit(Meeting.self, id: meeting.id) { var m = $0; m.summary = "Water."; return m }
        try given.store.write { $0.trace(options: []) { _ in } }
        let updates = statements.withLock { $0 }.filter { $0.hasPrefix("UPDATE contact") || $0.hasPrefix("UPDATE meeting") }
        #expect(updates.count >= 2)
        for update in updates { #expect(!update.contains(" id = ?") && !update.contains("SET id = ?"), "\(update)") }
    }

    /// The note of indexes set aside is in the store file: what it says is made only when
    /// it is one statement that makes the index it names.
    @Test(arguments: [
        ("meeting_by_day", "CREATE INDEX meeting_by_day ON meeting(start_day); ATTACH '%@' AS evil; CREATE TABLE evil.t(x)"),
        ("evil", "CREATE INDEX evil ON meeting(title)"),
        ("meeting_by_day", "CREATE TABLE meeting_by_day (x)"),
    ])
    func aHandEditedNoteOfIndexesAsideIsDamageAndIsNeverRun(name: String, sql: String) throws {
        let given = try TemporaryStore()
        let evil = given.folder.appendingPathComponent("evil.sqlite")
        try given.store.write { db in
            try Store.setReadIndexesAside(db)
            try db.execute(sql: "DELETE FROM suspended_index")
            try db.execute(sql: "INSERT INTO suspended_index (name, sql, loader) VALUES (?, ?, 0)",
                           arguments: [name, sql.replacingOccurrences(of: "%@", with: evil.path)])
        }
        given.store.close()
        #expect(throws: StoreError.damaged(path: given.url.path, detail: "an index set aside is not one liaison makes")) {
            try Store(at: given.url).close()
        }
        #expect(!FileManager.default.fileExists(atPath: evil.path))
    }
}
