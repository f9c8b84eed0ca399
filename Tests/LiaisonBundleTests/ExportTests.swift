import Crypto
import Foundation
import LiaisonTestSupport
import LiaisonBundle
import LiaisonCore
import Synchronization
import Testing

@Suite struct ExportTests {
    @Test func aFirstExportHoldsEveryRecordAndVerifies() throws {
        // Given a store with demo data
        let fixture = try BundleFixture(meetings: 30)
        let total = try fixture.store.changesSinceLastExport()

        // When it is exported
        let result = try fixture.export()

        // Then one private bundle is written, named by prefix, day and sequence, nothing else
        #expect(result.url.lastPathComponent == BagLayout.name(prefix: "KDL", day: fixture.store.now().utcDay, sequence: 1) + ".zip")
        #expect(try fixture.outputFiles() == [result.url.lastPathComponent])
        let mode = try FileManager.default.attributesOfItem(atPath: result.url.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(result.plan.total == total)
        #expect(try fixture.store.changesSinceLastExport() == 0)
        #expect(try fixture.store.lastExport()?.sha256 == result.sha256)

        // And it verifies, with the counts of the plan
        let report = try BundleVerifier.verify(result.url, keys: fixture.keys, allowUntrusted: true)
        #expect(report.counts == result.plan.counts)
        #expect(report.sha256 == result.sha256)
        #expect(report.info["Liaison-Sequence"] == "1")
        #expect(report.info["Liaison-Previous-SHA256"] == "none")
        #expect(report.info["Contact-Name"] == "Amina Yusuf")
        #expect(report.payloadFiles == BagLayout.payload.count)
        #expect(report.signer.trustedOfficer == nil)
    }

    @Test func anIncrementalExportHoldsOnlyTheChangesAndTheDeletions() throws {
        let fixture = try BundleFixture(meetings: 10)
        let first = try fixture.export()
        // A contact that leaves under its own name (not protected, and consent not declined).
        var contact = try #require(try fixture.store.records(Contact.self, RecordQuery()).first {
            $0.sensitivity != .protected && $0.consent != .declined && $0.consentScope != .deviceOnly
        })
        contact.notes = "Moved to the new market"
        try fixture.store.save(contact)
        let grievance = try #require(try fixture.store.records(Grievance.self, RecordQuery(limit: 1)).first)
        try fixture.store.delete(.grievance, id: grievance.id)

        let second = try fixture.export()

