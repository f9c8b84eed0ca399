import Crypto
import Foundation
import LiaisonTestSupport
import Testing

/// The command line against bad input, damaged stores and parallel writers: one sentence
/// and a documented exit code, never a trap, a hang or a changed file that is not ours.
struct HostileInputTests {
    /// Runs SQL on the store behind liaison's back, as a damaged disk or a hand edit would.
    private func tamper(_ cli: LiaisonProcess, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA ignore_check_constraints = ON")
            c.executescript(sys.argv[2]); c.commit(); c.execute("PRAGMA wal_checkpoint(TRUNCATE)"); c.close()
            """, cli.store, sql]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the tampering ran: \(sql)")
    }

    /// One sentence on standard error, starting as every refusal does.
    private func isOneSentence(_ result: LiaisonProcess.Result) -> Bool {
        result.error.hasPrefix("liaison: ") && result.error.split(separator: "\n").count == 1
            && !result.error.contains("NSCocoaErrorDomain") && !result.error.contains("SQLite error")
    }

    @Test func aNameOfOneCharacterWithAMillionMarksIsRefused() throws {
        let cli = try LiaisonProcess()
        try cli.initialise()
        let name = "a" + String(repeating: "\u{0301}", count: 1_000_000)
        let result = try cli.run(["add", "contact"], input: #"{"name": ""# + name + #""}"#)
        #expect(result.status == 65)
        #expect(result.error.contains("Name is too long"))
        #expect(try cli.run(["list", "contacts", "--json"]).output.count < 100, "nothing was added")
    }

    @Test func fiveEditsOfOneRecordAtOnceAllLand() throws {
        let cli = try LiaisonProcess()
        try cli.initialise()
        let fields = ["organisation", "community", "adm1", "adm2", "notes"]
        for round in 0..<3 {
            let id = try cli.run(["add", "contact"], input: #"{"name": "Round \#(round)"}"#)
                .output.trimmingCharacters(in: .whitespacesAndNewlines)
            let processes = try fields.map { field -> Process in
                let process = Process()
                process.executableURL = LiaisonProcess.binary
                process.arguments = ["edit", id, "--store", cli.store]
                process.environment = cli.childEnvironment
                let input = cli.folder.appendingPathComponent("\(field)-\(round).json")
                try Data(#"{"\#(field)": "set by \#(field)"}"#.utf8).write(to: input)
                process.standardInput = try FileHandle(forReadingFrom: input)
                process.standardOutput = FileHandle.nullDevice
                let errors = cli.folder.appendingPathComponent("\(field)-\(round).err")
                _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
                process.standardError = try FileHandle(forWritingTo: errors)
                return process
            }
            for process in processes { try process.run() }
            for process in processes { process.waitUntilExit() }
            // A failure says why, from what the processes wrote on stderr.
            let said = fields.compactMap { try? String(contentsOf: cli.folder.appendingPathComponent("\($0)-\(round).err"),
                                                        encoding: .utf8) }.joined()
            #expect(processes.allSatisfy { $0.terminationStatus == 0 }, "\(said)")
            let shown = try #require(try cli.json(["show", id, "--json"]) as? [String: Any])
            for field in fields {
                #expect(shown[field] as? String == "set by \(field)", "round \(round): the edit of \(field) landed")
            }
        }
    }

    @Test func aDamagedStoreGetsTheSentenceAndExit65NeverATrap() throws {
        let cli = try LiaisonProcess()
        try cli.initialise()
        #expect(try cli.run(["add", "meeting"], input: #"{"title": "Forum", "headcount": {"women": 3, "men": 4}}"#).status == 0)
        #expect(try cli.run(["add", "contact"], input: #"{"name": "Amina"}"#).status == 0)
        try tamper(cli, "UPDATE meeting SET women = 9223372036854775807, men = 5")
        for command in [["stats"], ["list", "meetings"], ["export", "--full", "--out", cli.folder.path]] {
            let result = try cli.run(command)
            #expect(result.status == 65, "\(command): \(result.error)")
            #expect(result.error.contains("is damaged"), "\(command)")
            #expect(isOneSentence(result), "\(command): \(result.error)")
        }
        try tamper(cli, "UPDATE meeting SET women = 3, men = 4; UPDATE device_profile SET acknowledge_days = 9223372036854775807")
        let added = try cli.run(["add", "grievance"], input: #"{"category": "other", "description": "x"}"#)
        #expect(added.status == 65)
        #expect(added.error.contains("is damaged"))
        try tamper(cli, "UPDATE device_profile SET acknowledge_days = 2; UPDATE contact SET name = CAST(x'41FF42E4B8' AS TEXT)")
        let exported = try cli.run(["export", "--full", "--out", cli.folder.path])
        #expect(exported.status == 0, "invalid UTF-8 is read as replacement characters: \(exported.error)")
        try tamper(cli, "DROP TABLE meeting_fts")
        let dropped = try cli.run(["add", "meeting"], input: #"{"title": "After"}"#)
        #expect(dropped.status == 65)
        #expect(dropped.error.contains("no such table: meeting_fts"))
        #expect(isOneSentence(dropped))
    }

    @Test func filesThatAreNotStoresAreLeftAlone() throws {
        let cli = try LiaisonProcess()
        let empty = cli.folder.appendingPathComponent("empty.sqlite").path
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        for command in [["list", "contacts"], ["add", "contact"], ["init", "--officer", "A", "--unit", "B", "--prefix", "AB"]] {
            let result = try cli.run(command + ["--store", empty], input: #"{"name": "A"}"#)
            #expect(result.status == 65, "\(command)")
            #expect(result.error.contains("is not a liaison store"))
        }
        #expect(try FileManager.default.attributesOfItem(atPath: empty)[.size] as? Int == 0)
        #expect(!FileManager.default.fileExists(atPath: empty + ".lock"))
        let null = try cli.run(["list", "contacts", "--store", "/dev/null"])
        #expect(null.status == 65)
        #expect(!FileManager.default.fileExists(atPath: "/dev/null.lock"))

        try cli.initialise()
        let victim = cli.folder.appendingPathComponent("victim.txt")
        try Data("precious".utf8).write(to: victim)
        try? FileManager.default.removeItem(atPath: cli.store + ".lock")
        try FileManager.default.createSymbolicLink(atPath: cli.store + ".lock", withDestinationPath: victim.path)
        let linked = try cli.run(["add", "contact"], input: #"{"name": "Amina"}"#)
        #expect(linked.status == 66)
        #expect(linked.error.contains("symbolic link"))
        #expect(try String(contentsOf: victim, encoding: .utf8) == "precious")
    }

    @Test func devicesPipesFoldersAndNonZipsAreRefusedAtOnce() throws {
        let cli = try LiaisonProcess()
        let fifo = cli.folder.appendingPathComponent("bundle.zip")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        for target in ["/dev/zero", fifo.path, cli.folder.path] {
            let result = try cli.run(["verify", target])
            #expect(result.status == 66, "\(target): \(result.error)")
            #expect(isOneSentence(result), "\(target): \(result.error)")
        }
        #expect(try cli.run(["list", "contacts", "--store", fifo.path]).status == 65, "a pipe is not a store")
        // A big file that is not a zip is known from its last bytes, before any hashing.
        let big = cli.folder.appendingPathComponent("big.zip")
        #expect(FileManager.default.createFile(atPath: big.path, contents: nil))
        let handle = try FileHandle(forWritingTo: big)
        for _ in 0..<32 { try handle.write(contentsOf: Data(repeating: 0x50, count: 1 << 20)) }
        try handle.close()
        let refused = try cli.run(["verify", big.path])
        #expect(refused.status == 65)
        #expect(refused.error.contains("has no end record"))
    }

    @Test func standardInputIsCapped() throws {
        let cli = try LiaisonProcess()
        try cli.initialise()
        let result = try cli.run(["add", "contact"], inputFile: "/dev/zero")
        #expect(result.status == 64)
        #expect(result.error.contains("Standard input holds more than 16 MiB"))
        #expect(try cli.run(["add", "contact", "--file", "/dev/zero"]).status == 66, "a device is not a file of JSON")
    }

    /// Runs `mount` or `umount` and says whether it worked.
    private func mountCommand(_ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\"$@\" 2>/dev/null", "sh"] + arguments
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// A full disk, as a 64 KiB file system of its own (root, as on the project's machines and CI).
    @Test(.enabled(if: getuid() == 0)) func aFullDiskDuringExportIsASentenceAndLeavesNothing() throws {
        let cli = try LiaisonProcess()
        try cli.initialise()
        #expect(try cli.run(["demo", "--meetings", "100"]).status == 0)
        let tiny = cli.folder.appendingPathComponent("tiny")
        try FileManager.default.createDirectory(at: tiny, withIntermediateDirectories: true)
        guard mountCommand(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", tiny.path]) else {
            Issue.record("a small file system could not be mounted to fill")
            return
        }
        defer { _ = mountCommand(["umount", tiny.path]) }
        let result = try cli.run(["export", "--full", "--out", tiny.path])
        #expect(result.status == 73)
        #expect(result.error.contains("the disk is full"), "\(result.error)")
        #expect(isOneSentence(result), "\(result.error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tiny.path).isEmpty, "no partial file is left")
        #expect(try cli.run(["export", "--full", "--out", cli.folder.path]).status == 0, "the mark did not move")
    }

    @Test func aBackupIsMadeCheckedAndBroughtBack() throws {
        let cli = try LiaisonProcess()
        try cli.initialise()
        #expect(try cli.run(["add", "contact"], input: #"{"name": "Before"}"#).status == 0)
        let copy = cli.folder.appendingPathComponent("copy.sqlite").path
        let made = try cli.run(["backup", "--out", copy])
        #expect(made.status == 0, "\(made.error)")
        #expect(made.output.hasPrefix("Backed up the store to \(copy)"))
        // Written under umask 077, as every file liaison makes: the copy is the officer's alone.
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: copy)[.posixPermissions] as? Int)
        #expect(mode & 0o077 == 0, "mode \(String(mode, radix: 8))")
        let again = try cli.run(["backup", "--out", copy])
        #expect(again.status == 74, "never replaces a file")
        #expect(try cli.run(["backup"]).output.contains("/backups/store-20261121-0800"))
        #expect(try cli.run(["add", "contact"], input: #"{"name": "After"}"#).status == 0)

        let restored = try cli.run(["restore", copy])
        #expect(restored.status == 0, "\(restored.error)")
        #expect(restored.output.contains("kept as \(cli.store).replaced-20261121-0800"))
        let names = try #require(try cli.json(["list", "contacts", "--json"]) as? [[String: Any]]).compactMap { $0["name"] as? String }
        #expect(names == ["Before"])
        let junk = cli.folder.appendingPathComponent("junk.sqlite").path
        #expect(FileManager.default.createFile(atPath: junk, contents: Data(repeating: 1, count: 4096)))
        let refused = try cli.run(["restore", junk])
        #expect(refused.status == 65)
        #expect(refused.error.contains("is not a liaison store"))
    }

    @Test func aPublicKeyIsNeverWrittenOverAFileALinkOrAPipe() throws {
        let cli = try LiaisonProcess()
        try cli.initialise()
        let thesis = cli.folder.appendingPathComponent("thesis.txt")
        try Data("my thesis".utf8).write(to: thesis)
        let fifo = cli.folder.appendingPathComponent("pipe")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let link = cli.folder.appendingPathComponent("link.pub")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: thesis.path)
        for target in [thesis, fifo, link] {
            let result = try cli.run(["keys", "export-public", target.path])
            #expect(result.status == 73, "\(target.lastPathComponent): \(result.error)")
            #expect(result.error.contains("a file is already there, and it is never replaced"))
            #expect(!result.error.contains("bundle"), "a key is not a bundle")
        }
        #expect(try String(contentsOf: thesis, encoding: .utf8) == "my thesis")
        let fresh = try cli.run(["keys", "export-public", cli.folder.appendingPathComponent("device.pub").path])
        #expect(fresh.status == 0, "\(fresh.error)")
    }

    @Test func userMistakesAreSentencesWithDocumentedCodes() throws {
        let cli = try LiaisonProcess()
        try cli.initialise()
        let meeting = #"{"title": "A", "follow_ups": [{"id": "8E3A1E0C-1111-4A5B-9C0D-000000000001", "action": "a"}]}"#
        #expect(try cli.run(["add", "meeting"], input: meeting).status == 0)
        let reused = try cli.run(["add", "meeting"], input: meeting.replacingOccurrences(of: "\"A\"", with: "\"B\""))
        #expect(reused.status == 65)
        #expect(isOneSentence(reused), "\(reused.error)")
        #expect(reused.error.contains("clashes"))
        let help = try cli.run(["--help"])
        #expect(help.output.contains("interrupted (Ctrl-C)"))
    }

    @Test func validationGapsAreClosed() throws {
        let cli = try LiaisonProcess()
        try cli.initialise()
        let added = try cli.run(["add", "grievance"], input: #"{"category": "other", "description": "x"}"#)
        let reference = "KDL-2026-0001"
        #expect(added.status == 0)
        for (input, says) in [(#"{"acknowledge_by": "9999-12-31"}"#, "check the year"),
                              (#"{"resolve_by": "0001-01-01"}"#, "check the year"),
                              (#"{"status": "closed"}"#, "only through a workflow move")] {
            let result = try cli.run(["edit", reference], input: input)
            #expect(result.status == 65, "\(input)")
            #expect(result.error.contains(says), "\(input): \(result.error)")
        }
        let note = try cli.run(["move", reference, "acknowledged", "--note", String(repeating: "n", count: 25_000)])
        #expect(note.status == 65)
        #expect(note.error.contains("The note is too long"))
        let done = try cli.run(["add", "meeting"], input: #"{"title": "A", "follow_ups": [{"action": "a", "done_on": "0001-01-01"}]}"#)
        #expect(done.status == 65)
        let fraction = try cli.run(["add", "meeting"], input: #"{"title": "A", "headcount": {"women": 1.5}}"#)
        #expect(fraction.error == "liaison: Field \"headcount.women\" must be a whole number within range.\n")
        let huge = try cli.run(["add", "meeting"], input: #"{"title": "A", "duration_minutes": 1e300}"#)
        #expect(huge.error.contains("\"duration_minutes\" must be a whole number"))
        #expect(try cli.run(["list", "contacts", "--limit", "0"]).status == 64)

        let contact = try cli.run(["add", "contact"], input: #"{"name": "Gone"}"#).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try cli.run(["delete", contact]).status == 0)
        let linked = try cli.run(["add", "feedback"], input: #"{"types": ["question"], "text": "x", "contact_id": "\#(contact)"}"#)
        #expect(linked.status == 65)
        #expect(linked.error.contains("is not in the store (or was deleted)"))
    }

    @Test func controlCharactersFromInputAndBundlesArePrintedAsEscapes() throws {
        let cli = try LiaisonProcess()
        try cli.initialise()
        let parsed = try cli.run(["list", "x\u{1B}]0;owned\u{7}\u{1B}[2J"])
        #expect(parsed.status == 64)
        #expect(!parsed.error.contains("\u{1B}") && !parsed.error.contains("\u{7}"), "argument-parser's own messages too")
        #expect(parsed.error.contains("\\u{1B}]0;owned"))
        let shown = try cli.run(["show", "\u{1B}[2J\u{1B}[31mKDL"])
        #expect(shown.status == 64)
        #expect(!shown.error.contains("\u{1B}"))
        #expect(shown.error.contains("\\u{1B}[2J"))

        // A bundle re-signed by a stranger whose bag-info tries to rewrite the terminal.
        #expect(try cli.run(["add", "contact"], input: #"{"name": "Amina"}"#).status == 0)
        #expect(try cli.run(["export", "--out", cli.folder.path]).status == 0)
        let bundle = try #require(try FileManager.default.contentsOfDirectory(atPath: cli.folder.path)
            .first { $0.hasSuffix(".zip") })
        var contents = try ZipContents(cli.folder.appendingPathComponent(bundle))
        // (A carriage return would end the line: BagIt reads CR as a line end.)
        contents.setLabel("Contact-Name", "\u{1B}[2K\u{8}Amina Yusuf (TRUSTED)")
        let stranger = Curve25519.Signing.PrivateKey()
        let hex = SHA256.hash(data: stranger.publicKey.rawRepresentation).prefix(16).map { String(format: "%02X", $0) }.joined()
        let fingerprint = stride(from: 0, to: 32, by: 4).map { start in
            String(hex[hex.index(hex.startIndex, offsetBy: start)..<hex.index(hex.startIndex, offsetBy: start + 4)])
        }.joined(separator: " ")
        contents.setLabel("Liaison-Signing-Key", fingerprint)
        try contents.reseal(signingWith: stranger)
        let forged = cli.folder.appendingPathComponent("forged").appendingPathComponent(contents.top + ".zip")
        try FileManager.default.createDirectory(at: forged.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: forged)
        let verified = try cli.run(["verify", forged.path, "--allow-untrusted"])
        #expect(!verified.output.contains("\u{1B}") && !verified.error.contains("\u{1B}"))
        #expect(!verified.output.contains("\u{8}"))
        #expect(verified.output.contains("\\u{1B}[2K\\u{8}Amina Yusuf (TRUSTED)"), "\(verified.output)\(verified.error)")
    }
}
