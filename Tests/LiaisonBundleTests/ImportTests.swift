import Foundation
import GRDB
@testable import LiaisonBundle
@testable import LiaisonCore
import LiaisonTestSupport
import Testing

/// A base: a store of its own, with its own keys, that trusts the fixture's device.
final class Base {
    let store: Store
    let keys: KeyRing
    let url: URL

    init(_ fixture: BundleFixture, name: String = "base", trusting: Bool = true,
         taxonomies: Taxonomies = .standard) throws {
        url = fixture.folder.appendingPathComponent("\(name)/liaison.sqlite")
        store = try Store(at: url, options: Store.Options(create: true, deviceClock: .starting(
            at: BundleFixture.start.addingTimeInterval(30 * 86_400), timeZone: BundleFixture.zone), taxonomies: taxonomies))
        try store.setProfile(DeviceProfile(officer: "Base Clerk", unit: "Kadugli base", prefix: "BAS"))
        keys = try KeyFolders(root: fixture.folder.appendingPathComponent("\(name)-data/keys")).ring(for: store)
        if trusting { try trust(fixture) }
    }

    func trust(_ fixture: BundleFixture) throws {
        let file = fixture.folder.appendingPathComponent("device-\(UUID().uuidString).pub")
        _ = try fixture.keys.exportDevicePublicKey(to: file, profile: try fixture.store.profile())
        _ = try keys.trust(file, officer: try #require(try fixture.store.profile()).officer)
    }

    deinit { store.close() }

    func importer(quarantine: URL? = nil, baseKey: URL? = nil) -> BundleImporter {
        BundleImporter(store: store, keys: keys, baseKey: baseKey, quarantine: quarantine, explain: { "\($0)" })
    }

    @discardableResult
    func take(_ bundles: URL...) -> [ImportResult] { importer().run(bundles) }

    func counts(_ result: ImportResult) -> ImportCounts? {
        if case .imported(let counts) = result.status { counts } else { nil }
    }
}

@Suite struct ImportTests {
    static let category = "assistance_request"

    /// A device's three bundles: everything, then an edit, a new grievance and a deletion,
    /// then a restored contact, a moved grievance and a meeting that links to the new one.
    struct Story {
        let fixture: BundleFixture
        var bundles: [URL] = []
        var grievance: UUID
        var meeting: UUID
        var deleted: UUID
    }

    static func story() throws -> Story {
        let fixture = try BundleFixture(meetings: 3)
        let store = fixture.store
        let meeting = try #require(try store.records(Meeting.self, RecordQuery(limit: 1)).first)
        let contact = try store.save(Contact(name: "Halima Idris", community: "Kadugli"))
        let gone = try store.save(Contact(name: "Deng Akol", community: "Kadugli"))
        var story = Story(fixture: fixture, grievance: UUID(), meeting: meeting.id, deleted: gone.id)
        story.bundles.append(try fixture.export(full: true).url)

        _ = try store.edit(Meeting.self, id: meeting.id) { var m = $0; m.summary = "Water first, then the school."; return m }
        let grievance = try store.save(Grievance(raisedOn: Day("2026-11-21")!, meetingId: meeting.id, contactId: contact.id,
                                                 category: category, description: "The pump at the market is broken."))
        story.grievance = grievance.id
        try store.delete(.contact, id: gone.id)
        let newcomer = try store.save(Contact(name: "Rose Ladu", community: "Kadugli"))
        story.bundles.append(try fixture.export().url)

        _ = try store.restore(Contact.self, id: gone.id)
        try store.move(grievance: grievance.id, .init(to: .acknowledged, note: "Told the water committee."))
        _ = try store.save(Meeting(title: "Pump follow-up", start: OffsetDateTime("2026-11-22T10:00:00+02:00")!,
                                   attendees: [Attendee(contactId: contact.id), Attendee(contactId: gone.id),
                                               Attendee(contactId: newcomer.id)]))
        story.bundles.append(try fixture.export().url)
        return story
    }

    @Test func aBundleLandsOnceAndSaysWhereItCameFrom() throws {
        let story = try Self.story()
        let base = try Base(story.fixture)
        let first = base.take(story.bundles[0])
        let counts = try #require(base.counts(first[0]))
        #expect(counts.new > 0 && counts.updated == 0 && counts.conflicts == 0)
        #expect(first[0].officer == "Amina Yusuf" && first[0].prefix == "KDL")
        let digest = try base.store.contentDigest()
        let backups = Store.backups(of: base.url).count
        #expect(backups == 1)

        // The same bundle again changes nothing, and takes no backup.
        #expect(base.take(story.bundles[0])[0].status == .alreadyImported)
        #expect(try base.store.contentDigest() == digest)
        #expect(Store.backups(of: base.url).count == backups)

        let from = try #require(try base.store.provenance(.meeting, id: story.meeting))
        #expect(from.officer == "Amina Yusuf" && from.prefix == "KDL" && from.sequence == 1)
        #expect(from.bundle == story.bundles[0].lastPathComponent)
        #expect(from.deviceId == (try story.fixture.store.profile())?.deviceId)

        // The next bundle deleted a contact and changed a meeting: counted apart.
        let second = try #require(base.counts(base.take(story.bundles[1])[0]))
        #expect(second.deleted == 1 && second.updated == 1 && second.new == 2, "\(second)")
    }

