import Crypto
import Foundation
import LiaisonBundle
import LiaisonCore
import LiaisonTestSupport
import Testing

/// A generator of hostile and broken bundles: each case is made from one genuine bundle
/// and must be refused with one sentence, leaving every file it was given as it was.
@Suite struct HostileBundleTests {
    /// One hostile bundle: what it is, and how it is made from the genuine one's contents
    /// (`nil` bytes: the case writes the file itself).
    struct Case: Sendable {
        let name: String
        let make: @Sendable (inout ZipContents, Curve25519.Signing.PrivateKey) throws -> [UInt8]?
        var allowUntrusted = true
        var extra: [(path: String, data: Data)] = []
        var folders: [String] = []
        /// Changes the genuine file's bytes instead.
        var patch: (@Sendable (inout [UInt8]) -> Void)?
    }

    static func bytesCase(_ name: String, _ patch: @escaping @Sendable (inout [UInt8]) -> Void) -> Case {
        Case(name: name, make: unchanged, patch: patch)
    }

    /// Where the end record, the directory and its first entry start.
    static func layout(_ bytes: [UInt8]) -> (end: Int, directory: Int) {
        let end = bytes.count - 22
        let directory = Int(bytes[end + 16]) | Int(bytes[end + 17]) << 8 | Int(bytes[end + 18]) << 16 | Int(bytes[end + 19]) << 24
        return (end, directory)
    }

    static func resealed(_ change: @escaping @Sendable (inout ZipContents) -> Void) -> @Sendable (inout ZipContents, Curve25519.Signing.PrivateKey) throws -> [UInt8]? {
        { contents, key in
            change(&contents)
            try contents.reseal(signingWith: key)
            return nil
        }
    }

    static func line(_ kind: String, _ change: @escaping @Sendable (String) -> String) -> @Sendable (inout ZipContents, Curve25519.Signing.PrivateKey) throws -> [UInt8]? {
        resealed { contents in
            let path = "data/records/\(kind).jsonl"
            let lines = contents.text(path).split(separator: "\n").map(String.init)
            contents.files[path] = Data(([change(lines[0])] + lines.dropFirst()).joined(separator: "\n").utf8 + [0x0A])
        }
    }

