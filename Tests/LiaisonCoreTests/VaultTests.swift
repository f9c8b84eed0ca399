import Foundation
import GRDB
import Testing
@testable import LiaisonCore

/// The vault: protected contacts' identities sealed in the store, opened with the passphrase.
struct VaultTests {
    /// A string found nowhere else, planted in a protected contact's name.
    static let planted = "Qzxwvplanted"

    /// Every file of the store (the database, its WAL) and its backups, as bytes.
    static func storeBytes(_ fixture: TemporaryStore) throws -> [(String, Data)] {
        let names = try FileManager.default.subpathsOfDirectory(atPath: fixture.folder.path)
        return names.compactMap { name in
            let url = fixture.folder.appendingPathComponent(name)
            return FileManager.default.contents(atPath: url.path).map { (name, $0) }
        }
    }

    /// Where the planted name shows, as typed or as the search index folds it.
    static func leaks(_ fixture: TemporaryStore) throws -> [String] {
        let needles = [planted, planted.lowercased()].map { Data($0.utf8) }
        return try storeBytes(fixture).filter { _, data in needles.contains { data.range(of: $0) != nil } }.map(\.0)
    }

    func vault() throws -> VaultKeys {
        try VaultFile.make(passphrase: "correct horse battery", now: Timestamp(TemporaryStore.noon)).keys
    }

    @Test func thePassphraseOpensTheVaultAndNothingElseDoes() throws {
        let (file, keys) = try VaultFile.make(passphrase: "correct horse battery", now: Timestamp(TemporaryStore.noon))
        let opened = try file.unlock(passphrase: "correct horse battery", path: "vault.json")
        #expect(opened.isUnlocked && opened.publicKey.rawRepresentation == keys.publicKey.rawRepresentation)
        #expect(throws: VaultError.wrongPassphrase) { try file.unlock(passphrase: "correct horse batterY", path: "vault.json") }
        #expect(throws: VaultError.weakPassphrase(minimum: 8)) { try VaultFile.make(passphrase: "short", now: .now()) }
        // The private key is not in the file in clear.
        let text = try JSONEncoder().encode(file)
        #expect(text.range(of: Data(keys.privateKey!.rawRepresentation.base64EncodedString().utf8)) == nil)
        // A file edited to ask scrypt for gigabytes is refused before it runs.
        var hostile = file
        hostile.logN = 30
        #expect(throws: VaultError.self) { try hostile.unlock(passphrase: "correct horse battery", path: "vault.json") }
    }

    @Test func aContactAddedAsProtectedLeavesNoClearCopyAndComesBackWithTheKey() throws {
        let fixture = try TemporaryStore()
        let keys = try vault()
        try fixture.store.useVault(keys.locked)
        // Logging a protected contact needs only the vault's public key.
        let saved = try fixture.store.save(Contact(name: "Amal \(Self.planted)", codeName: "Rose", phones: ["+211 912 345 678"],
                                                   sensitivity: .protected, notes: "Behind the mosque"))
        #expect(try Self.leaks(fixture).isEmpty)

        // Locked: the code name only, and the contact cannot be changed.
        let locked = try #require(try fixture.store.record(Contact.self, id: saved.id))
        #expect(locked.sealedAway && locked.name == "Rose" && locked.phones.isEmpty && locked.notes.isEmpty)
        #expect(try fixture.store.records(Contact.self, RecordQuery(search: Self.planted)).isEmpty)
        #expect(throws: ValidationError.self) { try fixture.store.save(locked) }

        // Unlocked: the real name, found by search in memory, and editable.
        try fixture.store.useVault(keys)
        let opened = try #require(try fixture.store.record(Contact.self, id: saved.id))
        #expect(!opened.sealedAway && opened.name == "Amal \(Self.planted)" && opened.phones == ["+211 912 345 678"])
        #expect(try fixture.store.records(Contact.self, RecordQuery(search: Self.planted.lowercased())).map(\.id) == [saved.id])
        #expect(try fixture.store.count(.contact, RecordQuery(search: "912")) == 1)
        var edited = opened
        edited.notes = "Moved to the market"
        try fixture.store.save(edited)
        #expect(try fixture.store.record(Contact.self, id: saved.id)?.notes == "Moved to the market")
        #expect(try Self.leaks(fixture).isEmpty)

        // A backup holds it sealed too; the audit log names fields, never values.
        _ = try fixture.store.backup()
        #expect(try Self.leaks(fixture).isEmpty)
        let log = try fixture.store.auditLog()
        #expect(log.map(\.action) == [.create, .update, .backup])
        #expect(log[1].fields == ["notes"])
    }

