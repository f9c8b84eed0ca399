import Crypto
import Foundation
import LiaisonBundle
import LiaisonCore
import LiaisonTestSupport
import Testing

/// Bundles that once verified but should not: entries no manifest covers, names the zip
/// gives two ways, bombs, untrusted or revoked signers, and keys that speak for another
/// device. Each is refused with a sentence.
@Suite struct TightVerifyTests {
    final class Case {
        let fixture: BundleFixture
        let bundle: URL
        var contents: ZipContents
        /// Where tampered copies go, under the name the bundle signs.
        let tampered: URL

        init() throws {
            fixture = try BundleFixture(meetings: 5)
            bundle = try fixture.export().url
            contents = try ZipContents(bundle)
            let folder = fixture.folder.appendingPathComponent("tampered")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            tampered = folder.appendingPathComponent(bundle.lastPathComponent)
        }

        func refusal(_ url: URL? = nil, keys: KeyRing? = nil, allowUntrusted: Bool = true) -> String? {
            do {
                _ = try BundleVerifier.verify(url ?? tampered, keys: keys, allowUntrusted: allowUntrusted)
                return nil
            } catch {
                return "\(error)"
            }
        }
    }

    @Test func anEntryNoManifestCoversIsRefused() throws {
        let bundle = try Case()
        let top = bundle.contents.top
        // A second contacts table, marked a folder but not named as one: unzip would unpack
        // it over the signed file.
        try bundle.contents.write(to: bundle.tampered, folders: ["\(top)/data/csv/contacts.csv"])
        #expect(bundle.refusal()?.contains("neither a file nor an empty folder named as one") == true, "\(bundle.refusal() ?? "")")
        // A file outside data/ that no manifest lists.
        try bundle.contents.write(to: bundle.tampered, extra: [("\(top)/notes.txt", Data("hello".utf8))])
        #expect(bundle.refusal()?.contains("notes.txt in") == true)
        // Names that differ in case only.
        try bundle.contents.write(to: bundle.tampered, extra: [("\(top)/data/CSV/contacts.csv", Data("x".utf8))])
        #expect(bundle.refusal()?.contains("twice") == true)
        // An empty folder named as one is fine.
        try bundle.contents.write(to: bundle.tampered, folders: ["\(top)/data/"])
        #expect(bundle.refusal() == nil)
    }

    @Test func aZipThatNamesAnEntryTwoWaysOrMiscountsIsRefused() throws {
        let bundle = try Case()
        var bytes = [UInt8](try Data(contentsOf: bundle.bundle))
        // The first local header's name, changed by one letter; the directory keeps its own.
        let nameLength = Int(bytes[26]) | Int(bytes[27]) << 8
        bytes[30 + nameLength - 1] ^= 0x01
        try Data(bytes).write(to: bundle.tampered)
        #expect(bundle.refusal()?.contains("names an entry one way in its directory and another") == true, "\(bundle.refusal() ?? "")")

        // The end record declares one entry more than the directory holds.
        var counted = [UInt8](try Data(contentsOf: bundle.bundle))
        let end = try #require((0...(counted.count - 22)).reversed().first { counted[$0..<($0 + 4)].elementsEqual([0x50, 0x4B, 0x05, 0x06]) })
        counted[end + 10] &+= 1
        counted[end + 8] &+= 1
        try Data(counted).write(to: bundle.tampered)
        #expect(bundle.refusal() != nil)
    }

    @Test func aBombIsStoppedWhileItUnpacks() throws {
        let bundle = try Case()
        var bomb = bundle.contents
        bomb.files["data/meetings.geojson"] = Data(repeating: 0x20, count: 24 << 20)
        try bomb.write(to: bundle.tampered)
        #expect(bundle.refusal()?.contains("like a zip bomb") == true, "\(bundle.refusal() ?? "")")
    }