    static func field(_ kind: String, _ key: String, _ value: Any) -> @Sendable (inout ZipContents, Curve25519.Signing.PrivateKey) throws -> [UInt8]? {
        nonisolated(unsafe) let value = value
        return line(kind) { text in
            guard var object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return text }
            object[key] = value
            return String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
        }
    }

    static let unchanged: @Sendable (inout ZipContents, Curve25519.Signing.PrivateKey) throws -> [UInt8]? = { _, _ in nil }

    static func cases(top: String) -> [Case] { [
        Case(name: "a path that climbs out", make: unchanged, extra: [("\(top)/../evil.txt", Data("x".utf8))]),
        Case(name: "an absolute path", make: unchanged, extra: [("/etc/evil.txt", Data("x".utf8))]),
        Case(name: "a backslash", make: unchanged, extra: [("\(top)\\data\\evil.txt", Data("x".utf8))]),
        Case(name: "a NUL in a name", make: unchanged, extra: [("\(top)/data/evil\u{0}.txt", Data("x".utf8))]),
        Case(name: "a second copy of a signed file", make: unchanged, extra: [("\(top)/data/csv/contacts.csv", Data("x".utf8))]),
        Case(name: "a name differing in case", make: unchanged, extra: [("\(top)/DATA/csv/contacts.csv", Data("x".utf8))]),
        Case(name: "a folder entry without its slash", make: unchanged, folders: ["\(top)/data/csv/contacts.csv"]),
        Case(name: "an unlisted payload file", make: unchanged, extra: [("\(top)/data/evil.txt", Data("x".utf8))]),
        Case(name: "an unlisted tag file", make: unchanged, extra: [("\(top)/notes.txt", Data("x".utf8))]),
        Case(name: "a second top folder", make: unchanged, extra: [("other/data/x.txt", Data("x".utf8))]),
        Case(name: "a file outside the top folder", make: unchanged, extra: [("evil.txt", Data("x".utf8))]),
        Case(name: "too many files", make: unchanged, extra: (0..<70).map { ("\(top)/data/f\($0).txt", Data("x".utf8)) }),
        Case(name: "a missing payload file", make: { contents, _ in contents.files["data/meetings.ics"] = nil; return nil }),
        Case(name: "a missing tag file", make: { contents, _ in contents.files["bagit.txt"] = nil; return nil }),
        Case(name: "a record changed after signing", make: { contents, _ in
            contents.files["data/records/meetings.jsonl"]?.append(contentsOf: Data("{}\n".utf8)); return nil }),
        Case(name: "bag-info changed after signing", make: { contents, _ in contents.setLabel("Contact-Name", "Someone"); return nil }),
        Case(name: "a signature of other bytes", make: { contents, _ in
            let lines = contents.text("signature-ed25519.txt").split(separator: "\n").map { line -> String in
                guard line.hasPrefix("Signature: "), var bytes = Data(base64Encoded: String(line.dropFirst(11))) else { return String(line) }
                bytes[0] ^= 0x01
                return "Signature: " + bytes.base64EncodedString()
            }
            contents.files["signature-ed25519.txt"] = Data((lines.joined(separator: "\n") + "\n").utf8); return nil }),
        Case(name: "no signature", make: { contents, _ in contents.files["signature-ed25519.txt"] = Data("Algorithm: Ed25519\n".utf8); return nil }),
        Case(name: "a stranger's signature", make: { contents, _ in try contents.reseal(signingWith: Curve25519.Signing.PrivateKey()); return nil },
             allowUntrusted: false),
        Case(name: "an unknown schema", make: resealed { $0.setLabel("Liaison-Schema-Version", "999") }),
        Case(name: "an unknown bundle format", make: resealed { $0.setLabel("Liaison-Bundle-Format", "7") }),
        Case(name: "a count that is wrong", make: resealed { $0.setLabel("Liaison-Count-Meetings", "9999") }),
        Case(name: "a renamed bundle", make: resealed { $0.setLabel("Liaison-Sequence", "42") }),
        Case(name: "another device claimed in bag-info", make: resealed { $0.setLabel("Internal-Sender-Identifier", "not-a-device") }),
        Case(name: "invalid UTF-8 in a record", make: resealed { contents in
            contents.files["data/records/contacts.jsonl"] = Data([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D, 0x0A]) }),
        Case(name: "a record line longer than any record", make: line("meetings") { _ in String(repeating: " ", count: 2 << 20) }),
        Case(name: "an unknown enum", make: field("contacts", "sensitivity", "royal")),
        Case(name: "an impossible date", make: field("contacts", "consent_date", "2026-02-30")),
        Case(name: "impossible coordinates", make: field("meetings", "latitude", 200)),
        Case(name: "an overlong name", make: field("contacts", "name", String(repeating: "n", count: 5000))),
        Case(name: "a duplicate id", make: resealed { contents in
            let lines = contents.text("data/records/contacts.jsonl").split(separator: "\n")
            contents.files["data/records/contacts.jsonl"] = Data((lines + [lines[0]]).joined(separator: "\n").utf8 + [0x0A])
            contents.setLabel("Liaison-Count-Contacts", String(lines.count + 1)) }),
        Case(name: "a record of another device", make: field("meetings", "device_id", UUID().uuidString)),
        Case(name: "a tombstone with more than its id", make: line("contacts") { _ in
            "{\"deleted_at\":\"2026-11-21T08:00:00.000Z\",\"id\":\"\(UUID().uuidString)\",\"name\":\"x\"}" }),
        Case(name: "a bomb by ratio", make: { contents, _ in contents.files["data/meetings.geojson"] = Data(repeating: 0x20, count: 24 << 20); return nil }),
        Case(name: "a file cut short", make: { contents, _ in [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00] }),
        bytesCase("bytes after the end record") { $0 += Array("trailing".utf8) },
        bytesCase("a zip comment") { bytes in
            bytes[bytes.count - 2] = 7
            bytes += Array("comment".utf8)
        },
        bytesCase("bytes between the directory and the end record") { bytes in
            let (end, _) = layout(bytes)
            bytes.insert(contentsOf: Array("hidden".utf8), at: end)
        },
        bytesCase("an entry marked encrypted") { bytes in
            let (_, directory) = layout(bytes)
            bytes[directory + 8] |= 0x01
            bytes[6] |= 0x01
        },
        bytesCase("a file carrying the DOS folder bit") { bytes in
            let (_, directory) = layout(bytes)
            bytes[directory + 38] |= 0x10
        },
        bytesCase("a local header that sizes its entry otherwise") { bytes in bytes[18] ^= 0x01 },
        Case(name: "a folder with a signed file's name", make: unchanged, folders: ["\(top)/data/records/contacts.jsonl/"]),
        Case(name: "a label given twice", make: resealed { contents in
            contents.files["bag-info.txt"]?.append(contentsOf: Data("Internal-Sender-Identifier: \(UUID().uuidString)\n".utf8)) }),
        Case(name: "a signature file naming another fingerprint", make: { contents, _ in
            contents.files["signature-ed25519.txt"]?.append(contentsOf: Data("Key-Fingerprint: 0000 0000 0000 0000 0000 0000 0000 0000\n".utf8))
            return nil }),
        Case(name: "a signature file with more to say", make: { contents, _ in
            contents.files["signature-ed25519.txt"]?.append(contentsOf: Data("Signed-By: Base Commander\n".utf8)); return nil }),
        Case(name: "a key given twice in a record", make: line("meetings") { text in
            "{\"device_id\":\"\(UUID().uuidString)\"," + text.dropFirst() }),
        Case(name: "a record with a key liaison does not write", make: line("meetings") { text in
            "{\"zz_extra\":1," + text.dropFirst() }),
        Case(name: "not a zip at all", make: { _, _ in Array("This is a letter, not a bundle.\n".utf8) }),
    ] }

    @Test func everyHostileBundleIsRefusedInOneSentenceAndChangesNothing() throws {
        let fixture = try BundleFixture(meetings: 8)
        let genuine = try fixture.export().url
        let original = try ZipContents(genuine)
        let key = try fixture.keys.deviceKey()
        let folder = fixture.folder.appendingPathComponent("hostile")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // A base that trusts the device, so the bundles are read as far as an import reads.
        let base = try Base(fixture)
        let storeFiles = ["", "-wal", "-shm"].map { base.url.path + $0 }
        let storeBytes = storeFiles.map { FileManager.default.contents(atPath: $0) }
        let cases = Self.cases(top: original.top)
        #expect(cases.count >= 48)
        var linesRefusedInFrench = 0
        var bundlesRefusedInFrench = 0
        var linesNotInLiaisonsForm = 0
        for hostile in cases {
            var contents = original
            let url = folder.appendingPathComponent(genuine.lastPathComponent)
            if let patch = hostile.patch {
                var bytes = [UInt8](try Data(contentsOf: genuine))
                patch(&bytes)
                try Data(bytes).write(to: url)
            } else if let bytes = try hostile.make(&contents, key) {
                try Data(bytes).write(to: url)
            } else {
                try contents.write(to: url, extra: hostile.extra, folders: hostile.folders)
            }
            let before = try Data(contentsOf: url)
            let around = try FileManager.default.contentsOfDirectory(atPath: fixture.folder.path).sorted()
            do {
                _ = try BundleVerifier.verify(url, allowUntrusted: hostile.allowUntrusted)
                Issue.record("\(hostile.name): verified")
            } catch {
                let sentence = "\(error)"
                #expect(!sentence.isEmpty && !sentence.contains("\n") && sentence.hasSuffix("."), "\(hostile.name): \(sentence)")
                // What is wrong with a record line is said in the officer's language.
                if let refusal = error as? BundleError, case .badLine(let bad) = refusal {
                    if bad.reason == .notCanonical { linesNotInLiaisonsForm += 1 }
                    let french = refusal.message(in: .standard(.fr))
                    #expect(french.hasPrefix("La ligne ") && french.hasSuffix(".") && !french.contains("\n"),
                            "\(hostile.name): \(french)")
                    linesRefusedInFrench += 1
                }
                // So is what is wrong with the bundle as a whole, every value in its place.
                if let refusal = error as? BundleError, case .refused = refusal {
                    let french = refusal.message(in: .standard(.fr))
                    #expect(french != sentence && french.hasSuffix(".") && !french.contains("\n")
                            && french.firstMatch(of: /\{[a-z_]+\}|bundle\.refused/) == nil, "\(hostile.name): \(french)")
                    #expect(sentence.firstMatch(of: /\{[a-z_]+\}|bundle\.refused/) == nil, "\(hostile.name): \(sentence)")
                    bundlesRefusedInFrench += 1
                }
            }
            // Imported at base: refused, with the store's files byte for byte as they were.
            let imported = base.take(url)[0]
            if case .refused = imported.status {} else { Issue.record("\(hostile.name): imported (\(imported.status))") }
            // The key a script matches in `import --json` is one the catalogue words, in both languages.
            let key = try #require(imported.refusalKey, "\(hostile.name): no key")
            #expect(Catalogue.keys(.en).contains(key) && Catalogue.keys(.fr).contains(key), "\(hostile.name): \(key)")
            #expect(storeFiles.map { FileManager.default.contents(atPath: $0) } == storeBytes, "\(hostile.name): the store changed")
            #expect(try Data(contentsOf: url) == before, "\(hostile.name): the bundle was changed")
            #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.folder.path).sorted() == around,
                    "\(hostile.name): something was written beside it")
            try? FileManager.default.removeItem(at: url)
        }
        #expect(linesRefusedInFrench >= 5, "record lines refused: \(linesRefusedInFrench)")
        #expect(bundlesRefusedInFrench >= 30, "bundles refused as a whole: \(bundlesRefusedInFrench)")
        // A key twice or a key liaison does not write gets its own sentence, not "not valid".
        #expect(linesNotInLiaisonsForm >= 2, "lines not in liaison's form: \(linesNotInLiaisonsForm)")
        #expect(Store.backups(of: base.url).isEmpty, "a refused bundle took a backup")
        // And the genuine bundle, after all that, still verifies.
        #expect(try BundleVerifier.verify(genuine, allowUntrusted: true).counts[.meeting] == 8)
    }

    /// A flip may land in what the zip keeps around the files and no one signs (a file's
    /// modification time); such a bundle may verify, but only with every file as it was.
    @Test func randomFlipsAndCutsAreRefusedOrChangeNothingAndNeverCrash() throws {
        let fixture = try BundleFixture(meetings: 4)
        let genuine = try fixture.export().url
        // A trusting base imports every flipped bundle: refused, or, when the flip landed
        // where no one signs, the genuine records, the same every time.
        let base = try Base(fixture)
        var digest: String?
        let bytes = [UInt8](try Data(contentsOf: genuine))
        let original = try ZipContents(genuine)
        let url = fixture.folder.appendingPathComponent("flipped").appendingPathComponent(genuine.lastPathComponent)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var random = SeededRandom(seed: 2026)
        for round in 0..<150 {
            var changed = bytes
            if round % 3 == 0 {
                changed = Array(changed.prefix(random.next(changed.count)))
            } else {
                for _ in 0..<random.next(in: 1...4) {
                    let at = random.next(changed.count)
                    changed[at] ^= UInt8(random.next(in: 1...255))
                }
            }
            try Data(changed).write(to: url)
            if (try? BundleVerifier.verify(url, allowUntrusted: true)) != nil {
                #expect(try ZipContents(url).files == original.files, "round \(round): verified with other contents")
            }
            let before = try base.store.contentDigest()
            if case .imported = base.take(url)[0].status {
                let now = try base.store.contentDigest()
                #expect(digest == nil || digest == now, "round \(round): imported other records")
                digest = now
            } else {
                #expect(try base.store.contentDigest() == before, "round \(round): a refused bundle changed the store")
            }
        }
    }

    /// Every refusal the bundle code can give, read from its source, has its sentence in
    /// every language: a code without one would show the officer the bare key.
    @Test func everyRefusalHasItsSentenceInEveryLanguage() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/LiaisonBundle").standardizedFileURL
        var codes: Set<String> = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
            let source = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for match in source.matches(of: /refused\("([a-z_.0-9]+)"/) { codes.insert(String(match.output.1)) }
            // A choice of two codes: `refused(officer == nil ? "…_unnamed" : "…", values)`.
            for match in source.matches(of: /refused\((?!name,)[^"\n]*\? "([a-z_.0-9]+)" : "([a-z_.0-9]+)"/) {
                codes.formUnion([String(match.output.1), String(match.output.2)])
            }
            // What is wrong with a file that is not a zip, or a damaged one (`ZipDirectory`).
            for call in source.matches(of: /refused\(name, [^\n]*"\)/) {
                for word in String(call.output).matches(of: /"([a-z_]+)"/) { codes.insert("not_zip." + word.output.1) }
            }
        }
        #expect(codes.count >= 60, "\(codes.count) codes found")
        for language in Language.allCases {
            let own = Catalogue.keys(language)
            let missing = codes.filter { !own.contains("bundle.refused.\($0)") }.sorted()
            #expect(missing.isEmpty, "\(language) lacks \(missing)")
        }
        let worded = Catalogue.keys(.en).filter { $0.hasPrefix("bundle.refused.") }
        let unused = worded.subtracting(codes.map { "bundle.refused.\($0)" }).sorted()
        #expect(unused.isEmpty, "sentences no refusal gives: \(unused)")
    }

    /// Every reason a file, a key or a store cannot be used has its words in every language,
    /// and a French officer reads them in French: the keys named anywhere in the sources.
    @Test func everyReasonHasItsWordsInEveryLanguage() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources").standardizedFileURL
        var keys: Set<String> = []
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String } ?? []
        for file in files where file.hasSuffix(".swift") {
            let source = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for match in source.matches(of: /"((?:bundle|core)\.(?:reason|errno|io)\.[a-z_0-9]+)"/) { keys.insert(String(match.output.1)) }
        }
        #expect(keys.count >= 40, "\(keys.count) keys found")
        for language in Language.allCases {
            // The language's own keys: a missing one would fall back to English.
            let own = Catalogue.keys(language)
            let missing = keys.filter { !own.contains($0) }.sorted()
            #expect(missing.isEmpty, "\(language) lacks \(missing)")
        }
        let error = BundleError.cannotRead(path: "/tmp/in", reason: Reason("bundle.reason.folder_not_bundle"))
        #expect(error.message(in: .standard(.fr)) == "Impossible de lire /tmp/in\u{00A0}: c’est un dossier\u{00A0}; indiquez un fichier de lot.")
        #expect(error.description == "Cannot read /tmp/in: it is a folder; give a bundle file.")
        let system = StoreError.unreadable(path: "/s", reason: .system("No such device"))
        #expect(system.message(in: .standard(.fr)).contains("No such device"))
    }
}
