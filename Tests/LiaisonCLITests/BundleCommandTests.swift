import Foundation
import LiaisonCore
import Testing

/// The Python validators a colleague at base would use, installed by the tests themselves
/// into a virtual environment inside the build folder (once; later runs reuse it).
enum Validators {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let environment = root.appendingPathComponent(".build/validators")
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Validators/validate_bundle.py")
    static let packages = ["bagit", "vobject", "icalendar", "libhxl", "geojson"]

    /// The environment's python, made and filled on first use.
    static let python: Result<URL, ValidatorSetupError> = {
        let python = environment.appendingPathComponent("bin/python")
        let ready = environment.appendingPathComponent("installed-" + packages.joined(separator: "-"))
        if FileManager.default.fileExists(atPath: ready.path) { return .success(python) }
        try? FileManager.default.removeItem(at: environment)
        var made = shell(["python3", "-m", "venv", environment.path])
        if made.status != 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/apt-get") {
            // Debian's own python3 keeps venv in a package of its own.
            _ = shell(["apt-get", "install", "-y", "-qq", "python3-venv"])
            made = shell(["python3", "-m", "venv", environment.path])
        }
        guard made.status == 0 else { return .failure(ValidatorSetupError(step: "python3 -m venv", output: made.output)) }
        let installed = shell([python.path, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"] + packages)
        guard installed.status == 0 else { return .failure(ValidatorSetupError(step: "pip install", output: installed.output)) }
        _ = FileManager.default.createFile(atPath: ready.path, contents: nil)
        return .success(python)
    }()

    struct ValidatorSetupError: Error, CustomStringConvertible {
        let step: String
        let output: String
        var description: String { "\(step) failed: \(output)" }
    }

    static func shell(_ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-validators-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        guard let handle = try? FileHandle(forWritingTo: log) else { return (-1, "cannot write \(log.path)") }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return (-1, "\(error)")
        }
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }
}

@Suite struct BundleCommandTests {
    @Test func theBundlePassesValidatorsThatNoOneHereWrote() throws {
        // Given a store with multilingual demo data, a deleted contact and a protected one
        let liaison = try LiaisonProcess()
        try liaison.initialise()
        #expect(try liaison.run(["demo", "--meetings", "60"]).status == 0)
        let contacts = try #require(try liaison.json(["list", "contacts", "--json"]) as? [[String: Any]])
        let deleted = try #require(contacts.first?["id"] as? String)
        #expect(try liaison.run(["delete", deleted]).status == 0)

        // When it is exported from the command line
        let out = liaison.folder.appendingPathComponent("usb")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let export = try liaison.run(["export", "--out", out.path])
        #expect(export.status == 0, "\(export.error)")
        #expect(export.error.isEmpty, "no progress bar or warning when not on a terminal")
        let bundle = try #require(try FileManager.default.contentsOfDirectory(at: out, includingPropertiesForKeys: nil).first)
        #expect(export.output.contains(bundle.path))

        // Then bagit, vobject, icalendar, libhxl and geojson all accept it
        let python = try Validators.python.get()
        let work = liaison.folder.appendingPathComponent("unzipped")
        let checked = Validators.shell([python.path, Validators.script.path, bundle.path, work.path])
        #expect(checked.status == 0, "\(checked.output)")
        let summary = try JSONSerialization.jsonObject(with: Data(checked.output.utf8)) as? [String: Any]
        #expect((summary?["vcard"] as? [String: Any])?["cards"] as? Int == contacts.count - 1)
        #expect((summary?["icalendar"] as? [String: Any])?["events"] as? Int == 60)
    }

