import Foundation
import Testing

/// The vault, the wipe and the audit log from the command line.
struct VaultCommandTests {
    @Test func theVaultSealsProtectedNamesUntilThePassphraseIsGiven() throws {
        let liaison = try LiaisonProcess()
        try liaison.initialise()
        let added = try liaison.run(["add", "contact"], input: #"""
            {"name": "Amal Qzxwvplanted", "code_name": "Rose", "sensitivity": "protected", "phones": ["+211 912 345 678"]}
            """#)
        #expect(added.status == 0, "\(added.error)")
        let passphrase = liaison.folder.appendingPathComponent("passphrase")
        // Written on Windows: the line ends in CR LF, which is no part of the passphrase.
        try Data("correct horse battery\r\nsecond line\r\n".utf8).write(to: passphrase)
        let wrong = liaison.folder.appendingPathComponent("wrong")
        try Data("not the passphrase\n".utf8).write(to: wrong)

        let made = try liaison.run(["vault", "init", "--passphrase-file", passphrase.path])
        #expect(made.status == 0 && made.output.contains("1 protected contact sealed"), "\(made.error)")
        #expect(try liaison.run(["vault", "init", "--passphrase-file", passphrase.path]).status == 64, "never replaced")
        for file in try FileManager.default.contentsOfDirectory(atPath: liaison.folder.path) where file.hasPrefix("store.sqlite") {
            let data = try Data(contentsOf: liaison.folder.appendingPathComponent(file))
            #expect(data.range(of: Data("planted".utf8)) == nil, "\(file)")
        }

        // Locked: the code name; with the passphrase, the name; a wrong one is refused.
        let locked = try liaison.run(["list", "contacts"])
        #expect(locked.output.contains("Rose") && !locked.output.contains("Qzxwvplanted"))
        let unix = liaison.folder.appendingPathComponent("unix")
        try Data("correct horse battery\n".utf8).write(to: unix)
        let opened = try liaison.run(["list", "contacts", "--search", "qzxwv", "--passphrase-file", unix.path])
        #expect(opened.status == 0 && opened.output.contains("Amal Qzxwvplanted"), "\(opened.error)")
        let refused = try liaison.run(["show", "Rose", "--passphrase-file", wrong.path])
        #expect(refused.status == 65 && refused.error.contains("does not open the vault"), "\(refused.error)")
        let noTerminal = try liaison.run(["list", "contacts", "--unlock"])
        #expect(noTerminal.status == 64 && noTerminal.error.contains("--passphrase-file"), "\(noTerminal.error)")

        // Exports ask for it too: the signing key is sealed.
        let out = liaison.folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        #expect(try liaison.run(["export", "--out", out.path]).status == 64)
        let export = try liaison.run(["export", "--out", out.path, "--passphrase-file", passphrase.path])
        #expect(export.status == 0, "\(export.error)")

        // The log names what was done and which fields, never a value.
        let audit = try liaison.run(["audit", "--json"])
        // (The phone whole: three of its digits may well appear in an id or a time.)
        #expect(audit.status == 0 && !audit.output.contains("planted") && !audit.output.contains("912 345")
                    && !audit.output.contains("912345"))
        let actions = try #require(try JSONSerialization.jsonObject(with: Data(audit.output.utf8)) as? [[String: Any]])
            .compactMap { $0["action"] as? String }
        #expect(actions == ["create", "vault", "unlock", "unlock", "export"], "\(actions)")

        // A wipe, confirmed by the typed word, leaves the name unreadable for good.
        let unconfirmed = try liaison.run(["wipe"], input: "no\n")
        #expect(unconfirmed.status == 64)
        let wiped = try liaison.run(["wipe"], input: "WIPE\n")
        #expect(wiped.status == 0 && wiped.output.contains("vault.json") && wiped.output.contains("device.key"), "\(wiped.error)")
        let after = try liaison.run(["list", "contacts", "--passphrase-file", passphrase.path])
        #expect(after.status == 64 && after.error.contains("no vault"), "\(after.error)")
        #expect(try liaison.run(["list", "contacts"]).output.contains("Rose"))
    }
}
