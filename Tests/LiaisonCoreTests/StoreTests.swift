import Foundation
import Synchronization
import GRDB
import Testing
@testable import LiaisonCore

struct StoreTests {
    @Test func aNewStoreIsPrivateToItsOwner() throws {
        let given = try TemporaryStore()
        let folder = try FileManager.default.attributesOfItem(atPath: given.folder.path)
        let file = try FileManager.default.attributesOfItem(atPath: given.url.path)
        #expect((folder[.posixPermissions] as? Int) == 0o700)
        #expect((file[.posixPermissions] as? Int) == 0o600)
    }

    @Test func closingLeavesNoWALToReplay() throws {
        let given = try TemporaryStore()
        try given.store.save(Contact(name: "Amina"))
        given.store.close()
        let wal = (try? FileManager.default.attributesOfItem(atPath: given.url.path + "-wal")[.size] as? Int) ?? 0
        #expect(wal == 0)
        let reopened = try Store(at: given.url)
        defer { reopened.close() }
        #expect(try reopened.count(.contact) == 1)
    }

    @Test func aMissingStoreIsNotCreatedUnlessAsked() {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("absent-\(UUID().uuidString).sqlite")
        #expect(throws: StoreError.missing(path: path.path)) { try Store(at: path) }
        #expect(!FileManager.default.fileExists(atPath: path.path))
    }

    @Test func aFileThatIsNotAStoreIsLeftUntouched() throws {
        let given = try TemporaryStore()
        let path = given.folder.appendingPathComponent("notes.txt")
        let bytes = Data("Meeting notes, not a database\n".utf8)
        try bytes.write(to: path)
        #expect(throws: StoreError.notAStore(path: path.path)) { try Store(at: path) }
        #expect(try Data(contentsOf: path) == bytes)
    }

    @Test func anotherProgramsSQLiteFileIsLeftUntouched() throws {
        let given = try TemporaryStore()
        let path = given.folder.appendingPathComponent("other.sqlite")
        let queue = try DatabaseQueue(path: path.path)
        try queue.write { try $0.execute(sql: "CREATE TABLE t (x); INSERT INTO t VALUES (1)") }
        try queue.close()
        let before = try Data(contentsOf: path)
        #expect(throws: StoreError.notAStore(path: path.path)) { try Store(at: path) }
        #expect(try Data(contentsOf: path) == before)
        #expect(!FileManager.default.fileExists(atPath: path.path + "-wal"))
    }