    /// A large import sets the read indexes aside and makes them again at the end; the
    /// store it leaves holds the same records as one that kept its indexes throughout.
    @Test func anImportThatSetsItsIndexesAsideEndsWithTheSameStore() throws {
        let story = try Self.story()
        let kept = try Base(story.fixture, name: "kept")
        for bundle in story.bundles { kept.take(bundle) }
        let aside = try Base(story.fixture, name: "aside")
        func indexNames(_ store: Store) throws -> [String] {
            try store.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name") }
        }
        func hasReadIndex() throws -> Bool { try indexNames(aside.store).contains("meeting_by_day") }
        var during: [Bool] = []
        let results = aside.store.inBulk(adding: 1_000_000) {
            aside.importer().run([story.bundles[2], story.bundles[0], story.bundles[1]]) { _ in
                during.append((try? hasReadIndex()) ?? true)
            }
        }
        #expect(results.allSatisfy { aside.counts($0) != nil }, "\(results.map(\.status))")
        #expect(during == [false, false, false], "set aside from the first bundle on")
        #expect(try hasReadIndex(), "made again at the end")
        #expect(try indexNames(aside.store) == indexNames(kept.store))
        #expect(try aside.store.contentDigest() == kept.store.contentDigest())
        #expect(try aside.store.count(.meeting, RecordQuery(search: "Pump")) == 1)
    }

    /// An import large against the store sets the read indexes aside by its own estimate,
    /// updates records while they are aside, and ends with them made again.
    @Test func aLargeImportSetsItsOwnIndexesAsideAndUpdatesRecordsMeanwhile() throws {
        let fixture = try BundleFixture(meetings: 900)
        let full = try fixture.export(full: true).url
        for meeting in try fixture.store.records(Meeting.self, RecordQuery(limit: 30)) {
            _ = try fixture.store.edit(Meeting.self, id: meeting.id) { var m = $0; m.summary = "Seen again."; return m }
        }
        for contact in try fixture.store.records(Contact.self, RecordQuery(limit: 30)) {
            _ = try fixture.store.edit(Contact.self, id: contact.id) { var c = $0; c.community = "Talodi"; return c }
        }
        let later = try fixture.export().url
        let base = try Base(fixture)
        let importer = base.importer()
        #expect(importer.expectedRecords(in: [full, later]) >= 2_000)
        func indexNames() throws -> [String] {
            try base.store.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name") }
        }
        let before = try indexNames()
        var aside: [Bool] = []
        let results = importer.run([full, later]) { _ in
            aside.append((try? !indexNames().contains("meeting_by_day")) ?? false)
        }
        #expect(aside == [true, true])
        #expect(try base.counts(#require(results.last))?.updated == 60)
        #expect(try indexNames() == before)
        #expect(try base.store.integrityReport() == ["ok"])
        let order = RecordQuery(limit: 100)
        #expect(try base.store.records(Meeting.self, order).map(\.id) == fixture.store.records(Meeting.self, order).map(\.id))
    }

