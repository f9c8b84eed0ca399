import Foundation
import GRDB
import Testing
@testable import LiaisonCore

/// What a damaged, tampered or foreign file does to the store: it is refused with the
/// "damaged store" sentence, never a trap, and never modified.
struct HostileStoreTests {
    /// Changes the store behind liaison's back, as a damaged disk or a hand edit would.
    private func tamper(_ given: TemporaryStore, _ sql: String) throws {
        try given.store.write { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try db.execute(sql: sql)
        }
    }

    private func isDamage(_ error: any Error) -> Bool {
        if case StoreError.damaged = error { return true }
        return false
    }

    // MARK: - Limits count bytes as well as characters

    @Test func oneCharacterCarryingAMillionCombiningMarksIsRefused() throws {
        let given = try TemporaryStore()
        let heavy = "a" + String(repeating: "\u{0301}", count: 100_000)
        #expect(heavy.count == 1, "one grapheme cluster")
        #expect(throws: ValidationError.self) { try given.store.save(Contact(name: heavy)) }
        let listed = String(repeating: "\u{0301}", count: 5_000)
        #expect(throws: ValidationError.self) { try given.store.save(Contact(name: "Amina", phones: ["1" + listed])) }
        // Two hundred Chinese characters are 600 bytes: a long name, still a name.
        let long = String(repeating: "张", count: 200)
        #expect(try given.store.save(Contact(name: long)).name == long)
    }

