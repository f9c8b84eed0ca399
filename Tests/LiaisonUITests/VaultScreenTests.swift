import Foundation
import LiaisonBundle
import LiaisonCore
import TerminalKit
import Testing
@testable import LiaisonUI

/// The vault in the interface: made with U, opened and locked with U, keys destroyed with W.
struct VaultScreenTests {
    func protectedFixture() throws -> (Fixture, Contact) {
        let fixture = try Fixture()
        let contact = try fixture.store.save(Contact(name: "Halima Qzxwv", codeName: "Rose", phones: ["+211 912 345 678"],
                                                     sensitivity: .protected))
        return (fixture, contact)
    }

    func typed(_ text: String) -> [InputEvent] { text.map { key(.character($0)) } + [key(.enter)] }

    @Test func uMakesTheVaultThenLocksAndOpensIt() throws {
        let (fixture, _) = try protectedFixture()
        let passphrase = "correct horse battery"
        // Made: asked twice, then open, with real names shown.
        let made = fixture.run(keys("3") + [key(.character("U"))] + typed(passphrase) + typed(passphrase))
        let madeText = made.lines.joined(separator: "\n")
        #expect(madeText.contains("Vault made and open; 1 protected contact sealed"), "\(madeText)")
        #expect(madeText.contains("vault open") && madeText.contains("Halima Qzxwv"))
        let store = try Data(contentsOf: fixture.folder.appendingPathComponent("store.sqlite"))
        #expect(store.range(of: Data("Qzxwv".utf8)) == nil && store.range(of: Data("qzxwv".utf8)) == nil)

        // A new session starts locked (the fixture's store outlives its sessions, a process
        // does not): the code name only; a wrong passphrase is refused.
        fixture.store.lockVault()
        let locked = fixture.run(keys("3") + [key(.character("U"))] + typed("not the passphrase"))
        let lockedText = locked.lines.joined(separator: "\n")
        #expect(lockedText.contains("Rose") && !lockedText.contains("Qzxwv"), "\(lockedText)")
        #expect(lockedText.contains("does not open the vault"))

        // Opened, then locked again with U: the other tabs forget the names they read.
        let cycle = fixture.run(keys("3") + [key(.character("U"))] + typed(passphrase) + keys("2U3"))
        let cycleText = cycle.lines.joined(separator: "\n")
        #expect(cycleText.contains("Rose") && !cycleText.contains("Qzxwv"), "\(cycleText)")

        // Editing the sealed contact while locked is refused in a sentence; nothing opens.
        fixture.store.lockVault()
        let edit = fixture.run(keys("3") + [key(.character("/"))] + keys("Rose") + [key(.enter), key(.enter), key(.character("e"))])
        #expect(edit.lines.joined(separator: "\n").contains("unlock the vault (U"), "\(edit.lines.joined(separator: "\n"))")
    }

    @Test func wDestroysTheKeysOnlyAfterTheTypedWord() throws {
        let (fixture, _) = try protectedFixture()
        let keys = try fixture.keyFolders.ring(for: fixture.store)
        _ = try keys.createVault(passphrase: "correct horse battery", now: fixture.store.now())
        let refused = fixture.run([key(.character("W"))] + typed("yes"))
        #expect(refused.lines.joined(separator: "\n").contains("to destroy the keys, or Esc to keep them"))
        #expect(try keys.vaultFile() != nil)
        // The word of either language destroys them.
        let wiped = fixture.run([key(.character("W"))] + typed("effacer"))
        #expect(wiped.lines.joined(separator: "\n").contains("Keys destroyed"))
        #expect(try keys.vaultFile() == nil)
    }
}