    /// Verification keeps what it decoded, each record at its line.
    @Test func verificationKeepsEachRecordAtItsLine() throws {
        let fixture = try BundleFixture(meetings: 5)
        let bundle = try fixture.export(full: true).url
        let read = ReadRecords()
        _ = try BundleVerifier.verifyZip(bundle, name: bundle.lastPathComponent, sha256: "", sealed: false, keys: nil,
                                         allowUntrusted: true, limits: BundleVerifier.Limits(), keeping: read)
        let meetings = try fixture.store.records(Meeting.self, RecordQuery(limit: 100))
        var kept: [UUID] = []
        var line = 1
        while let meeting = read.record(.meeting, line: line) as? Meeting {
            kept.append(meeting.id)
            line += 1
        }
        #expect(kept.count == meetings.count)
        #expect(Set(kept) == Set(meetings.map(\.id)))
        // Each file's lines, whole, each as the record kept beside it reads.
        for kind in RecordKind.allCases {
            let lines = try #require(read.allLines(kind))
            if kind == .meeting { #expect(lines.count == meetings.count) }
            for (line, record) in lines {
                let decoded: any LiaisonCore.Record = switch kind {
                case .contact: try RecordJSON.decoder().decode(Contact.self, from: line)
                case .meeting: try RecordJSON.decoder().decode(Meeting.self, from: line)
                case .grievance: try RecordJSON.decoder().decode(Grievance.self, from: line)
                case .feedback: try RecordJSON.decoder().decode(Feedback.self, from: line)
                }
                #expect(decoded.id == record?.id)
            }
        }
    }

    @Test func theEstimateOfAnImportNeverOverflows() {
        #expect(BundleImporter.expectedRecords(sizes: [.max, .max, -1, 3_000], bound: 16 << 30) == Int((32 << 30) / 300) + 10)
        #expect(BundleImporter.expectedRecords(sizes: [], bound: 16 << 30) == 0)
        #expect(BundleImporter.expectedRecords(sizes: [.max], bound: .max) == Int(Int64.max / 300))
        #expect(BundleImporter.expectedRecords(sizes: [.max, .max], bound: .max) == Int(Int64.max / 300))
    }

    /// The merge takes each record as verification decoded it, up to a number a file; past
    /// it, lines are decoded again. Either way the store ends the same.
    @Test(arguments: [0, 1, 4_096])
    func recordsKeptFromVerificationOrDecodedAgainMergeTheSame(kept: Int) throws {
        let story = try Self.story()
        let plain = try Base(story.fixture, name: "plain")
        for bundle in story.bundles { plain.take(bundle) }
        let base = try Base(story.fixture, name: "kept-\(kept)")
        var importer = base.importer()
        importer.recordsKept = kept
        let results = importer.run(story.bundles)
        #expect(results.allSatisfy { base.counts($0) != nil }, "\(results.map(\.status))")
        #expect(try base.store.contentDigest() == plain.store.contentDigest())
    }

    @Test func everyOrderOfThreeBundlesGivesTheSameStore() throws {
        let story = try Self.story()
        let inOrder = try Base(story.fixture, name: "in-order")
        for bundle in story.bundles { inOrder.take(bundle) }
        let expected = try inOrder.store.contentDigest()
        #expect(try inOrder.store.missingBundles().isEmpty)
        // The story's end is there: the grievance acknowledged, the deleted contact back.
        #expect(try inOrder.store.record(Grievance.self, id: story.grievance)?.status == .acknowledged)
        #expect(try inOrder.store.record(Contact.self, id: story.deleted)?.isDeleted == false)

        let orders = [[0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
        for (number, order) in orders.enumerated() {
            let base = try Base(story.fixture, name: "order-\(number)")
            for index in order { base.take(story.bundles[index]) }
            #expect(try base.store.contentDigest() == expected, "order \(order)")
            #expect(try base.store.missingBundles().isEmpty, "order \(order)")
            #expect(try base.store.conflicts().isEmpty, "order \(order)")
            // Each record names the earliest bundle that carried its version.
            #expect(try base.store.provenance(.meeting, id: story.meeting)?.sequence
                        == inOrder.store.provenance(.meeting, id: story.meeting)?.sequence, "order \(order)")
        }
    }

    @Test func aGapIsReportedAndFilledAndWhatWaitedLands() throws {
        let story = try Self.story()
        let base = try Base(story.fixture)
        base.take(story.bundles[0])
        let third = base.take(story.bundles[2])[0]
        #expect(third.missing == [2...2])
        // The new meeting links to a contact the second bundle brings: it waits.
        #expect((base.counts(third)?.waiting ?? 0) > 0)
        #expect(try base.store.missingBundles().map(\.sequences) == [2...2])
        let second = base.take(story.bundles[1])[0]
        #expect((base.counts(second)?.filled ?? 0) > 0)
        #expect(second.missing.isEmpty)
        #expect(try base.store.missingBundles().isEmpty)
        #expect(try base.store.records(Meeting.self, RecordQuery(search: "Pump follow-up")).count == 1)
    }

    @Test func anotherBundleUnderASequenceAlreadyImportedIsRefusedAsEquivocation() throws {
        let fixture = try BundleFixture(meetings: 2)
        let first = try fixture.export(full: true).url
        // A copy of the device (the same id and key) that goes its own way.
        let twinURL = fixture.folder.appendingPathComponent("twin/liaison.sqlite")
        try FileManager.default.createDirectory(at: twinURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        try fixture.store.backup(to: twinURL)
        let twin = try Store(at: twinURL, options: Store.Options(deviceClock: .starting(at: BundleFixture.start, timeZone: BundleFixture.zone)))
        defer { twin.close() }
        _ = try fixture.store.save(Contact(name: "Halima Idris"))
        _ = try twin.save(Contact(name: "Someone Else"))
        let honest = try fixture.export().url
        let twinOut = fixture.folder.appendingPathComponent("twin-out")
        try FileManager.default.createDirectory(at: twinOut, withIntermediateDirectories: true)
        let forged = try BundleWriter.export(twin, ExportOptions(folder: twinOut, seal: false), keys: try fixture.keyFolders.ring(for: twin)).url
        #expect(forged.lastPathComponent == honest.lastPathComponent)

        let base = try Base(fixture)
        base.take(first, honest)
        let digest = try base.store.contentDigest()
        let result = base.take(forged)[0]
        guard case .refused(let reason) = result.status else {
            Issue.record("the forged bundle was taken")
            return
        }
        #expect(reason.contains("forged"))
        #expect(try base.store.contentDigest() == digest)
    }

    @Test func aBaseEditAgainstAFieldEditKeepsBothAndTheOfficerChooses() throws {
        let story = try Self.story()
        let base = try Base(story.fixture)
        base.take(story.bundles[0], story.bundles[1])
        // Base refers the grievance and corrects its place; the field acknowledges it
        // (bundle 3) and, later, corrects the place otherwise.
        try base.store.move(grievance: story.grievance, .init(to: .acknowledged, note: "Seen at base."))
        try base.store.move(grievance: story.grievance, .init(to: .referred, note: "To the water board.", referredTo: "Water board"))
        _ = try base.store.edit(Grievance.self, id: story.grievance) { var g = $0; g.place = "Market (east gate)"; return g }
        _ = try story.fixture.store.edit(Grievance.self, id: story.grievance) { var g = $0; g.place = "Market pump"; g.adm2 = "Kadugli town"; return g }
        let fourth = try story.fixture.export().url
        let third = base.take(story.bundles[2])
        #expect(base.counts(third[0]) != nil, "\(third[0].status)")
        let result = base.take(fourth)[0]
        #expect(base.counts(result)?.conflicts == 1, "\(result.status)")

        let grievance = try #require(try base.store.record(Grievance.self, id: story.grievance))
        // Only the field changed adm2: it is taken. Both changed the place: base's stays.
        #expect(grievance.adm2 == "Kadugli town")
        #expect(grievance.place == "Market (east gate)")
        // The moves of both, in time order; the status follows the latest.
        let notes = grievance.history.map(\.note)
        #expect(notes.contains("Told the water committee.") && notes.contains("To the water board."))
        #expect(grievance.history.map(\.at) == grievance.history.map(\.at).sorted())
        #expect(grievance.status == grievance.history.last?.to)

        let conflicts = try base.store.conflicts()
        #expect(conflicts.count == 1)
        let conflict = try #require(conflicts.first)
        #expect(conflict.fields == ["place"])
        let sides = try conflict.versions(Grievance.self)
        #expect(sides.base.place == "Market (east gate)" && sides.field?.place == "Market pump")

        #expect(throws: ConflictChoiceError.self) { try base.store.resolveConflict(conflict.id, choosing: [:]) }
        try base.store.resolveConflict(conflict.id, choosing: ["place": .field])
        #expect(try base.store.record(Grievance.self, id: story.grievance)?.place == "Market pump")
        #expect(try base.store.conflicts().isEmpty)
        let resolved = try #require(try base.store.conflicts(all: true).first)
        #expect(resolved.resolution == ["place": .field] && resolved.resolvedBy == "Base Clerk")
        #expect(try base.store.auditLog().contains { $0.action == .resolve && $0.fields == ["place"] })

        // A later edit in the field of another field lands over base's choice.
        _ = try story.fixture.store.edit(Grievance.self, id: story.grievance) { var g = $0; g.adm1 = "South Kordofan"; return g }
        base.take(try story.fixture.export().url)
        let later = try #require(try base.store.record(Grievance.self, id: story.grievance))
        #expect(later.adm1 == "South Kordofan" && later.place == "Market pump" && later.status == .referred)
        #expect(try base.store.conflicts().isEmpty)
    }

    @Test func aDeletionAgainstAnEditIsAConflictNeverASilentLoss() throws {
        let story = try Self.story()
        let base = try Base(story.fixture)
        base.take(story.bundles[0])
        // Base corrects the contact the field deletes in bundle 2.
        _ = try base.store.edit(Contact.self, id: story.deleted) { var c = $0; c.community = "Kadugli (north)"; return c }
        let result = base.take(story.bundles[1])[0]
        #expect(base.counts(result)?.conflicts == 1)
        #expect(try base.store.record(Contact.self, id: story.deleted)?.isDeleted == false)
        let conflict = try #require(try base.store.conflicts().first)
        #expect(conflict.fields == ["deleted_at"] && conflict.field == nil && conflict.fieldDeletedAt != nil)
        try base.store.resolveConflict(conflict.id, choosing: ["deleted_at": .field])
        #expect(try base.store.record(Contact.self, id: story.deleted)?.isDeleted == true)

        // Base deletes a meeting the field then changes: it stays deleted, as a conflict.
        let other = try Base(story.fixture, name: "other")
        other.take(story.bundles[0])
        try other.store.delete(.meeting, id: story.meeting)
        let changed = other.take(story.bundles[1])[0]
        #expect(other.counts(changed)?.conflicts == 1)
        #expect(try other.store.record(Meeting.self, id: story.meeting)?.isDeleted == true)
        let kept = try #require(try other.store.conflicts().first)
        #expect(kept.fields == ["deleted_at"])
        try other.store.resolveConflict(kept.id, choosing: ["deleted_at": .field])
        let back = try #require(try other.store.record(Meeting.self, id: story.meeting))
        #expect(!back.isDeleted && back.summary == "Water first, then the school.")
    }

    /// Each bundle is verified while the one before it merges: a refusal among them, early
    /// or late, touches none of the others, and results come in the order given.
    @Test func bundlesVerifiedAheadLandInTheOrderGivenWhateverIsRefusedBetween() throws {
        let story = try Self.story()
        // The second bundle with a byte changed in its middle, under its own name.
        let folder = story.fixture.folder.appendingPathComponent("damaged")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let damaged = folder.appendingPathComponent(story.bundles[1].lastPathComponent)
        var bytes = try Data(contentsOf: story.bundles[1])
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: damaged)
        let missing = story.fixture.folder.appendingPathComponent("missing.zip")
        let base = try Base(story.fixture, name: "ahead")
        let quarantine = story.fixture.folder.appendingPathComponent("ahead-quarantine")
        var heard: [String] = []
        let given = [missing, story.bundles[0], damaged, story.bundles[1], story.bundles[0], story.bundles[2], damaged]
        let results = base.importer(quarantine: quarantine).run(given) { heard.append($0.file) }
        func refused(_ result: ImportResult) -> Bool { if case .refused = result.status { true } else { false } }
        #expect(results.map(\.file) == given.map(\.lastPathComponent))
        #expect(heard == results.map(\.file))
        #expect(refused(results[0]) && refused(results[2]) && refused(results[6]))
        if case .refused(let reason) = results[2].status { #expect(!reason.contains("named as another"), "\(reason)") }
        #expect(base.counts(results[1]) != nil && base.counts(results[3]) != nil && base.counts(results[5]) != nil)
        #expect(results[4].status == .alreadyImported)
        #expect(results[2].quarantined != nil && results[6].quarantined != nil && results[2].quarantined != results[6].quarantined)
        // The same store as a base that took the good ones alone, one run each.
        let alone = try Base(story.fixture, name: "alone")
        for bundle in story.bundles { alone.take(bundle) }
        #expect(try base.store.contentDigest() == alone.store.contentDigest())
    }

    /// An import checks records against base's own lists as it verifies them, and the merge
    /// takes them as checked: a code base does not list is still refused, whether the
    /// record was kept from verification or read again, and whether verification checked
    /// it against base's lists or the merge did.
    @Test(arguments: [(4_096, true), (0, true), (4_096, false), (0, false)])
    func recordsAreHeldToBasesListsWhereverTheyAreChecked(kept: Int, atVerification: Bool) throws {
        let story = try Self.story()
        var files = EmbeddedResources.files
        let path = "taxonomies/grievance-categories.json"
        let text = try #require(files[path])
        var categories = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        categories.removeAll { $0["code"] as? String == Self.category }
        files[path] = String(decoding: try JSONSerialization.data(withJSONObject: categories), as: UTF8.self)
        let lists = try Taxonomies(files: files)
        #expect(lists != .standard)
        let base = try Base(story.fixture, taxonomies: lists)
        var importer = base.importer()
        importer.recordsKept = kept
        importer.checksAgainstBaseWhileVerifying = atVerification
        let results = importer.run(Array(story.bundles.prefix(2)))
        #expect(base.counts(results[0]) != nil)
        let digest = try base.store.contentDigest()
        guard case .refused(let reason) = results[1].status else {
            Issue.record("a grievance of a category base does not list was imported: \(results[1].status)")
            return
        }
        #expect(reason.contains("\"\(Self.category)\" is not known"), "\(reason)")
        #expect(try base.store.contentDigest() == digest)
        #expect(try base.store.record(Grievance.self, id: story.grievance) == nil)
    }

    @Test func aRefusedBundleLeavesTheStoreByteForByteAndIsQuarantined() throws {
        let fixture = try BundleFixture(meetings: 2)
        let bundle = try fixture.export(full: true).url
        let base = try Base(fixture, trusting: false)
        let files = ["", "-wal", "-shm"].map { base.url.path + $0 }
        let before = files.map { FileManager.default.contents(atPath: $0) }
        let quarantine = fixture.folder.appendingPathComponent("quarantine")
        let result = base.importer(quarantine: quarantine).run([bundle])[0]
        guard case .refused(let reason) = result.status else {
            Issue.record("an untrusted bundle was imported")
            return
        }
        #expect(reason.contains("not trusted") || reason.contains("trusted"))
        #expect(files.map { FileManager.default.contents(atPath: $0) } == before)
        #expect(Store.backups(of: base.url).isEmpty)
        let copied = try #require(result.quarantined)
        #expect(FileManager.default.contents(atPath: copied.path) == FileManager.default.contents(atPath: bundle.path))
        #expect(try String(contentsOfFile: copied.path + ".reason.txt", encoding: .utf8) == reason + "\n")
        // A second refusal of the same file is kept beside the first, not over it.
        let again = base.importer(quarantine: quarantine).run([bundle])[0]
        #expect(again.quarantined != nil && again.quarantined != copied)
    }

    @Test func aSealedBundleImportsWithTheBasesKeyAndARevokedKeyNoLonger() throws {
        let fixture = try BundleFixture(meetings: 2)
        let base = try Base(fixture)
        let pair = try KeyRing.makeBase(in: base.keys.folder, name: "Kadugli base")
        _ = try fixture.keys.setBase(from: pair.public)
        let sealed = try fixture.export(full: true, seal: true).url
        #expect(sealed.pathExtension == "sealed")
        // The base's key in its key folder opens it without --base-key.
        let result = base.take(sealed)[0]
        #expect((base.counts(result)?.new ?? 0) > 0)

        _ = try fixture.store.save(Contact(name: "Halima Idris"))
        let next = try fixture.export(seal: true).url
        let signer = try #require(base.keys.trusted().first).fingerprint
        _ = try base.keys.revoke(signer, reason: "laptop seized", now: base.store.now())
        let refused = base.take(next)[0]
        guard case .refused(let reason) = refused.status else {
            Issue.record("a bundle of a revoked key was imported")
            return
        }
        #expect(reason.contains("revoked"))
        // What came before stays, and still says who signed it.
        let meeting = try #require(try base.store.records(Meeting.self, RecordQuery(limit: 1)).first)
        #expect(try base.store.provenance(.meeting, id: meeting.id)?.signer == signer)
    }

    /// A key revoked while the bundle before is merged stops the next bundle, even when it
    /// was verified beside that merge; sealed bundles open beside each other, and a run
    /// leaves none of its private folders behind, imported, refused or already imported.
    @Test func aKeyRevokedMidwayStopsTheNextBundleAndNoFolderIsLeft() throws {
        let fixture = try BundleFixture(meetings: 2)
        let base = try Base(fixture)
        let pair = try KeyRing.makeBase(in: base.keys.folder, name: "Kadugli base")
        _ = try fixture.keys.setBase(from: pair.public)
        var bundles = [try fixture.export(full: true, seal: true).url]
        for name in ["Halima Idris", "Rose Ladu"] {
            _ = try fixture.store.save(Contact(name: name))
            bundles.append(try fixture.export(seal: true).url)
        }
        let signer = try #require(base.keys.trusted().first).fingerprint
        var importer = base.importer()
        importer.scratch = "liaison-importtest\(UUID().uuidString.prefix(8))"
        let results = importer.run([bundles[0], bundles[0], bundles[1], bundles[2]]) { result in
            if result.file == bundles[1].lastPathComponent {
                _ = try? base.keys.revoke(signer, reason: "laptop seized", now: base.store.now())
            }
        }
        #expect(base.counts(results[0]) != nil && base.counts(results[2]) != nil, "\(results.map(\.status))")
        #expect(results[1].status == .alreadyImported)
        guard case .refused(let reason) = results[3].status else {
            Issue.record("a bundle of a key revoked midway was imported")
            return
        }
        #expect(reason.contains("revoked"))
        let places = Set([memoryFolder(), FileManager.default.temporaryDirectory.path].compactMap { $0 })
        let left = places.flatMap { place in
            ((try? FileManager.default.contentsOfDirectory(atPath: place)) ?? []).filter { $0.hasPrefix(importer.scratch) }
        }
        #expect(left.isEmpty, "\(left)")
    }

    @Test func aDeviceChangesItsOwnRecordsOnlyNeverAnotherDevicesOrBases() throws {
        let first = try BundleFixture()
        let second = try BundleFixture()
        let theirs = try second.store.save(Contact(name: "Nyandeng Chol", community: "Bor"))
        let base = try Base(first)
        try base.trust(second)
        let own = try base.store.save(Contact(name: "Base Clerk's contact"))
        base.take(try second.export(full: true).url)

        // The first device writes records under the ids of the second's and of base's.
        _ = try first.store.save(Contact(id: theirs.id, name: "PWNED", community: "Bor"))
        let forged = try first.export(full: true).url
        let digest = try base.store.contentDigest()
        guard case .refused(let reason) = base.take(forged)[0].status else {
            Issue.record("a device changed another device's record")
            return
        }
        #expect(reason.contains("another device"))
        #expect(try base.store.contentDigest() == digest)
        #expect(try base.store.record(Contact.self, id: theirs.id)?.name == "Nyandeng Chol")

        let other = try BundleFixture()
        _ = try other.store.save(Contact(id: own.id, name: "PWNED"))
        try base.trust(other)
        let againstBase = base.take(try other.export(full: true).url)[0]
        if case .refused = againstBase.status {} else { Issue.record("a device changed base's own record") }
        #expect(try base.store.record(Contact.self, id: own.id)?.name == "Base Clerk's contact")
    }

    @Test func aBundleWhoseChainDoesNotHoldIsRefused() throws {
        let story = try Self.story()
        let key = try story.fixture.keys.deviceKey()
        let base = try Base(story.fixture)
        base.take(story.bundles[0])
        func altered(_ change: (String) -> String, as name: String) throws -> URL {
            var contents = try ZipContents(story.bundles[1])
            contents.files["bag-info.txt"] = Data(change(contents.text("bag-info.txt")).utf8)
            try contents.reseal(signingWith: key)
            let folder = story.fixture.folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let url = folder.appendingPathComponent(story.bundles[1].lastPathComponent)
            try contents.write(to: url)
            return url
        }
        // A sequence that does not follow the one it names before it.
        let jumped = try altered({ $0.replacingOccurrences(of: "Liaison-Previous-Sequence: 1", with: "Liaison-Previous-Sequence: 7") },
                                 as: "jumped")
        guard case .refused(let reason) = base.take(jumped)[0].status else {
            Issue.record("a broken chain was imported")
            return
        }
        #expect(reason.contains("chain"))
        // A bundle 2 that names another bundle 1 than the one base has.
        let forked = try altered({ text in
            text.split(separator: "\n").map { line in
                line.hasPrefix("Liaison-Previous-SHA256:") ? "Liaison-Previous-SHA256: " + String(repeating: "ab", count: 32) : String(line)
            }.joined(separator: "\n") + "\n"
        }, as: "forked")
        guard case .refused(let other) = base.take(forked)[0].status else {
            Issue.record("a fork of the chain was imported")
            return
        }
        #expect(other.contains("chain forks"))
        // A sequence past what a device numbers, which would overflow the one after it.
        let huge = try altered({ $0.replacingOccurrences(of: "Liaison-Sequence: 2", with: "Liaison-Sequence: \(Int.max)")
            .replacingOccurrences(of: "Liaison-Previous-Sequence: 1", with: "Liaison-Previous-Sequence: \(Int.max - 1)") },
                               as: "huge")
        if case .refused = base.take(huge)[0].status {} else { Issue.record("a sequence of Int.max was imported") }
        let hugePrevious = try altered({ $0.replacingOccurrences(of: "Liaison-Previous-Sequence: 1",
                                                                 with: "Liaison-Previous-Sequence: \(Int.max)") }, as: "huge-previous")
        if case .refused = base.take(hugePrevious)[0].status {} else { Issue.record("a previous sequence of Int.max was imported") }
        // The genuine bundle 2 still comes in.
        #expect(base.counts(base.take(story.bundles[1])[0]) != nil)
    }

    @Test func baseDoesNotSendOnTheRecordsItImported() throws {
        let fixture = try BundleFixture(meetings: 2)
        let base = try Base(fixture)
        base.take(try fixture.export(full: true).url)
        #expect(try base.store.changesSinceLastExport() == 0)
        _ = try base.store.save(Contact(name: "Base Clerk's contact"))
        #expect(try base.store.changesSinceLastExport() == 1)
        // Base's own bundle holds its own record only, so it verifies as base's.
        let out = fixture.folder.appendingPathComponent("base-out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try base.keys.makeDeviceKeyIfMissing()
        let bundle = try BundleWriter.export(base.store, ExportOptions(folder: out, full: true, seal: false), keys: base.keys)
        let report = try BundleVerifier.verify(bundle.url, allowUntrusted: true)
        #expect(report.counts[.contact] == 1 && report.counts[.meeting] == 0)
    }

    @Test func whatAKilledImportLeftBehindIsSweptAndNothingElse() throws {
        let temporary = FileManager.default.temporaryDirectory.path
        func folder(_ pid: Int32, files: [String]) throws -> String {
            let path = temporary + "/liaison-sweeptest-\(pid)-" + String(UUID().uuidString.prefix(6))
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            for file in files { try Data("zip".utf8).write(to: URL(fileURLWithPath: path + "/" + file)) }
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
            return path
        }
        // A process that cannot exist (past any pid), and this one, alive.
        let gone = try folder(Int32.max, files: ["bundle.zip"])
        let alive = try folder(getpid(), files: ["bundle.zip"])
        let foreign = try folder(Int32.max, files: ["notes.txt"])
        defer { for path in [gone, alive, foreign] { try? FileManager.default.removeItem(atPath: path) } }
        sweepStaleTemporaryFolders("liaison-sweeptest")
        #expect(!FileManager.default.fileExists(atPath: gone))
        #expect(FileManager.default.fileExists(atPath: alive + "/bundle.zip"))
        #expect(FileManager.default.fileExists(atPath: foreign + "/notes.txt"))
    }
}


/// A verification keeps each file's records and lines in line order, up to its capacity,
/// gives back only the record of the line asked for, and a file's lines only when it kept
/// them all.
@Test func readRecordsKeepLinesInOrderUpToTheirCapacity() {
    let read = ReadRecords(capacity: 2, bytes: 1_000)
    func line(_ size: Int) -> Data { Data(repeating: 0x61, count: size) }
    let first = Contact(name: "Amina")
    read.keep(first, .contact, number: 1, line: line(100))
    read.keep(nil, .contact, number: 2, line: line(100))
    read.keep(Contact(name: "Third"), .contact, number: 3, line: line(100))
    read.keep(Meeting(title: "Out of order", start: OffsetDateTime("2026-11-22T10:00:00+02:00")!), .meeting, number: 2,
              line: line(100))
    // Past the bytes it may keep, nothing more is kept.
    read.keep(Contact(name: "Too long"), .grievance, number: 1, line: line(801))
    #expect(read.record(.grievance, line: 1) == nil, "past the bytes")
    read.keep(Contact(name: "Fits"), .feedback, number: 1, line: line(800))
    #expect(read.record(.feedback, line: 1) != nil)
    #expect((read.record(.contact, line: 1) as? Contact)?.name == "Amina")
    #expect(read.record(.contact, line: 2) == nil, "a tombstone")
    #expect(read.record(.contact, line: 3) == nil, "past the capacity")
    #expect(read.record(.contact, line: 0) == nil && read.record(.contact, line: -1) == nil)
    #expect(read.record(.meeting, line: 2) == nil && read.record(.meeting, line: 1) == nil, "a line skipped")

    // A file's lines are given whole only when every one of them was kept.
    read.finished(.contact, lines: 3)
    read.finished(.feedback, lines: 1)
    read.finished(.grievance, lines: 1)
    #expect(read.allLines(.contact) == nil, "one line past the capacity")
    #expect(read.allLines(.grievance) == nil, "one line past the bytes")
    #expect(read.allLines(.meeting) == nil, "not finished")
    #expect(read.allLines(.feedback)?.map(\.line) == [line(800)])
}

/// Lines come out the same however the bytes are cut into chunks, and whatever index a
/// chunk (a slice) starts at.
@Test func linesAreTheSameHoweverTheBytesAreCut() throws {
    var random = SeededRandom(seed: 14)
    for _ in 0..<200 {
        let text = (0..<random.next(in: 0...60)).map { _ in random.pick(["a", "é", "\n", "{}", "\n\n", "ab"]) }.joined()
        let whole = Data(text.utf8)
        let expected = whole.split(separator: 0x0A, omittingEmptySubsequences: false).map { Data($0) }
        var splitter = LineSplitter()
        var lines: [Data] = []
        // A slice of a larger buffer, so that its indices do not start at zero.
        let padded = Data("xyz".utf8) + whole
        var start = padded.startIndex + 3
        while start < padded.endIndex {
            let end = min(padded.endIndex, start + random.next(in: 1...7))
            try splitter.feed(padded[start..<end]) { lines.append(Data($0)) }
            start = end
        }
        try splitter.finish { lines.append(Data($0)) }
        // The splitter gives no empty last line after a final newline.
        let trimmed = expected.last?.isEmpty == true ? Array(expected.dropLast()) : expected
        #expect(lines == trimmed, "\(text.debugDescription)")
    }
}