    @Test func aGrievanceMoveCarriesNoNoteLongerThanAnyField() throws {
        let given = try TemporaryStore()
        let saved = try given.store.save(Grievance(raisedOn: day("2026-11-20"), category: "other", description: "x"))
        let note = String(repeating: "n", count: FieldLimits.text + 1)
        #expect(throws: ValidationError.self) { try given.store.move(grievance: saved.id, .init(to: .acknowledged, note: note)) }
        #expect(throws: ValidationError.self) {
            try given.store.move(grievance: saved.id, .init(to: .rejected, reason: String(repeating: "r", count: 300_000)))
        }
        #expect(try given.store.record(Grievance.self, id: saved.id)?.history.count == 1, "nothing was moved")
    }

    @Test func aRecordWhoseJSONIsLongerThanABundleCarriesIsRefused() throws {
        let note = String(repeating: "\u{1}", count: 30_000) // JSON writes each as \u0001: six bytes
        var grievance = Grievance(raisedOn: day("2026-11-20"), category: "other", description: "x")
        grievance.history = (0..<100).map { _ in
            GrievanceEvent(at: Timestamp(TemporaryStore.noon), by: "A", from: .new, to: .acknowledged, note: note)
        }
        #expect { try Store.checkSize(grievance) } throws: { error in
            "\(error)".contains("more than the \(FieldLimits.recordBytes) a bundle can carry")
        }
        grievance.history.removeLast(50)
        #expect(throws: Never.self) { try Store.checkSize(grievance) }
    }

    /// The size check counts from the row a save has made: its bound is never below the
    /// JSON a bundle carries, for any record a store holds or any text at its worst.
    @Test func theSizeBoundIsNeverBelowTheRecordsJSON() throws {
        let given = try TemporaryStore()
        _ = try DemoData(meetings: 60, for: given.store).populate(given.store)
        let encoder = RecordJSON.encoder()
        var checked = 0
        func check<R: StoredRecord>(_ record: R) throws {
            let size = try encoder.encode(record).count
            #expect(Store.jsonSizeBound(record, columns: record.columns()) >= size, "\(R.kind) \(record.id)")
            checked += 1
        }
        try given.store.forEach(Contact.self, RecordQuery(includeDeleted: true)) { try check($0) }
        try given.store.forEach(Meeting.self, RecordQuery(includeDeleted: true)) { try check($0) }
        try given.store.forEach(Grievance.self, RecordQuery(includeDeleted: true)) { try check($0) }
        try given.store.forEach(Feedback.self, RecordQuery(includeDeleted: true)) { try check($0) }
        // Text at its worst: control characters, each written as six bytes, in every text,
        // lists of empty items, numbers at their longest.
        let worst = String(repeating: "\u{1}", count: 50)
        var contact = Contact(name: worst, localName: worst, phones: Array(repeating: "", count: 40),
                              handles: Array(repeating: worst, count: 5), notes: worst)
        contact.organisation = worst
        try check(contact)
        var meeting = Meeting(title: worst, start: start("2026-11-20T10:00:00+14:00"), durationMinutes: Int.max,
                              latitude: -0.000_000_123_456_789_012_3, longitude: -179.999_999_999_999_97,
                              languages: Array(repeating: "", count: 40),
                              attendees: (0..<30).map { _ in Attendee(contactId: UUID(), role: worst) },
                              headcount: Headcount(women: Int.min, men: Int.max, girls: Int.min, boys: Int.max),
                              summary: worst, followUps: (0..<20).map { _ in
                                  FollowUp(action: worst, owner: worst, due: day("2026-11-20"), doneOn: day("2026-11-21"))
                              })
        meeting.deletedAt = Timestamp(milliseconds: 1_795_262_400_123)
        try check(meeting)
        var grievance = Grievance(raisedOn: day("2026-11-20"), category: worst, description: worst)
        grievance.history = (0..<20).map { _ in
            GrievanceEvent(at: Timestamp(TemporaryStore.noon), by: worst, from: .new, to: .acknowledged, note: worst)
        }
        try check(grievance)
        #expect(checked > 100)
    }

    // MARK: - Edits at the same time

    @Test func editsOfOneRecordFromFiveHandlesAtOnceAllLand() throws {
        let given = try TemporaryStore()
        let contact = try given.store.save(Contact(name: "Amina Yusuf"))
        let handles = try (0..<5).map { _ in
            try Store(at: given.url, options: Store.Options(writerWait: .seconds(30),
                                                           deviceClock: .fixed(at: TemporaryStore.noon, timeZone: TemporaryStore.utc)))
        }
        defer { handles.forEach { $0.close() } }
        DispatchQueue.concurrentPerform(iterations: 5) { worker in
            for round in 0..<10 {
                _ = try? handles[worker].edit(Contact.self, id: contact.id) { stored in
                    var changed = stored
                    changed.phones.append("+211 \(worker) \(round)")
                    return changed
                }
            }
        }
        let phones = try #require(try given.store.record(Contact.self, id: contact.id)).phones
        #expect(phones.count == 50, "every edit landed: \(phones.count) of 50")
        #expect(Set(phones).count == 50)
    }

    // MARK: - Damaged stores are refused, never trapped on

    @Test func anOverflowingHeadcountIsDamageNotATrap() throws {
        let given = try TemporaryStore()
        try given.store.save(Meeting(title: "Forum", start: start("2026-11-20T10:00:00Z"), headcount: Headcount(women: 3, men: 4)))
        try tamper(given, "UPDATE meeting SET women = 9223372036854775807, men = 5")
        for attempt in [{ _ = try given.store.indicators() },
                        { _ = try given.store.records(Meeting.self, RecordQuery(limit: 10)) }] as [() throws -> Void] {
            #expect { try attempt() } throws: { isDamage($0) }
        }
        #expect(Headcount(women: Int.max, men: 5).total == Int.max, "the sum saturates rather than trapping")
    }

    @Test func overflowingProfileDaysAreDamageNotATrap() throws {
        let given = try TemporaryStore()
        try tamper(given, "UPDATE device_profile SET acknowledge_days = 9223372036854775807")
        #expect { try given.store.save(Grievance(raisedOn: day("2026-11-20"), category: "other", description: "x")) }
            throws: { isDamage($0) }
    }

    @Test func malformedDaysNullsAndFloatsAreDamage() throws {
        for sql in ["UPDATE grievance SET raised_on = '2026-13-45'", "UPDATE meeting SET start_utc = 'soon'",
                    "UPDATE meeting SET start_offset = 99999", "UPDATE meeting SET women = -5",
                    "UPDATE grievance SET status = 'lost'"] {
            let damaged = try TemporaryStore()
            try damaged.store.save(Grievance(raisedOn: day("2026-11-20"), category: "protection_concern", description: "x"))
            try damaged.store.save(Meeting(title: "Forum", start: start("2026-11-20T10:00:00Z"), earlyWarning: true,
                                           earlyWarningNote: "n"))
            try tamper(damaged, sql)
            #expect("\(sql)") {
                _ = try damaged.store.indicators()
                _ = try damaged.store.records(Meeting.self, RecordQuery(limit: 10))
                _ = try damaged.store.records(Grievance.self, RecordQuery(limit: 10))
            } throws: { isDamage($0) }
        }
    }

    @Test func aDroppedTableIsDamage() throws {
        let given = try TemporaryStore()
        try tamper(given, "DROP TABLE feedback_fts")
        #expect { try given.store.save(Feedback(receivedOn: day("2026-11-20"), types: ["question"], text: "x")) }
            throws: { isDamage($0) }
    }

    @Test func invalidUTF8InANameIsReadWithoutATrap() throws {
        let given = try TemporaryStore()
        let contact = try given.store.save(Contact(name: "Amina"))
        try tamper(given, "UPDATE contact SET name = CAST(x'41FF42E4B8' AS TEXT) WHERE id = '\(contact.id.uuidString)'")
        let read = try #require(try given.store.record(Contact.self, id: contact.id))
        #expect(read.name.hasPrefix("A"))
        #expect(read.name.unicodeScalars.contains("\u{FFFD}"), "the bad bytes are replaced, not trapped on")
    }

    @Test func corruptIndexPagesAreRefusedBeforeAnyWriteAndTheStoreIsLeftAsItWas() throws {
        let given = try TemporaryStore()
        for index in 0..<300 {
            try given.store.save(Contact(name: "Contact \(index)", community: "Place \(index % 7)"))
        }
        let page = try given.store.read { db -> Int in
            let size = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
            let root = try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contact' ORDER BY rootpage DESC LIMIT 1") ?? 2
            return (root - 1) * size
        }
        given.store.close()
        let handle = try FileHandle(forUpdating: given.url)
        try handle.seek(toOffset: UInt64(page + 8))
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 512))
        try handle.close()
        let before = try Data(contentsOf: given.url)

        var options = Store.Options(deviceClock: .fixed(at: TemporaryStore.noon, timeZone: TemporaryStore.utc))
        options.checkIntegrity = true
        #expect { try Store(at: given.url, options: options) } throws: { isDamage($0) }
        #expect(try Data(contentsOf: given.url) == before, "byte for byte as it was")

        // Reading commands open it read-only: whatever they meet, they write nothing.
        var reading = Store.Options(deviceClock: .fixed(at: TemporaryStore.noon, timeZone: TemporaryStore.utc))
        reading.readOnly = true
        if let store = try? Store(at: given.url, options: reading) {
            _ = try? store.records(Contact.self, RecordQuery(search: "Contact 12", limit: 10))
            _ = try? store.indicators()
            #expect(throws: (any Error).self) { try store.save(Contact(name: "Never written")) }
            store.close()
        }
        #expect(try Data(contentsOf: given.url) == before, "still byte for byte after reading")
    }

    // MARK: - Files that are not ours

    @Test func aLockFileThatIsASymbolicLinkIsNotFollowed() throws {
        let given = try TemporaryStore()
        given.store.close()
        let victim = given.folder.appendingPathComponent("victim.txt")
        try Data("precious".utf8).write(to: victim)
        try FileManager.default.removeItem(atPath: given.url.path + ".lock")
        try FileManager.default.createSymbolicLink(atPath: given.url.path + ".lock", withDestinationPath: victim.path)
        #expect(throws: StoreError.self) {
            let store = try Store(at: given.url)
            defer { store.close() }
            try store.save(Contact(name: "Amina"))
        }
        #expect(try String(contentsOf: victim, encoding: .utf8) == "precious")
    }

    @Test func devicesAndPipesAreNotStores() throws {
        #expect(throws: StoreError.notAStore(path: "/dev/null")) { try Store(at: URL(fileURLWithPath: "/dev/null")) }
        #expect(!FileManager.default.fileExists(atPath: "/dev/null.lock"))
        let given = try TemporaryStore(profile: false)
        let fifo = given.folder.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        #expect(throws: StoreError.notAStore(path: fifo.path)) { try Store(at: fifo) }
    }

    @Test func aStoreFromANewerVersionIsLeftByteForByte() throws {
        let given = try TemporaryStore()
        try given.store.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
        }
        given.store.close()
        let before = try Data(contentsOf: given.url)
        #expect(throws: StoreError.newerSchema(path: given.url.path)) { try Store(at: given.url) }
        #expect(try Data(contentsOf: given.url) == before)
    }

    // MARK: - Validation gaps

    @Test func dueDatesAndDoneDatesAreChecked() throws {
        let given = try TemporaryStore()
        #expect(throws: ValidationError.self) {
            try given.store.save(Grievance(raisedOn: day("2026-11-20"), category: "other", description: "x",
                                           acknowledgeBy: day("9999-12-31")))
        }
        #expect(throws: ValidationError.self) {
            try given.store.save(Grievance(raisedOn: day("2026-11-20"), category: "other", description: "x",
                                           resolveBy: day("2026-11-01")))
        }
        var saved = try given.store.save(Grievance(raisedOn: day("2026-11-01"), category: "other", description: "x"))
        saved.raisedOn = day("2026-11-20")
        #expect(throws: ValidationError.self, "due dates now before the day raised") { try given.store.save(saved) }
        #expect(throws: ValidationError.self) {
            try given.store.save(Meeting(title: "M", start: start("2026-11-20T10:00:00Z"),
                                         followUps: [FollowUp(action: "a", doneOn: day("0001-01-01"))]))
        }
    }

    @Test func aNewLinkToADeletedContactIsRefusedAnOldOneKept() throws {
        let given = try TemporaryStore()
        let amina = try given.store.save(Contact(name: "Amina"))
        let dawit = try given.store.save(Contact(name: "Dawit"))
        let meeting = try given.store.save(Meeting(title: "M", start: start("2026-11-20T10:00:00Z"),
                                                   attendees: [Attendee(contactId: amina.id)]))
        try given.store.delete(.contact, id: amina.id)
        try given.store.delete(.contact, id: dawit.id)
        var edited = meeting
        edited.summary = "Still editable with Amina among the attendees."
        #expect(try given.store.save(edited).attendees.count == 1)
        edited.attendees.append(Attendee(contactId: dawit.id))
        #expect(throws: StoreError.missingLink(field: "attendees", kind: .contact, id: dawit.id)) { try given.store.save(edited) }
        #expect(throws: StoreError.self) {
            try given.store.save(Feedback(receivedOn: day("2026-11-20"), contactId: dawit.id, types: ["question"], text: "x"))
        }
    }

    @Test func aReusedFollowUpIdIsAClashNotAnSQLiteError() throws {
        let given = try TemporaryStore()
        let shared = UUID()
        try given.store.save(Meeting(title: "A", start: start("2026-11-20T10:00:00Z"), followUps: [FollowUp(id: shared, action: "a")]))
        #expect { try given.store.save(Meeting(title: "B", start: start("2026-11-20T11:00:00Z"),
                                                followUps: [FollowUp(id: shared, action: "b")])) }
            throws: { error in
                guard case StoreError.clash = error else { return false }
                return (error as? StoreError)?.description.contains("clashes") == true
            }
    }

    @Test func aStoreThatLostItsRecordOfMigrationsIsDamagedNotMigratedAgain() throws {
        let given = try TemporaryStore()
        try given.store.write { try $0.execute(sql: "DROP TABLE grdb_migrations") }
        given.store.close()
        let before = try Data(contentsOf: given.url)
        #expect { try Store(at: given.url) } throws: { isDamage($0) }
        #expect(try Data(contentsOf: given.url) == before)
    }

    @Test func anOverflowingSequenceIsDamageNotAHangOrATrap() throws {
        let given = try TemporaryStore()
        try given.store.save(Grievance(raisedOn: day("2026-11-20"), category: "other", description: "x"))
        try tamper(given, "UPDATE grievance_sequence SET last_seq = 9223372036854775807")
        #expect { try given.store.save(Grievance(raisedOn: day("2026-11-20"), category: "other", description: "y")) }
            throws: { isDamage($0) }
        try tamper(given, "UPDATE device_profile SET prefix = 'a' || char(27)")
        #expect { try given.store.profile() } throws: { isDamage($0) }
    }

    @Test func aStoreReachedThroughALinkSharesTheOneWriterLock() throws {
        let given = try TemporaryStore()
        let link = given.folder.appendingPathComponent("elsewhere.sqlite")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: given.url.path)
        let linked = try Store(at: link, options: Store.Options(deviceClock: .fixed(at: TemporaryStore.noon,
                                                                                    timeZone: TemporaryStore.utc)))
        defer { linked.close() }
        try linked.save(Contact(name: "Through the link"))
        #expect(!FileManager.default.fileExists(atPath: link.path + ".lock"))
        #expect(FileManager.default.fileExists(atPath: given.url.path + ".lock"))
    }

    @Test func wildCoordinatesAndTargetsAreDamage() throws {
        let given = try TemporaryStore()
        try given.store.save(Meeting(title: "M", start: start("2026-11-20T10:00:00Z"), latitude: 9.5, longitude: 31.6))
        try tamper(given, "UPDATE meeting SET latitude = 1e308")
        #expect { try given.store.records(Meeting.self, RecordQuery(limit: 10)) } throws: { isDamage($0) }
        try tamper(given, "UPDATE meeting SET latitude = 9.5; UPDATE device_profile SET inclusion_target = 1e999")
        #expect { try given.store.profile() } throws: { isDamage($0) }
    }

    @Test func wildFeedbackScoresAreDamage() throws {
        let given = try TemporaryStore()
        try given.store.save(Feedback(receivedOn: day("2026-11-20"), types: ["question"], text: "x", trust: 3))
        try tamper(given, "UPDATE feedback SET trust = -9223372036854775808")
        #expect { try given.store.records(Feedback.self, RecordQuery(limit: 10)) } throws: { isDamage($0) }
        _ = try given.store.indicators() // the mean is wild, and the sparkline still draws
    }
}