    @Test func markingAContactProtectedRemovesEveryClearCopy() throws {
        let fixture = try TemporaryStore()
        let keys = try vault()
        try fixture.store.useVault(keys.locked)
        var contact = try fixture.store.save(Contact(name: "Amal \(Self.planted)", phones: ["+211 912 345 678"]))
        try fixture.store.saveDraft(Draft(id: UUID(), form: "contact", recordId: contact.id,
                                          title: "Edit contact “Amal \(Self.planted)”", body: Data("{}".utf8)))
        // Enough other contacts that the search index has pages of its own.
        for index in 0..<200 { try fixture.store.save(Contact(name: "Neighbour \(index)")) }
        #expect(try !Self.leaks(fixture).isEmpty, "the name is in clear before it is protected")

        try fixture.store.useVault(keys)
        contact = try #require(try fixture.store.record(Contact.self, id: contact.id))
        contact.sensitivity = .protected
        contact.codeName = "Rose"
        try fixture.store.save(contact)
        #expect(try Self.leaks(fixture).isEmpty, "row, index, draft and WAL")
        #expect(try fixture.store.record(Contact.self, id: contact.id)?.name == "Amal \(Self.planted)")
    }

    @Test func aVaultMadeLaterSealsTheProtectedContactsAlreadyThere() throws {
        let fixture = try TemporaryStore()
        let saved = try fixture.store.save(Contact(name: "Amal \(Self.planted)", codeName: "Rose", sensitivity: .protected))
        #expect(try !Self.leaks(fixture).isEmpty, "with no vault, a protected contact is stored as it is")
        let keys = try vault()
        try fixture.store.useVault(keys)
        #expect(try fixture.store.sealProtectedContacts() == 1)
        #expect(try fixture.store.sealedContactCount() == 1)
        #expect(try Self.leaks(fixture).isEmpty)
        #expect(try fixture.store.record(Contact.self, id: saved.id)?.name == "Amal \(Self.planted)")
        // Another vault (one wiped and made again) cannot open it.
        try fixture.store.useVault(try vault())
        #expect(try fixture.store.record(Contact.self, id: saved.id)?.sealedAway == true)
    }

    @Test func draftsOfProtectedContactsAreSealedAndWaitForTheVault() throws {
        let fixture = try TemporaryStore()
        let keys = try vault()
        try fixture.store.useVault(keys.locked)
        let body = Data("{\"name\":\"Amal \(Self.planted)\"}".utf8)
        try fixture.store.saveDraft(Draft(id: UUID(), form: "contact", recordId: UUID(), title: "Edit contact “Amal \(Self.planted)”",
                                          body: body), sealed: true, sealedTitle: "Protected contact (sealed)")
        #expect(try Self.leaks(fixture).isEmpty)
        // Another process would take it only once the vault is open: change the owner to a dead one.
        try fixture.store.write { try $0.execute(sql: "UPDATE draft SET owner = 'gone 1 1'") }
        #expect(try fixture.store.claimAbandonedDrafts().isEmpty)
        try fixture.store.useVault(keys)
        let claimed = try fixture.store.claimAbandonedDrafts()
        #expect(claimed.map(\.body) == [body] && claimed.first?.title == "Protected contact (sealed)")
    }