    @Test func aStoreFromANewerVersionIsRefused() throws {
        let given = try TemporaryStore()
        try given.store.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
        }
        given.store.close()
        #expect(throws: StoreError.newerSchema(path: given.url.path)) { try Store(at: given.url) }
    }

    @Test func anEmptyFileIsRefusedAndLeftEmpty() throws {
        let given = try TemporaryStore(profile: false)
        let path = given.folder.appendingPathComponent("empty.sqlite")
        #expect(FileManager.default.createFile(atPath: path.path, contents: Data()))
        #expect(throws: StoreError.notAStore(path: path.path)) { try Store(at: path, options: Store.Options(create: true)) }
        #expect(try FileManager.default.attributesOfItem(atPath: path.path)[.size] as? Int == 0)
        #expect(!FileManager.default.fileExists(atPath: path.path + ".lock"))
    }

    @Test func aNewStoreIsMadeWholeAndMigrated() throws {
        let given = try TemporaryStore(profile: false)
        let path = given.folder.appendingPathComponent("new/liaison.sqlite")
        let store = try Store(at: path, options: Store.Options(create: true))
        defer { store.close() }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: path.deletingLastPathComponent().path)
        #expect(!leftovers.contains { $0.hasPrefix(".") }, "no temporary file is left: \(leftovers)")
        let tables = try store.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
        #expect(tables.contains("grievance_event"))
        #expect(try store.read { try Int.fetchOne($0, sql: "PRAGMA application_id") } == Int(Store.applicationID))
        #expect(try store.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
        #expect(try store.write { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2, "the writer is FULL")
    }

    @Test func theProfileIsSetOnceUnlessReplaced() throws {
        let given = try TemporaryStore()
        let first = try #require(try given.store.profile())
        #expect(throws: StoreError.alreadyInitialized(officer: "Amina Yusuf", prefix: "KDL")) {
            try given.store.setProfile(DeviceProfile(officer: "B", unit: "C", prefix: "XYZ"))
        }
        let replaced = try given.store.setProfile(DeviceProfile(officer: "B", unit: "C", prefix: "XYZ"), replace: true)
        #expect(replaced.deviceId == first.deviceId)
        #expect(try given.store.profile()?.prefix == "XYZ")
    }

    @Test func writingNeedsAProfile() throws {
        let given = try TemporaryStore(profile: false)
        #expect(throws: StoreError.notInitialized) { try given.store.save(Contact(name: "Amina")) }
    }

    @Test func savingStampsTheRecordAndReadsItBack() throws {
        let given = try TemporaryStore()
        let contact = Contact(name: "Amina al-Hassan", localName: "أمينة الحسن", role: "womens_group",
                              phones: ["+211 912 345 678"], languages: ["ar", "en"], gender: .female,
                              consent: .given, consentDate: day("2026-11-01"), consentScope: .deviceOnly)
        let saved = try given.store.save(contact)
        #expect(saved.createdAt.description == "2026-11-21T12:00:00.000Z")
        #expect(saved.deviceId == (try given.store.profile())?.deviceId)
        let read = try #require(try given.store.record(Contact.self, id: contact.id))
        #expect(read == saved)
    }

    @Test func aMeetingKeepsItsAttendeesAndFollowUps() throws {
        let given = try TemporaryStore()
        let a = try given.store.save(Contact(name: "Abebe Bekele", localName: "አበበ በቀለ"))
        let b = try given.store.save(Contact(name: "Wang Xiaoming", localName: "王小明"))
        var meeting = Meeting(title: "Water forum", start: start("2026-11-20T10:00:00+03:00"),
                              attendees: [Attendee(contactId: a.id, role: "chair"), Attendee(contactId: b.id)],
                              headcount: Headcount(women: 12, men: 9, girls: 2, boys: 1),
                              followUps: [FollowUp(action: "Call the county office", owner: "Amina", due: day("2026-11-25"))])
        meeting = try given.store.save(meeting)
        #expect(try given.store.record(Meeting.self, id: meeting.id) == meeting)
        meeting.attendees.removeFirst()
        meeting.followUps[0].doneOn = day("2026-11-21")
        let edited = try given.store.save(meeting)
        #expect(try given.store.record(Meeting.self, id: meeting.id)?.attendees == [Attendee(contactId: b.id)])
        #expect(edited.followUps[0].isDone)
    }

    @Test func linksToRecordsNotInTheStoreAreRefused() throws {
        let given = try TemporaryStore()
        let ghost = UUID()
        let meeting = Meeting(title: "Forum", start: start("2026-11-20T10:00:00Z"), attendees: [Attendee(contactId: ghost)])
        #expect(throws: StoreError.missingLink(field: "attendees", kind: .contact, id: ghost)) { try given.store.save(meeting) }
        #expect(try given.store.count(.meeting) == 0, "nothing of the refused save is kept")
    }

    @Test func grievanceReferencesFollowTheDeviceSequenceAndNeverRepeat() throws {
        let given = try TemporaryStore()
        var references: [String] = []
        for _ in 0..<3 {
            let saved = try given.store.save(Grievance(raisedOn: day("2026-11-20"), category: "other", description: "x"))
            references.append(saved.reference)
        }
        #expect(references == ["KDL-2026-0001", "KDL-2026-0002", "KDL-2026-0003"])
        let first = try given.store.lookup("kdl-2026-0001")
        guard case .grievance(let grievance) = first else { Issue.record("not found"); return }
        try given.store.delete(.grievance, id: grievance.id)
        let next = try given.store.save(Grievance(raisedOn: day("2026-11-21"), category: "other", description: "y"))
        #expect(next.reference == "KDL-2026-0004", "a deleted grievance's reference is not given again")
        let older = try given.store.save(Grievance(raisedOn: day("2025-12-30"), category: "other", description: "z"))
        #expect(older.reference == "KDL-2025-0001")
    }

    @Test func aNewGrievanceStartsItsHistoryAndDueDates() throws {
        let given = try TemporaryStore()
        let saved = try given.store.save(Grievance(raisedOn: day("2026-11-20"), category: "protection_concern",
                                                   description: "Threats near the well"))
        #expect(saved.status == .new)
        #expect(saved.acknowledgeBy == day("2026-11-22"))
        #expect(saved.resolveBy == day("2026-12-20"))
        #expect(saved.history.map(\.to) == [.new])
        #expect(saved.history.first?.by == "Amina Yusuf")
    }

    @Test func grievanceMovesAreStoredAndTheHistoryIsAppendOnly() throws {
        let given = try TemporaryStore()
        let saved = try given.store.save(Grievance(raisedOn: day("2026-11-20"), category: "other", description: "x"))
        try given.store.move(grievance: saved.id, .init(to: .acknowledged, note: "Called back"))
        try given.store.move(grievance: saved.id, .init(to: .inProgress))
        #expect(throws: WorkflowError.notAllowed(from: .inProgress, to: .closed)) {
            try given.store.move(grievance: saved.id, .init(to: .closed, resolution: "x"))
        }
        let read = try #require(try given.store.record(Grievance.self, id: saved.id))
        #expect(read.history.map(\.to) == [.new, .acknowledged, .inProgress])
        #expect(read.history[1].note == "Called back")
        #expect(throws: StoreError.clash("the grievance history is append-only")) {
            try given.store.write { try $0.execute(sql: "UPDATE grievance_event SET note = 'rewritten'") }
        }
        #expect(throws: StoreError.clash("the grievance history is append-only")) {
            try given.store.write { try $0.execute(sql: "DELETE FROM grievance_event") }
        }
    }

    @Test func anEditCannotChangeAGrievancesStatus() throws {
        let given = try TemporaryStore()
        var saved = try given.store.save(Grievance(raisedOn: day("2026-11-20"), category: "other", description: "x"))
        saved.status = .closed
        saved.resolution = "Done"
        #expect(throws: StoreError.statusChangeNeedsMove) { try given.store.save(saved) }
        saved.status = .new
        saved.description = "Edited description"
        saved.history = []
        let edited = try given.store.save(saved)
        #expect(edited.history.count == 1, "an edit keeps the history")
    }

    @Test func deletedAndChangedTextIsOverwrittenNotLeftInFreePages() throws {
        let given = try TemporaryStore()
        #expect(try given.store.read { try Int.fetchOne($0, sql: "PRAGMA secure_delete") } == 1)
        #expect(try given.store.write { try Int.fetchOne($0, sql: "PRAGMA secure_delete") } == 1)
    }

    @Test func deletesAreTombstonesThatCanBeUndone() throws {
        let given = try TemporaryStore()
        let contact = try given.store.save(Contact(name: "Olena Kovalenko", localName: "Олена Коваленко"))
        try given.store.delete(.contact, id: contact.id)
        #expect(try given.store.count(.contact) == 0)
        #expect(try given.store.count(.contact, RecordQuery(includeDeleted: true)) == 1)
        #expect(try given.store.count(.contact, RecordQuery(search: "олена")) == 0, "deleted records leave the index")
        let stored = try #require(try given.store.record(Contact.self, id: contact.id))
        #expect(stored.deletedAt != nil)
        #expect(throws: StoreError.deleted(.contact, contact.id)) { try given.store.save(contact) }
        _ = try given.store.restore(Contact.self, id: contact.id)
        #expect(try given.store.count(.contact, RecordQuery(search: "олена")) == 1)
    }

    @Test func aSecondWriterWaitsThenSaysWhoHoldsTheStore() throws {
        let given = try TemporaryStore()
        let second = try Store(at: given.url, options: Store.Options(writerWait: .milliseconds(200)))
        defer { second.close() }
        try given.store.lock.withLock { () throws -> Void in
            #expect(throws: StoreError.busy(path: given.url.path, holder: "pid \(getpid()) (\(ProcessInfo.processInfo.processName))")) {
                try second.save(Contact(name: "Blocked"))
            }
            #expect(try second.count(.contact) == 0, "readers are not blocked")
        }
        try second.save(Contact(name: "After"))
        #expect(try given.store.count(.contact) == 1)
    }

    /// Five officers' commands started at once met a store that one of them was reopening
    /// (SQLite rebuilds the WAL index then and says busy); the first read-only look at the
    /// file must wait for that, as a writer waits, rather than refuse.
    @Test func openingWaitsWhileAnotherConnectionBrieflyHoldsTheFile() throws {
        let given = try TemporaryStore()
        try given.store.save(Contact(name: "Amina"))
        given.store.close()
        var configuration = Configuration()
        configuration.prepareDatabase { try $0.execute(sql: "PRAGMA locking_mode = EXCLUSIVE") }
        let holder = try DatabaseQueue(path: given.url.path, configuration: configuration)
        // In exclusive locking mode, a read takes the file's lock and keeps it until closed.
        #expect(try holder.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM contact") } == 1)
        #expect(throws: StoreError.self, "the lock holds") {
            try Store(at: given.url, options: Store.Options(writerWait: .milliseconds(50))).close()
        }
        let released = Thread { Thread.sleep(forTimeInterval: 0.3); try? holder.close() }
        released.start()
        let reopened = try Store(at: given.url, options: Store.Options(writerWait: .seconds(10)))
        defer { reopened.close() }
        #expect(try reopened.count(.contact) == 1)
    }

    /// An edit that changes no field saves nothing: the record keeps its version, so no new
    /// version travels to base, and the audit log gains no line without fields.
    @Test func anEditThatChangesNothingSavesNothing() throws {
        let instant = Mutex(TemporaryStore.noon)
        let given = try TemporaryStore(clock: DeviceClock(now: { instant.withLock { $0 } }, timeZone: TemporaryStore.utc))
        let contact = try given.store.save(Contact(name: "Amina", community: "Kadugli"))
        let entries = try given.store.auditLog().count
        instant.withLock { $0 = $0.addingTimeInterval(60) }
        let same = try given.store.edit(Contact.self, id: contact.id) { $0 }
        #expect(same == contact)
        #expect(try given.store.record(Contact.self, id: contact.id)?.updatedAt == contact.updatedAt)
        #expect(try given.store.auditLog().count == entries)
        // So does a form saved as it was opened.
        #expect(try given.store.save(contact, expecting: contact.updatedAt) == contact)
        #expect(try given.store.record(Contact.self, id: contact.id)?.updatedAt == contact.updatedAt)
        #expect(try given.store.auditLog().count == entries)
        // A real change still lands, stamped and audited.
        let moved = try given.store.edit(Contact.self, id: contact.id) { var c = $0; c.community = "Abyei"; return c }
        #expect(moved.community == "Abyei" && moved.updatedAt > contact.updatedAt)
        #expect(try given.store.auditLog().count == entries + 1)
        // A protected contact comes back only under a code name no other one uses.
        let falcon = try given.store.save(Contact(name: "Halima Idris", codeName: "Falcon", sensitivity: .protected))
        try given.store.delete(.contact, id: falcon.id)
        let other = try given.store.save(Contact(name: "Rose Ladu", codeName: "falcon", sensitivity: .protected))
        #expect(throws: ValidationError.self) { try given.store.restore(Contact.self, id: falcon.id) }
        try given.store.delete(.contact, id: other.id)
        #expect(try given.store.restore(Contact.self, id: falcon.id).isDeleted == false)
        // A deleted record is still refused, changed or not.
        try given.store.delete(.contact, id: contact.id)
        #expect(throws: StoreError.deleted(.contact, contact.id)) { try given.store.edit(Contact.self, id: contact.id) { $0 } }
    }

    @Test func lookupFindsIdsTheirStartsAndEndsAndReferences() throws {
        let given = try TemporaryStore()
        let contact = try given.store.save(Contact(name: "Amina"))
        #expect(try given.store.lookup(contact.id.uuidString.lowercased()) == .contact(contact))
        #expect(try given.store.lookup(String(contact.id.uuidString.prefix(8))) == .contact(contact))
        #expect(try given.store.lookup(contact.id.shortText) == .contact(contact))
        #expect(try given.store.lookup(contact.id.shortText.uppercased()) == .contact(contact))
        #expect(throws: StoreError.notFound("ZZZ")) { try given.store.lookup("ZZZ") }
        // Too little to look for says how much to give.
        let short = String(contact.id.shortText.prefix(7))
        #expect(throws: StoreError.notFound(short)) { try given.store.lookup(short) }
        #expect(StoreError.notFound(short).description.contains("give the last 8"))
        #expect(StoreError.notFound("").description.hasPrefix("Give the id of a record"))
        #expect(StoreError.notFound("ZZZ").description == "Nothing in the store has the id or reference ZZZ.")

        // Records made in the same minute share the start of their time-ordered ids, and
        // are told apart by the end that lists show.
        let instant = Timestamp(milliseconds: 1_795_248_000_000)
        let ids = [UUID(at: instant, random: 1, 0x1111_2222_3333_4444), UUID(at: instant, random: 2, 0x5555_6666_7777_8888)]
        let meetings = try ids.map { try given.store.save(Meeting(id: $0, title: "Water committee", start: given.store.localNow())) }
        #expect(ids[0].shortText == "22221111" && ids[1].shortText == "66665555")
        #expect(throws: StoreError.ambiguous(String(ids[0].uuidString.prefix(8)), matches: 2)) {
            try given.store.lookup(String(ids[0].uuidString.prefix(8)))
        }
        // All that match are counted, however many.
        let more = try (0..<5).map { index in
            try given.store.save(Meeting(id: UUID(at: instant, random: UInt64(index), UInt64(index)), title: "Forum",
                                         start: given.store.localNow()))
        }
        #expect(more.count == 5)
        #expect(throws: StoreError.ambiguous(String(ids[0].uuidString.prefix(13)), matches: 7)) {
            try given.store.lookup(String(ids[0].uuidString.prefix(13)))
        }
        for (id, meeting) in zip(ids, meetings) {
            #expect(try given.store.lookup(id.shortText) == .meeting(meeting))
            #expect(try given.store.lookup(String(id.uuidString.suffix(12))) == .meeting(meeting))
        }
    }
}

struct DamagedStoreTests {
    @Test func aValueTheStoreCannotReadIsReportedAsDamageWithThePath() throws {
        let given = try TemporaryStore()
        let contact = try given.store.save(Contact(name: "Amina"))
        try given.store.write { try $0.execute(sql: "UPDATE contact SET gender = 'robot'") }
        #expect(throws: StoreError.damaged(path: given.url.path,
                                           detail: "column gender holds “robot”, which it cannot read")) {
            try given.store.record(Contact.self, id: contact.id)
        }
    }
}
