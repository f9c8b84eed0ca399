import Crypto
import Foundation
import LiaisonTestSupport
import LiaisonBundle
import LiaisonCore
import Testing

/// A damaged, tampered or hostile bundle is refused, and the sentence names the file and
/// the check that failed.
@Suite struct VerifyTests {
    /// A bundle of a small store, read into memory, and a path for tampered copies.
    final class Case {
        let fixture: BundleFixture
        let contents: ZipContents
        let tampered: URL

        init() throws {
            fixture = try BundleFixture(meetings: 5)
            let bundle = try fixture.export().url
            contents = try ZipContents(bundle)
            // Under the name it signs: a bundle renamed is refused for that alone.
            let folder = fixture.folder.appendingPathComponent("tampered")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            tampered = folder.appendingPathComponent(bundle.lastPathComponent)
        }
    }

    private func refusal(_ url: URL, keys: KeyRing? = nil, allowUntrusted: Bool = true,
                         limits: BundleVerifier.Limits = .init()) -> String? {
        do {
            _ = try BundleVerifier.verify(url, keys: keys, allowUntrusted: allowUntrusted, limits: limits)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func aChangedRecordFailsItsChecksum() throws {
        let bundle = try Case()
        let (contents, tampered) = (bundle.contents, bundle.tampered)
        var changed = contents
        var lines = changed.text("data/records/meetings.jsonl")
        lines = lines.replacingOccurrences(of: "\"early_warning\":false", with: "\"early_warning\":true")
        changed.files["data/records/meetings.jsonl"] = Data(lines.utf8)
        try changed.write(to: tampered)
        #expect(refusal(tampered)?.contains("data/records/meetings.jsonl") == true)
        #expect(refusal(tampered)?.contains("does not match its SHA-512 in manifest-sha512.txt") == true)
    }

    @Test func aRewrittenManifestFailsTheTagManifest() throws {
        let bundle = try Case()
        let (contents, tampered) = (bundle.contents, bundle.tampered)
        var changed = contents
        changed.files["data/csv/meetings.csv"] = Data("title\n#event+name\nForged\n".utf8)
        let original = changed.text("tagmanifest-sha512.txt")
        try changed.reseal(signingWith: Curve25519.Signing.PrivateKey())
        changed.files["tagmanifest-sha512.txt"] = Data(original.utf8)
        try changed.write(to: tampered)
        #expect(refusal(tampered)?.contains("does not match its SHA-512 in tagmanifest-sha512.txt") == true)
    }

    @Test func aBundleChangedAfterSigningFailsTheSignature() throws {
        let bundle = try Case()
        let (contents, tampered) = (bundle.contents, bundle.tampered)
        var changed = contents
        let signature = changed.files["signature-ed25519.txt"]
        changed.files["data/meetings.geojson"] = Data("{\"type\":\"FeatureCollection\",\"features\":[]}\n".utf8)
        try changed.reseal(signingWith: Curve25519.Signing.PrivateKey())
        changed.files["signature-ed25519.txt"] = signature
        try changed.write(to: tampered)
        #expect(refusal(tampered)?.contains("does not match its tag manifest") == true)
    }

    @Test func aBundleReSignedByAnotherKeyIsRefused() throws {
        let bundle = try Case()
        let (contents, tampered) = (bundle.contents, bundle.tampered)
        let fixture = bundle.fixture
        var forged = contents
        forged.files["data/records/contacts.jsonl"] = Data()
        try forged.reseal(signingWith: Curve25519.Signing.PrivateKey())
        try forged.write(to: tampered)
        // bag-info (which the forger re-hashed but did not change) names the device's key.
        #expect(refusal(tampered)?.contains("not by the key its bag-info names") == true)

        // A forger who also rewrites bag-info is caught by base's trust in the officer's key.
        let publicKey = fixture.folder.appendingPathComponent("officer.pub")
        let profile = try fixture.store.profile()
        _ = try fixture.keys.exportDevicePublicKey(to: publicKey, profile: profile)
        let base = KeyRing(folder: fixture.folder.appendingPathComponent("base-keys"))
        _ = try base.trust(publicKey, officer: "Amina Yusuf")
        let attacker = Curve25519.Signing.PrivateKey()
        forged.setLabel("Liaison-Signing-Key", Fingerprint.of(attacker.publicKey.rawRepresentation))
        try forged.reseal(signingWith: attacker)
        try forged.write(to: tampered)
        #expect(refusal(tampered, keys: base)?.contains("not the key trusted for that device") == true)
        #expect(refusal(tampered, keys: KeyRing(folder: fixture.folder), allowUntrusted: false)?.contains("not trusted here") == true)

        // The genuine bundle is trusted, and named by its officer.
        let genuine = fixture.folder.appendingPathComponent("genuine").appendingPathComponent(tampered.lastPathComponent)
        try FileManager.default.createDirectory(at: genuine.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: genuine)
        #expect(try BundleVerifier.verify(genuine, keys: base).signer.trustedOfficer == "Amina Yusuf")
    }

    @Test func recordsThatDoNotMatchTheirCountsOrSchemaAreRefused() throws {
        let bundle = try Case()
        let (contents, tampered) = (bundle.contents, bundle.tampered)
        let fixture = bundle.fixture
        let key = try fixture.keys.deviceKey()
        // One record fewer than bag-info says, signed by the device itself.
        var short = contents
        let lines = short.text("data/records/feedback.jsonl").split(separator: "\n")
        short.files["data/records/feedback.jsonl"] = Data((lines.dropLast().joined(separator: "\n") + "\n").utf8)
        try short.reseal(signingWith: key)
        try short.write(to: tampered)
        #expect(refusal(tampered)?.contains("holds \(lines.count - 1) records, but bag-info says \(lines.count)") == true)

        // A line that is not a record.
        var broken = contents
        broken.files["data/records/grievances.jsonl"] = Data(("{\"id\": 42}\n" + contents.text("data/records/grievances.jsonl")).utf8)
        try broken.reseal(signingWith: key)
        try broken.write(to: tampered)
        #expect(refusal(tampered)?.contains("Line 1 of data/records/grievances.jsonl") == true)

        // A schema newer than this liaison.
        var newer = contents
        newer.setLabel("Liaison-Schema-Version", "99")
        try newer.reseal(signingWith: key)
        try newer.write(to: tampered)
        #expect(refusal(tampered)?.contains("schema version 99") == true)
    }

    @Test func anIncompleteBagIsRefused() throws {
        let bundle = try Case()
        let (contents, tampered) = (bundle.contents, bundle.tampered)
        var missing = contents
        missing.files["data/meetings.ics"] = nil
        try missing.write(to: tampered)
        #expect(refusal(tampered)?.contains("data/meetings.ics is listed in manifest-sha512.txt but is missing") == true)

        var extra = contents
        extra.files["data/secret.txt"] = Data("smuggled".utf8)
        try extra.write(to: tampered)
        #expect(refusal(tampered)?.contains("data/secret.txt") == true)
        #expect(refusal(tampered)?.contains("not listed in manifest-sha512.txt") == true)

        var unsigned = contents
        unsigned.files["signature-ed25519.txt"] = nil
        try unsigned.write(to: tampered)
        #expect(refusal(tampered)?.contains("has no signature-ed25519.txt") == true)
    }

    @Test func hostileZipsAreRefusedBeforeAnythingIsUnpacked() throws {
        let bundle = try Case()
        let (contents, tampered) = (bundle.contents, bundle.tampered)
        try contents.write(to: tampered, extra: [("../../etc/evil", Data("x".utf8))])
        #expect(refusal(tampered)?.contains("unsafe path") == true)

        try contents.write(to: tampered, extra: [("other-folder/bagit.txt", Data("x".utf8))])
        #expect(refusal(tampered)?.contains("more than one top-level folder") == true)

        var limits = BundleVerifier.Limits()
        limits.entries = 5
        try contents.write(to: tampered)
        #expect(refusal(tampered, limits: limits)?.contains("more than 5 files") == true)
        limits = BundleVerifier.Limits()
        limits.totalBytes = 1000
        #expect(refusal(tampered, limits: limits)?.contains("would unpack to more than") == true)

        let garbage = tampered.deletingLastPathComponent().appendingPathComponent("garbage.zip")
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: garbage)
        #expect(refusal(garbage)?.contains("is not a zip file") == true)

        // A zip cut short in transit.
        let whole = try Data(contentsOf: tampered)
        try whole.prefix(whole.count / 2).write(to: garbage)
        #expect(refusal(garbage) != nil)
    }

    @Test func aDamagedByteInsideTheZipIsFound() throws {
        let bundle = try Case()
        let tampered = bundle.tampered
        let url = try #require(try FileManager.default.contentsOfDirectory(at: bundle.fixture.out, includingPropertiesForKeys: nil).first)
        var bytes = [UInt8](try Data(contentsOf: url))
        // Flip a byte in the middle of the compressed data of some entry.
        bytes[bytes.count / 3] ^= 0x55
        try Data(bytes).write(to: tampered)
        #expect(refusal(tampered)?.contains(tampered.lastPathComponent) == true)
    }
}