        #expect(second.plan.counts == [.contact: 1, .meeting: 0, .grievance: 1, .feedback: 0])
        let bag = try ZipContents(second.url)
        #expect(bag.text("data/records/contacts.jsonl").contains("Moved to the new market"))
        let tombstone = bag.text("data/records/grievances.jsonl")
        #expect(tombstone.contains(grievance.id.uuidString) && tombstone.contains("\"deleted_at\""))
        let report = try BundleVerifier.verify(second.url, allowUntrusted: true)
        #expect(report.info["Liaison-Sequence"] == "2")
        #expect(report.info["Liaison-Previous-Sequence"] == "1")
        // The chain runs over the previous bundle's signed tag manifest, not its file's bytes.
        let tagManifest = try ZipContents(first.url).files["tagmanifest-sha512.txt"] ?? Data()
        #expect(report.info["Liaison-Previous-SHA256"] == SHA256.hash(data: tagManifest).map { String(format: "%02x", $0) }.joined())
        #expect(report.info["Liaison-Export"] == "incremental")
    }

    @Test func withNothingChangedNoBundleIsWritten() throws {
        let fixture = try BundleFixture(meetings: 3)
        _ = try fixture.export()
        #expect(throws: ExportRefusal.self) { try fixture.export() }
        #expect(try fixture.outputFiles().count == 1)
        // A full export is always possible, and carries everything again.
        let full = try fixture.export(full: true)
        #expect(full.plan.total > 0 && full.plan.sequence == 2)
    }

    @Test func anEmptyStoreHasNothingToExport() throws {
        let fixture = try BundleFixture()
        #expect(throws: ExportRefusal.emptyStore) { try fixture.export() }
    }

    @Test func aClockSetBackDoesNotHideAChangeFromTheNextExport() throws {
        // Given a device whose clock is set back a year after an export
        let now = Mutex(BundleFixture.start)
        let fixture = try BundleFixture(clock: { now.withLock { $0 } })
        let contact = try fixture.store.save(Contact(name: "Hélène Dubois"))
        _ = try fixture.export()
        now.withLock { $0 = $0.addingTimeInterval(-365 * 86_400) }

        // When a contact is changed
        var edited = contact
        edited.notes = "Edited with the clock wrong"
        try fixture.store.save(edited)

        // Then the change is pending and goes out in the next bundle
        #expect(try fixture.store.changesSinceLastExport() == 1)
        let second = try fixture.export()
        #expect(second.plan.counts[.contact] == 1)
    }

    @Test func protectedContactsLeaveUnderTheirCodeNameOnly() throws {
        let fixture = try BundleFixture()
        let secret = try fixture.store.save(Contact(
            name: "Mariam Haddad", localName: "مريم حداد", codeName: "Falcon", phones: ["+249 912 000 111"],
            handles: ["@mariam.h"], sensitivity: .protected, notes: "Lives behind the mosque"))
        let other = try fixture.store.save(Contact(name: "王小明", phones: ["+249 999 000 222"]))
        _ = try fixture.store.save(Meeting(title: "Water committee", start: OffsetDateTime("2026-11-20T10:00:00+03:00")!,
                                           latitude: 11.01, longitude: 29.71,
                                           attendees: [Attendee(contactId: secret.id), Attendee(contactId: other.id)]))

        let result = try fixture.export()

        let everything = try ZipContents(result.url).allText
        for revealing in ["Mariam", "Haddad", "مريم", "912 000 111", "@mariam.h", "mosque"] {
            #expect(!everything.contains(revealing), "\(revealing) left the device")
        }
        #expect(everything.contains("Falcon"))
        #expect(everything.contains("王小明") && everything.contains("999 000 222"))
        #expect(result.protectedInClear == 0)
        #expect(try BundleVerifier.verify(result.url, allowUntrusted: true).info["Liaison-Protected-Contacts"] == "code-names-only")

        // Unless the officer says so, and says so again for a bundle that is not sealed.
        let before = try fixture.outputFiles()
        #expect(throws: BundleError.protectedNeedsSeal) { try fixture.export(full: true, includeProtected: true) }
        #expect(try fixture.outputFiles() == before, "nothing was written")
        let clear = try fixture.export(full: true, includeProtected: true, inClear: true)
        let revealed = try ZipContents(clear.url).allText
        #expect(revealed.contains("Mariam Haddad") && revealed.contains("912 000 111"))
        #expect(clear.protectedInClear == 1)
        #expect(try BundleVerifier.verify(clear.url, allowUntrusted: true).info["Liaison-Protected-Contacts"] == "included")
    }

    @Test func aFolderThatCannotBeWrittenLeavesNoBundleAndNoMark() throws {
        let fixture = try BundleFixture(meetings: 2)
        let pending = try fixture.store.changesSinceLastExport()
        let missing = fixture.folder.appendingPathComponent("no-such-stick")
        #expect(throws: BundleError.cannotWrite(path: missing.path, reason: Reason("core.errno.no_folder"))) {
            try fixture.export(into: missing)
        }
        let file = fixture.folder.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        #expect(throws: BundleError.self) { try fixture.export(into: file) }
        #expect(try fixture.store.lastExport() == nil)
        #expect(try fixture.store.changesSinceLastExport() == pending)
    }

    @Test func anInterruptedExportLeavesNothingBehind() throws {
        let fixture = try BundleFixture(meetings: 600)
        let pending = try fixture.store.changesSinceLastExport()
        let polls = Mutex(0)
        // Interrupted once the records are being written.
        #expect(throws: BundleError.interrupted) {
            try fixture.export(isCancelled: { polls.withLock { $0 += 1; return $0 > 1 } })
        }
        #expect(try fixture.outputFiles().isEmpty)
        #expect(try fixture.store.lastExport() == nil)
        #expect(try fixture.store.changesSinceLastExport() == pending)
        // And the next export starts from the same place.
        #expect(try fixture.export().plan.total == pending)
    }

    @Test func aStoreBeingWrittenByAnotherProcessIsReportedAndNothingIsWritten() throws {
        let fixture = try BundleFixture(meetings: 2)
        // Opened first: opening a store whose WAL is empty takes the writer lock too.
        let busy = try Store(at: fixture.store.url, options: Store.Options(writerWait: .milliseconds(200)))
        defer { busy.close() }
        // Then another process holds the writer lock.
        let lock = open(fixture.store.url.path + ".lock", O_RDWR | O_CREAT, 0o600)
        defer { close(lock) }
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = [fixture.store.url.path + ".lock", "sleep", "10"]
        try holder.run()
        defer { holder.terminate() }
        usleep(200_000)
        #expect(throws: StoreError.self) {
            try BundleWriter.export(busy, ExportOptions(folder: fixture.out), keys: fixture.keys)
        }
        #expect(try fixture.outputFiles().isEmpty)
        #expect(try busy.lastExport() == nil)
    }
}
