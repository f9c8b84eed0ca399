import Crypto
import Foundation
import LiaisonTestSupport
@testable import LiaisonBundle
import LiaisonCore
import Testing

@Suite struct KeyAndSealTests {
    @Test func eachDeviceHasKeysOfItsOwnAwayFromTheStoreAndOldKeysMoveThere() throws {
        let fixture = try BundleFixture()
        let device = try fixture.keys.deviceKey()
        let profile = try #require(try fixture.store.profile())
        #expect(fixture.keys.folder.lastPathComponent == profile.deviceId.uuidString.lowercased())
        #expect(!fixture.keys.folder.path.hasPrefix(fixture.store.url.deletingLastPathComponent().path))

        // A second store in the same folder is another device, with another key.
        let other = try Store(at: fixture.store.url.deletingLastPathComponent().appendingPathComponent("other.sqlite"),
                              options: Store.Options(create: true))
        defer { other.close() }
        try other.setProfile(DeviceProfile(officer: "Juma Deng", unit: "Civil Affairs", prefix: "BOR"))
        let otherKey = try fixture.keyFolders.ring(for: other).deviceKey()
        #expect(otherKey.rawRepresentation != device.rawRepresentation)

        // Keys an earlier liaison kept beside the store move to the data folder, and go
        // from beside the store.
        let legacy = other.url.deletingLastPathComponent().appendingPathComponent("keys")
        let moved = KeyRing(folder: legacy)
        let third = try Store(at: legacy.deletingLastPathComponent().appendingPathComponent("third.sqlite"),
                              options: Store.Options(create: true))
        defer { third.close() }
        try third.setProfile(DeviceProfile(officer: "Achol Garang", unit: "Civil Affairs", prefix: "WAU"))
        let oldKey = try moved.deviceKey()
        let ring = try fixture.keyFolders.ring(for: third)
        #expect(try ring.deviceKey(create: false).rawRepresentation == oldKey.rawRepresentation)
        #expect(!FileManager.default.fileExists(atPath: legacy.appendingPathComponent("device.key").path))
    }

