import Crypto
import Foundation
import LiaisonBundle
import LiaisonCore
import LiaisonTestSupport
import Testing

/// What leaves the device of people at risk, and of those who did not consent.
struct ProtectionTests {
    static let planted = "Qzxwvplanted"
    static let passphrase = "correct horse battery"
    static let category = "assistance_request"

    /// A fixture whose device has a vault, unlocked, with a protected contact that came to a
    /// meeting whose summary names them, a grievance they raised, and their deleted neighbour.
    struct Scene {
        let fixture: BundleFixture
        let vault: VaultKeys
        let protected: Contact
        let declined: Contact
        let deviceOnly: Contact
    }

    func scene() throws -> Scene {
        let fixture = try BundleFixture()
        _ = try fixture.keys.deviceKey()
        let vault = try fixture.keys.createVault(passphrase: Self.passphrase, now: fixture.store.now())
        try fixture.store.useVault(vault)
        let store = fixture.store
        let protected = try store.save(Contact(name: "Amal \(Self.planted)", localName: "أمل", codeName: "Rose",
                                               phones: ["+211 912 345 678"], handles: ["signal: amal.p"],
                                               sensitivity: .protected, notes: "Lives behind the mosque"))
        let declined = try store.save(Contact(name: "Tariq Declined", organisation: "Women's union", community: "Hajar Jamus",
                                              phones: ["+249 111 222 333"], consent: .declined, consentDate: Day("2026-11-01")))
        let deviceOnly = try store.save(Contact(name: "Nour Deviceonly", phones: ["+249 444 555 666"], consent: .given,
                                                consentDate: Day("2026-11-01"), consentScope: .deviceOnly))
        let neighbour = try store.save(Contact(name: "Hawa Neighbour"))
        let meeting = try store.save(Meeting(
            title: "Water with Amal", kind: "community_forum", start: OffsetDateTime("2026-11-20T10:00:00+02:00")!,
            place: "Kadugli",
            attendees: [Attendee(contactId: protected.id), Attendee(contactId: declined.id), Attendee(contactId: neighbour.id)],
            summary: "Amal \(Self.planted) said the pump broke; call +211 912 345 678. Tariq Declined agreed."))
        _ = try store.save(Grievance(raisedOn: Day("2026-11-20")!, meetingId: meeting.id, contactId: protected.id,
                                     category: Self.category, description: "Raised by Amal about the pump."))
        try store.delete(.contact, id: neighbour.id)
        return Scene(fixture: fixture, vault: vault, protected: protected, declined: declined, deviceOnly: deviceOnly)
    }

    @Test func aProtectedNameIsInNoBundleFullOrIncrementalAndItsLinksUseAPseudonym() throws {
        let scene = try scene()
        let first = try scene.fixture.export(full: true)
        var contact = try #require(try scene.fixture.store.record(Contact.self, id: scene.protected.id))
        contact.notes = "Moved to the market"
        try scene.fixture.store.save(contact)
        let second = try scene.fixture.export()
        for result in [first, second] {
            let bag = try ZipContents(result.url)
            for (path, data) in bag.files {
                for needle in [Self.planted, "912 345 678", "911234567", "amal.p", "Lives behind", "Moved to the market", "أمل"] {
                    #expect(data.range(of: Data(needle.utf8)) == nil, "\(needle) in \(path)")
                }
                #expect(data.range(of: Data(scene.protected.id.uuidString.utf8)) == nil, "the id in \(path)")
                #expect(data.range(of: Data(scene.protected.id.uuidString.lowercased().utf8)) == nil, "the id in \(path)")
                #expect(data.range(of: Data("\"protected\"".utf8)) == nil, "protected spelt out in \(path)")
            }
            #expect(try BundleVerifier.verify(result.url, allowUntrusted: true).counts[.contact] ?? 0 > 0)
        }
        // Free text names the code name instead, and the grievance links to the pseudonym.
        let bag = try ZipContents(first.url)
        #expect(bag.text("data/records/meetings.jsonl").contains("Rose said the pump broke; call Rose."))
        #expect(bag.text("data/records/grievances.jsonl").contains("Raised by Rose about the pump."))
        #expect(bag.text("data/meetings.ics").contains("CN=Rose"))
    }