    @Test func onlyATrustedKeyVerifiesAndARevokedOneNever() throws {
        let bundle = try Case()
        let base = KeyRing(folder: bundle.fixture.folder.appendingPathComponent("base-keys"))
        #expect(bundle.refusal(bundle.bundle, keys: base, allowUntrusted: false)?.contains("not trusted here") == true)
        #expect(throws: BundleError.self) { try BundleVerifier.verify(bundle.bundle, keys: base) }
        #expect(bundle.refusal(bundle.bundle, keys: base, allowUntrusted: true) == nil)

        let officerKey = bundle.fixture.folder.appendingPathComponent("amina.pub")
        let file = try bundle.fixture.keys.exportDevicePublicKey(to: officerKey, profile: try bundle.fixture.store.profile())
        _ = try base.trust(officerKey, officer: "Amina Yusuf")
        #expect(try BundleVerifier.verify(bundle.bundle, keys: base).signer.trustedOfficer == "Amina Yusuf")

        _ = try base.revoke(file.fingerprint.replacingOccurrences(of: " ", with: ""), reason: "laptop seized at a checkpoint")
        let revoked = bundle.refusal(bundle.bundle, keys: base, allowUntrusted: true)
        #expect(revoked?.contains("revoked here (laptop seized at a checkpoint)") == true, "\(revoked ?? "")")
        // A revocation spoilt (here, a folder in its place) still revokes: never trusted again by accident.
        let revocations = base.folder.appendingPathComponent("revoked")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: revocations.path).first)
        try FileManager.default.removeItem(at: revocations.appendingPathComponent(name))
        try FileManager.default.createDirectory(at: revocations.appendingPathComponent(name), withIntermediateDirectories: false)
        let spoilt = bundle.refusal(bundle.bundle, keys: base, allowUntrusted: true)
        #expect(spoilt?.contains("revoked here") == true, "\(spoilt ?? "")")
    }

    @Test func aTrustedKeySpeaksForItsOwnDeviceOnly() throws {
        let bundle = try Case()
        let base = KeyRing(folder: bundle.fixture.folder.appendingPathComponent("base-keys"))
        let officerKey = bundle.fixture.folder.appendingPathComponent("amina.pub")
        _ = try bundle.fixture.keys.exportDevicePublicKey(to: officerKey, profile: try bundle.fixture.store.profile())
        _ = try base.trust(officerKey, officer: "Amina Yusuf")
        let key = try bundle.fixture.keys.deviceKey()

        // The same key, the bag claiming another device.
        var other = bundle.contents
        other.setLabel("Internal-Sender-Identifier", UUID().uuidString.lowercased())
        try other.reseal(signingWith: key)
        try other.write(to: bundle.tampered)
        #expect(bundle.refusal(keys: base)?.contains("its key is trusted here for device") == true, "\(bundle.refusal(keys: base) ?? "")")

        // The same key, a record claiming another device.
        var record = bundle.contents
        let device = try #require(try bundle.fixture.store.profile()?.deviceId.uuidString)
        let lines = record.text("data/records/meetings.jsonl")
        record.files["data/records/meetings.jsonl"] = Data(lines.replacingOccurrences(of: device, with: UUID().uuidString).utf8)
        try record.reseal(signingWith: key)
        try record.write(to: bundle.tampered)
        #expect(bundle.refusal(keys: base)?.contains("claims device") == true, "\(bundle.refusal(keys: base) ?? "")")

        // The signature file's device line, which no signature covers, must repeat bag-info's.
        var line = bundle.contents
        line.files["signature-ed25519.txt"] = Data((line.text("signature-ed25519.txt") + "Device: \(UUID().uuidString.lowercased())\n").utf8)
        try line.write(to: bundle.tampered)
        #expect(bundle.refusal(keys: base)?.contains("names device") == true)
    }

    @Test func aRenamedBundleIsRefused() throws {
        let bundle = try Case()
        let renamed = bundle.tampered.deletingLastPathComponent().appendingPathComponent("liaison-KDL-2026-11-21-0009.zip")
        try FileManager.default.copyItem(at: bundle.bundle, to: renamed)
        #expect(bundle.refusal(renamed)?.contains("is named as another bundle than the one it signs") == true)
    }
}