    @Test func keysSealAndVerifyWorkFromTheCommandLine() throws {
        let officer = try LiaisonProcess()
        try officer.initialise()
        #expect(try officer.run(["demo", "--meetings", "5"]).status == 0)
        let show = try officer.run(["keys", "show"])
        #expect(show.status == 0 && show.output.contains("fingerprint"))
        let officerKey = officer.folder.appendingPathComponent("amina.pub").path
        #expect(try officer.run(["keys", "export-public", officerKey]).status == 0)

        // Base makes its keys and trusts the officer; the officer seals to base.
        let base = try LiaisonProcess()
        try base.initialise()
        let baseKeys = base.folder.appendingPathComponent("base-keys").path
        #expect(try base.run(["keys", "base-init", baseKeys, "--name", "Kadugli base"]).status == 0)
        let trust = try base.run(["keys", "trust", officerKey, "--officer", "Amina Yusuf"])
        #expect(trust.status == 0 && trust.output.contains("Amina Yusuf"), "\(trust.error)")
        // Again under another name: the officer is renamed, and it says so.
        let renamed = try base.run(["keys", "trust", officerKey, "--officer", "Amina Y."])
        #expect(renamed.status == 0 && renamed.output.contains("was trusted for Amina Yusuf"), "\(renamed.output)")
        #expect(try base.run(["keys", "trust", officerKey, "--officer", "Amina Yusuf"]).status == 0)
        #expect(try officer.run(["keys", "set-base", baseKeys + "/base.pub"]).status == 0)
        #expect(try officer.run(["keys", "set-base", baseKeys + "/base.pub"]).status == 0, "the same key again changes nothing")
        // Another base key does not replace it silently: that takes --replace.
        let otherKeys = base.folder.appendingPathComponent("other-keys").path
        #expect(try base.run(["keys", "base-init", otherKeys]).status == 0)
        let swapped = try officer.run(["keys", "set-base", otherKeys + "/base.pub"])
        #expect(swapped.status == 64 && swapped.error.contains("--replace"), "\(swapped.error)")
        #expect(try officer.run(["keys", "set-base", otherKeys + "/base.pub", "--replace"]).status == 0)
        #expect(try officer.run(["keys", "set-base", baseKeys + "/base.pub", "--replace"]).status == 0)
        let out = officer.folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        // Real names of protected contacts leave only sealed, unless --in-clear says so too.
        let unsealedNames = try officer.run(["export", "--include-protected", "--no-seal", "--out", out.path])
        #expect(unsealedNames.status == 64 && unsealedNames.error.contains("--in-clear"), "\(unsealedNames.error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
        // Once a base key is set, bundles are sealed without being asked, and say to which key.
        let sealed = try officer.run(["export", "--out", out.path])
        #expect(sealed.status == 0 && sealed.output.contains(".sealed"), "\(sealed.error)")
        // "Base sealing key (X25519): XXXX … XXXX, Kadugli base"
        let baseLine = try #require(try officer.run(["keys", "show"]).output.split(separator: "\n")
            .first { $0.contains("Kadugli base") })
        let fingerprint = try #require(baseLine.split(separator: ": ").last?.split(separator: ",").first)
        #expect(sealed.output.contains("sealed to base key \(fingerprint)"), "\(sealed.output)")
        let bundle = try #require(try FileManager.default.contentsOfDirectory(atPath: out.path).first)
        let path = out.appendingPathComponent(bundle).path
        // Made under umask 077: the bundle is the officer's alone.
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode & 0o077 == 0, "mode \(String(mode, radix: 8))")

        // Without the base's key a sealed bundle cannot be checked; with it, it verifies.
        let locked = try base.run(["verify", path])
        #expect(locked.status == 64 && locked.error.contains("--base-key"))
        let verified = try base.run(["verify", path, "--base-key", baseKeys + "/base.key"])
        #expect(verified.status == 0, "\(verified.error)")
        #expect(verified.output.contains("verified") && verified.output.contains("trusted here as Amina Yusuf"))

        // Elsewhere the key is not trusted: a refusal of its own (77), unless asked to look anyway.
        let stranger = try LiaisonProcess()
        try stranger.initialise()
        let untrusted = try stranger.run(["verify", path, "--base-key", baseKeys + "/base.key"])
        #expect(untrusted.status == 77 && untrusted.error.contains("not trusted here"), "\(untrusted.error)")
        #expect(try stranger.run(["verify", path, "--base-key", baseKeys + "/base.key", "--allow-untrusted"]).status == 0)
        // A key revoked at base is refused from then on.
        let keyFile = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: officerKey))) as? [String: Any])
        let officerFingerprint = try #require(keyFile["fingerprint"] as? String)
        let revoke = try base.run(["keys", "revoke", officerFingerprint, "--reason", "laptop lost"])
        #expect(revoke.status == 0, "\(revoke.error)")
        let revoked = try base.run(["verify", path, "--base-key", baseKeys + "/base.key"])
        #expect(revoked.status == 77 && revoked.error.contains("revoked here (laptop lost)"), "\(revoked.error)")

        // A changed byte is named in one sentence and exit 65.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count - 40] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let refused = try base.run(["verify", path, "--base-key", baseKeys + "/base.key"])
        #expect(refused.status == 65 && refused.error.contains("tampered"), "\(refused.error)")
        #expect(refused.error.split(separator: "\n").count == 1)
    }

    /// An officer with demo records of `meetings` meetings, their public key exported
    /// beside them, and a first bundle written into the folder `out`.
    static func officerWithABundle(meetings: Int) throws -> (officer: LiaisonProcess, key: String, out: URL) {
        let officer = try LiaisonProcess()
        try officer.initialise()
        #expect(try officer.run(["demo", "--meetings", String(meetings)]).status == 0)
        let officerKey = officer.folder.appendingPathComponent("amina.pub").path
        #expect(try officer.run(["keys", "export-public", officerKey]).status == 0)
        let out = officer.folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        #expect(try officer.run(["export", "--out", out.path]).status == 0)
        return (officer, officerKey, out)
    }

    /// At base: a folder stands for the bundles in it, a refused one is copied aside with
    /// its reason, `--json` gives each refusal's key beside its words, and a quarantine that
    /// cannot take anything is said before anything is imported.
    @Test func anImportTakesAFolderAndSetsAsideWhatItRefuses() throws {
        let (officer, officerKey, out) = try Self.officerWithABundle(meetings: 5)
        let genuine = try #require(try FileManager.default.contentsOfDirectory(atPath: out.path).first)
        var bytes = [UInt8](try Data(contentsOf: out.appendingPathComponent(genuine)))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: out.appendingPathComponent("copy.zip"))

        let base = try LiaisonProcess()
        try base.initialise()
        #expect(try base.run(["keys", "trust", officerKey, "--officer", "Amina Yusuf"]).status == 0)
        let file = base.folder.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: file)
        let wrong = try base.run(["import", out.path, "--quarantine", file.path])
        #expect(wrong.status == 64 && wrong.error.contains("is a file, not a folder"), "\(wrong.error)")
        #expect(Store.backups(of: URL(fileURLWithPath: base.store)).isEmpty, "nothing was imported")

        let inFolder = try base.run(["import", out.path, "--quarantine", out.path])
        #expect(inFolder.status == 64 && inFolder.error.contains("a folder being imported from"), "\(inFolder.error)")
        let empty = base.folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let none = try base.run(["import", empty.path])
        #expect(none.status == 64 && none.error.contains("holds no bundle"), "\(none.error)")

        // What macOS leaves beside each file on a USB stick is no bundle, and is passed over.
        try Data("resource fork".utf8).write(to: out.appendingPathComponent("._copy.zip"))
        let quarantine = base.folder.appendingPathComponent("quarantine")
        let imported = try base.run(["import", out.path, "--quarantine", quarantine.path, "--json"])
        #expect(imported.status == 65, "\(imported.error)")
        let results = try #require(try JSONSerialization.jsonObject(with: Data(imported.output.utf8)) as? [[String: Any]])
        #expect(results.map { $0["file"] as? String } == ["copy.zip", genuine])
        #expect(results.map { $0["status"] as? String } == ["refused", "imported"])
        let key = try #require(results[0]["code"] as? String)
        #expect(key.hasPrefix("bundle.refused."), "\(key)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: quarantine.path).sorted() == ["copy.zip", "copy.zip.reason.txt"])
        // A link to a bundle, in a folder given, counts as the bundle.
        let links = base.folder.appendingPathComponent("links")
        try FileManager.default.createDirectory(at: links, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: links.appendingPathComponent(genuine),
                                                   withDestinationURL: out.appendingPathComponent(genuine))
        let again = try base.run(["import", links.path])
        #expect(again.status == 0 && again.output.contains("already imported"), "\(again.output)")
        // The bundles are in the officer's folder, removed with it.
        withExtendedLifetime(officer) {}
    }

    /// A conflict is listed with each field's label and name, and resolved by either, with
    /// a side in the officer's language; the choice is what the record then holds.
    @Test func aConflictIsResolvedByItsLabelInTheOfficersLanguage() throws {
        let (officer, officerKey, out) = try Self.officerWithABundle(meetings: 3)

        let base = try LiaisonProcess()
        #expect(try base.run(["init", "--officer", "Base", "--unit", "Base", "--prefix", "BAS", "--language", "fr"]).status == 0)
        #expect(try base.run(["keys", "trust", officerKey, "--officer", "Amina Yusuf"]).status == 0)
        #expect(try base.run(["import", out.path]).status == 0)
        let meetings = try #require(try officer.json(["list", "meetings", "--json"]) as? [[String: Any]])
        let id = try #require(meetings.first?["id"] as? String)
        #expect(try officer.run(["edit", id], input: #"{"title": "Titre du terrain"}"#).status == 0)
        #expect(try base.run(["edit", id], input: #"{"title": "Titre de la base"}"#).status == 0)
        #expect(try officer.run(["export", "--out", out.path]).status == 0)
        #expect(try base.run(["import", out.path]).status == 0)

        let listed = try base.run(["conflicts"])
        #expect(listed.output.contains("Titre (title)") && listed.output.contains("terrain"), "\(listed.output)")
        let wrong = try base.run(["conflicts", "resolve", "1", "Titre=ailleurs"])
        #expect(wrong.status == 64 && wrong.error.contains("base ou terrain"), "\(wrong.error)")
        let resolved = try base.run(["conflicts", "resolve", "1", "titre=Terrain"])
        #expect(resolved.status == 0, "\(resolved.error)")
        let shown = try #require(try base.json(["show", id, "--json"]) as? [String: Any])
        #expect(shown["title"] as? String == "Titre du terrain")
        #expect(try base.run(["conflicts", "--all"]).output.contains("choisi\u{00A0}: terrain"))
    }

    @Test func exportProblemsAreOneSentenceAndMoveNoMark() throws {
        let liaison = try LiaisonProcess()
        try liaison.initialise()
        #expect(try liaison.run(["demo", "--meetings", "3"]).status == 0)
        let missing = try liaison.run(["export", "--out", liaison.folder.appendingPathComponent("no-stick").path])
        #expect(missing.status == 73 && missing.error.contains("there is no such folder"))
        let unsealed = try liaison.run(["export", "--seal", "--out", liaison.folder.path])
        #expect(unsealed.status == 64 && unsealed.error.contains("keys set-base"))
        // Nothing was marked: the next export is still the first, and holds everything.
        let first = try liaison.run(["export", "--out", liaison.folder.path])
        #expect(first.status == 0 && first.output.hasPrefix("Bundle 1 written"), "\(first.error)")
        let again = try liaison.run(["export", "--out", liaison.folder.path])
        #expect(again.status == 0 && again.output.contains("Nothing has changed since bundle 1"))
    }
}