    @Test func aKeysFolderBesideTheStoreThatIsALinkIsLeftAlone() throws {
        let fixture = try BundleFixture()
        let foreign = fixture.folder.appendingPathComponent("foreign")
        try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: true)
        try Data("PRECIOUS".utf8).write(to: foreign.appendingPathComponent("vault.json"))
        let store = try Store(at: fixture.folder.appendingPathComponent("linked/liaison.sqlite"), options: Store.Options(create: true))
        defer { store.close() }
        try store.setProfile(DeviceProfile(officer: "Juma Deng", unit: "Civil Affairs", prefix: "BOR"))
        try FileManager.default.createSymbolicLink(at: fixture.folder.appendingPathComponent("linked/keys"), withDestinationURL: foreign)
        let ring = try fixture.keyFolders.ring(for: store)
        #expect(try ring.vaultFile() == nil)
        #expect(FileManager.default.contents(atPath: foreign.appendingPathComponent("vault.json").path) == Data("PRECIOUS".utf8))
    }

    @Test func theDeviceKeyIsMadeOnceAndKeptPrivate() throws {
        let fixture = try BundleFixture()
        let first = try fixture.keys.deviceKey()
        let again = try fixture.keyFolders.ring(for: fixture.store).deviceKey(create: false)
        #expect(first.rawRepresentation == again.rawRepresentation)
        let path = fixture.keys.folder.appendingPathComponent("device.key").path
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: fixture.keys.folder.path)[.posixPermissions] as? Int == 0o700)

        let exported = fixture.folder.appendingPathComponent("amina.pub")
        let file = try fixture.keys.exportDevicePublicKey(to: exported, profile: try fixture.store.profile())
        let read = try PublicKeyFile.read(exported, expecting: .deviceSigning)
        #expect(read.fingerprint == file.fingerprint && read.prefix == "KDL" && read.officer == "Amina Yusuf")
        #expect(read.fingerprint.split(separator: " ").count == 8)
    }

    @Test func keyFilesOfTheWrongKindOrEditedAreRefused() throws {
        let fixture = try BundleFixture()
        let base = try KeyRing.makeBase(in: fixture.folder.appendingPathComponent("base"), name: "Kadugli")
        #expect(throws: BundleError.self) { try PublicKeyFile.read(base.public, expecting: .deviceSigning) }
        #expect(throws: BundleError.self) { try fixture.keys.trust(base.public, officer: "Amina") }
        #expect(throws: BundleError.self) { try fixture.keys.setBase(from: base.private) }
        #expect(throws: BundleError.self) { try KeyRing.makeBase(in: fixture.folder.appendingPathComponent("base"), name: nil) }

        var text = try String(contentsOf: base.public, encoding: .utf8)
        text = text.replacingOccurrences(of: base.file.fingerprint, with: "0000 0000 0000 0000 0000 0000 0000 0000")
        try text.write(to: base.public, atomically: true, encoding: .utf8)
        #expect(throws: BundleError.badKey(path: base.public.path, reason: Reason("bundle.reason.fingerprint_mismatch"))) {
            try fixture.keys.setBase(from: base.public)
        }
    }

    @Test func aSealedBundleOpensOnlyWithTheBaseKey() throws {
        // Given an officer who set the base's key
        let fixture = try BundleFixture(meetings: 20)
        let base = try KeyRing.makeBase(in: fixture.folder.appendingPathComponent("base"), name: "Kadugli")
        _ = try fixture.keys.setBase(from: base.public)

        // When a bundle is sealed
        let sealed = try fixture.export(seal: true)

        // Then nothing of it is readable without the base's key
        #expect(sealed.url.pathExtension == "sealed" && sealed.sealed)
        let bytes = try Data(contentsOf: sealed.url)
        // Each at least five bytes: three bytes turn up by chance in the ciphertext of a run
        // in a few hundred (a run failed on "KDL" so).
        for visible in ["bag-info", "Payload-Oxum", "Prefix: KDL", "Amina", "Liaison-Count", "data/"] {
            #expect(bytes.range(of: Data(visible.utf8)) == nil, "\(visible) is readable in the sealed file")
        }
        #expect(throws: BundleError.sealedNeedsKey(path: sealed.url.lastPathComponent)) {
            try BundleVerifier.verify(sealed.url, allowUntrusted: true)
        }
        let other = try KeyRing.makeBase(in: fixture.folder.appendingPathComponent("other"), name: nil)
        #expect(throws: BundleError.self) { try BundleVerifier.verify(sealed.url, baseKey: other.private, allowUntrusted: true) }

        // And with it, the bundle verifies in full
        let report = try BundleVerifier.verify(sealed.url, baseKey: base.private, allowUntrusted: true)
        #expect(report.sealed && report.counts == sealed.plan.counts && report.sha256 == sealed.sha256)
        let opened = fixture.folder.appendingPathComponent("opened.zip")
        try BundleVerifier.unseal(sealed.url, baseKey: base.private, to: opened)
        #expect(try ZipContents(opened).text("bagit.txt").hasPrefix("BagIt-Version: 1.0"))
    }

    @Test func aSealedBundleCutShortOrChangedIsRefused() throws {
        // Given a bundle sealed in small chunks, so that it spans many
        let fixture = try BundleFixture(meetings: 20)
        let base = try KeyRing.makeBase(in: fixture.folder.appendingPathComponent("base"), name: nil)
        let zip = try fixture.export().url
        let sealedURL = fixture.folder.appendingPathComponent("small-chunks")
            .appendingPathComponent(zip.deletingPathExtension().lastPathComponent + ".sealed")
        try FileManager.default.createDirectory(at: sealedURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        let output = try HashingFile<SHA256>(creating: sealedURL)
        let recipient = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: try #require(base.file.rawKey))
        try SealedBundle.seal(zip, into: output, for: recipient, chunkSize: 4096)
        _ = try output.finish()
        let bytes = [UInt8](try Data(contentsOf: sealedURL))
        #expect(try BundleVerifier.verify(sealedURL, baseKey: base.private, allowUntrusted: true).sealed)

        let damaged = fixture.folder.appendingPathComponent("damaged").appendingPathComponent(sealedURL.lastPathComponent)
        try FileManager.default.createDirectory(at: damaged.deletingLastPathComponent(), withIntermediateDirectories: true)
        func refusal(_ data: [UInt8]) -> String? {
            try? Data(data).write(to: damaged)
            do {
                _ = try BundleVerifier.verify(damaged, baseKey: base.private, allowUntrusted: true)
                return nil
            } catch {
                return "\(error)"
            }
        }
        // Cut at the end of a chunk: every chunk left is intact, but the last is missing.
        let header = 15 + 1 + 16 + 2 + 32
        let chunk = 5 + 4096 + 16
        #expect(refusal(Array(bytes.prefix(header + 3 * chunk)))?.contains("cut short") == true)
        #expect(refusal(Array(bytes.dropLast(100)))?.contains("cut short") == true)
        // A chunk dropped from the middle, or two swapped, breaks the numbering.
        #expect(refusal(Array(bytes.prefix(header + chunk)) + Array(bytes.dropFirst(header + 2 * chunk)))?
            .contains("fails its authentication") == true)
        let swapped = Array(bytes.prefix(header)) + Array(bytes[(header + chunk)..<(header + 2 * chunk)])
            + Array(bytes[header..<(header + chunk)]) + Array(bytes.dropFirst(header + 2 * chunk))
        #expect(refusal(swapped)?.contains("fails its authentication") == true)
        var flipped = bytes
        flipped[bytes.count / 2] ^= 1
        #expect(refusal(flipped)?.contains("fails its authentication") == true)
        #expect(refusal(bytes + [0])?.contains("data after its last sealed chunk") == true)
    }

    @Test func sealingWithoutABaseKeyIsRefusedBeforeAnythingIsWritten() throws {
        let fixture = try BundleFixture(meetings: 2)
        #expect(throws: BundleError.noBaseKey) { try fixture.export(seal: true) }
        #expect(try fixture.outputFiles().isEmpty)
        #expect(try fixture.store.lastExport() == nil)
    }
}