    @Test func pseudonymsAreStableAcrossBundlesAndNotTheId() throws {
        let scene = try scene()
        func pseudonym(_ result: ExportResult) throws -> String? {
            let lines = try ZipContents(result.url).text("data/records/contacts.jsonl").split(separator: "\n")
            let rose = lines.first { $0.contains("\"name\":\"Rose\"") }
            return rose.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }?["id"] as? String
        }
        let first = try #require(try pseudonym(scene.fixture.export(full: true)))
        let second = try #require(try pseudonym(scene.fixture.export(full: true)))
        #expect(first == second && first != scene.protected.id.uuidString)
        let meetings = try ZipContents(try scene.fixture.export(full: true).url).text("data/records/meetings.jsonl")
        #expect(meetings.contains(first), "the attendee is the pseudonym")
    }

    @Test func contactsWhoDeclinedOrKeepToTheDeviceLeaveNoNameOrPhone() throws {
        let scene = try scene()
        // Even when the officer sends protected identities, sealed to base.
        let base = try KeyRing.makeBase(in: scene.fixture.folder.appendingPathComponent("base"), name: "Kadugli base")
        _ = try scene.fixture.keys.setBase(from: base.public)
        let sealed = try scene.fixture.export(full: true, seal: nil, includeProtected: true)
        #expect(sealed.sealed && sealed.protectedInClear == 1)
        let opened = scene.fixture.folder.appendingPathComponent("opened.zip")
        try BundleVerifier.unseal(sealed.url, baseKey: base.private, to: opened)
        let bag = try ZipContents(opened)
        let all = bag.allText
        for needle in ["Tariq", "Declined", "111 222 333", "Nour", "Deviceonly", "444 555 666", "Women's union", "Hajar Jamus"] {
            #expect(!all.contains(needle), "\(needle)")
        }
        #expect(all.contains(Self.planted), "the officer chose to send the protected name, sealed")
        // A deleted record leaves as its id and when it was deleted, nothing more.
        let tombstone = try #require(bag.text("data/records/contacts.jsonl").split(separator: "\n").first { !$0.contains("\"name\"") })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(tombstone.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["id", "deleted_at"])
        #expect(!all.contains("Hawa") && !all.contains("Neighbour"))
    }

    @Test func bundlesAreSealedByDefaultOnceABaseKeyIsSetAndSayToWhichKey() throws {
        let fixture = try BundleFixture(meetings: 3)
        let plain = try fixture.export(seal: nil)
        #expect(!plain.sealed && plain.baseFingerprint == nil)
        let base = try KeyRing.makeBase(in: fixture.folder.appendingPathComponent("base"), name: nil)
        _ = try fixture.keys.setBase(from: base.public)
        let sealed = try fixture.export(full: true, seal: nil)
        #expect(sealed.sealed && sealed.baseFingerprint == base.file.fingerprint)
        #expect(throws: BundleError.protectedNeedsSeal) { try fixture.export(full: true, seal: false, includeProtected: true) }
        #expect(!(try fixture.export(full: true, seal: false)).sealed, "unsealed when the officer says so")
    }

    @Test func aVaultSealsTheSigningKeyAndAWipeDestroysBoth() throws {
        let scene = try scene()
        let keys = scene.fixture.keys
        // The key file holds no clear key, and a locked vault cannot sign.
        let file = try #require(FileManager.default.contents(atPath: keys.folder.appendingPathComponent("device.key").path))
        let object = try #require(try JSONSerialization.jsonObject(with: file) as? [String: Any])
        #expect(object["key"] as? String == "" && object["sealed"] != nil)
        scene.fixture.store.lockVault()
        #expect(throws: VaultError.locked) { try scene.fixture.export(full: true) }
        try scene.fixture.store.useVault(try keys.unlockVault(passphrase: Self.passphrase))
        #expect(throws: VaultError.wrongPassphrase) { try keys.unlockVault(passphrase: "not the passphrase") }
        _ = try scene.fixture.export(full: true)

        let destroyed = try keys.wipe()
        #expect(Set(destroyed.map(\.lastPathComponent)) == ["vault.json", "device.key"])
        #expect(throws: VaultError.noVault) { try keys.unlockVault(passphrase: Self.passphrase) }
        try scene.fixture.store.useVault(nil)
        let contact = try #require(try scene.fixture.store.record(Contact.self, id: scene.protected.id))
        #expect(contact.sealedAway && contact.name == "Rose")
    }

    @Test func aPhoneWrittenAnotherWayInFreeTextIsReplacedToo() throws {
        let scene = try scene()
        let store = scene.fixture.store
        for summary in ["Call 0912 345 678 after dark.", "Or 211-912-345-678, or ٠٩١٢٣٤٥٦٧٨.", "(+211) 91 234 56 78 works."] {
            try store.save(Meeting(title: "Follow-up", start: OffsetDateTime("2026-11-20T12:00:00+02:00")!, summary: summary))
        }
        let text = try ZipContents(try scene.fixture.export(full: true).url).allText
        for leak in ["0912 345 678", "211-912-345-678", "٠٩١٢٣٤٥٦٧٨", "91 234 56 78"] { #expect(!text.contains(leak), "\(leak)") }
        #expect(text.contains("Call Rose after dark.") && text.contains("Or Rose, or Rose."))
    }

    @Test func afterAWipeNothingIsSignedOrSentUnchecked() throws {
        let scene = try scene()
        _ = try scene.fixture.export(full: true)
        _ = try scene.fixture.keys.wipe()
        try scene.fixture.store.useVault(nil)
        // No signing key is made again behind the officer's back.
        #expect(throws: BundleError.self) { try scene.fixture.export(full: true) }
        _ = try scene.fixture.keys.newDeviceKey()
        // The protected names can no longer be looked for in free text: the export says so,
        // and leaves free text out when asked.
        #expect(throws: VaultError.identitiesUnreadable(count: 1)) { try scene.fixture.export(full: true) }
        var options = ExportOptions(folder: scene.fixture.out, full: true, seal: false)
        options.withholdFreeText = true
        let result = try BundleWriter.export(scene.fixture.store, options, keys: scene.fixture.keys)
        let text = try ZipContents(result.url).allText
        #expect(!text.contains(Self.planted) && !text.contains("912 345") && !text.contains("pump broke"))
    }
}