    @Test func aCodeNameThatGivesThePersonAwayIsRefused() throws {
        let fixture = try TemporaryStore()
        for code in ["Amal Hassan", "amal-7", "HASSAN"] {
            #expect(throws: ValidationError.self) {
                try fixture.store.save(Contact(name: "Amal Hassan", codeName: code, sensitivity: .protected))
            }
        }
        #expect(try fixture.store.save(Contact(name: "Amal Hassan", codeName: "Rose-7", sensitivity: .protected)).codeName == "Rose-7")
    }

    @Test func theAuditLogCannotBeChanged() throws {
        let fixture = try TemporaryStore()
        let contact = try fixture.store.save(Contact(name: "Amal Hassan"))
        try fixture.store.delete(.contact, id: contact.id)
        let log = try fixture.store.auditLog()
        #expect(log.map(\.action) == [.create, .delete] && log.allSatisfy { $0.officer == "Amina Yusuf" })
        #expect(log[0].fields.contains("name") && log[0].ids == [contact.id])
        #expect(throws: (any Error).self) { try fixture.store.write { try $0.execute(sql: "UPDATE audit SET action = 'x'") } }
        #expect(throws: (any Error).self) { try fixture.store.write { try $0.execute(sql: "DELETE FROM audit") } }
        #expect(try fixture.store.auditLog(since: Day("2026-11-22")).isEmpty)
        #expect(try fixture.store.auditLog(since: Day("2026-11-21")).count == 2)
    }

    @Test func whatTheLockedVaultHidesCannotBeOverwritten() throws {
        let fixture = try TemporaryStore()
        let keys = try vault()
        try fixture.store.bindVault(keys)
        let saved = try fixture.store.save(Contact(name: "Amal Hassan", codeName: "Rose", phones: ["+211 912 345 678"],
                                                   sensitivity: .protected, notes: "Behind the mosque"))
        try fixture.store.useVault(keys.locked)
        // A record built from the locked view without its flag (as JSON input is) is refused
        // all the same, with the sentence that names the vault.
        var copy = try #require(try fixture.store.record(Contact.self, id: saved.id))
        copy.sealedAway = false
        copy.name = "Someone Else"
        copy.community = "Kadugli"
        let refusal = try #require(throws: ValidationError.self) { try fixture.store.save(copy) }
        #expect(refusal.problems.first?.code == "core.contact.sealed_away")
        try fixture.store.useVault(keys)
        let intact = try #require(try fixture.store.record(Contact.self, id: saved.id))
        #expect(intact.name == "Amal Hassan" && intact.phones == ["+211 912 345 678"] && intact.notes == "Behind the mosque")
    }

    @Test func aSealMovedToAnotherContactOrAnotherVaultFileIsRefused() throws {
        let fixture = try TemporaryStore()
        let keys = try vault()
        try fixture.store.bindVault(keys)
        let amal = try fixture.store.save(Contact(name: "Amal Hassan", codeName: "Rose", sensitivity: .protected))
        let juma = try fixture.store.save(Contact(name: "Juma Deng", codeName: "Heron", sensitivity: .protected))
        try fixture.store.write { db in
            try db.execute(sql: "UPDATE contact SET sealed = (SELECT sealed FROM contact WHERE id = ?) WHERE id = ?",
                           arguments: [amal.id.uuidString, juma.id.uuidString])
        }
        #expect(try fixture.store.record(Contact.self, id: juma.id)?.sealedAway == true, "Amal's seal does not open as Juma")
        #expect(throws: VaultError.otherVault) { try fixture.store.useVault(try vault()) }
    }

    @Test func codeNamesAreOneContactsOwnAndGiveNothingAway() throws {
        let fixture = try TemporaryStore()
        try fixture.store.save(Contact(name: "Grace Otieno", codeName: "Marula-3", sensitivity: .protected))
        let taken = try #require(throws: ValidationError.self) {
            try fixture.store.save(Contact(name: "Li Wei", codeName: "marula-3", sensitivity: .protected))
        }
        #expect(taken.problems.first?.code == "core.contact.code_name_taken")
        for code in ["Otie", "ach-4"] {
            #expect(throws: ValidationError.self) {
                try fixture.store.save(Contact(name: "Achieng Otieno", codeName: code, sensitivity: .protected))
            }
        }
    }
}
