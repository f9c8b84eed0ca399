import Crypto
import Foundation
import LiaisonCore
import Synchronization
import ZIPFoundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What an export should do.
public struct ExportOptions: Sendable {
    /// The folder the bundle goes into (a USB stick, the current folder).
    public var folder: URL
    /// Everything, rather than what changed since the last export.
    public var full: Bool
    /// Seal the bundle to the base's key; nil seals it when a base key is set.
    public var seal: Bool?
    /// Carry protected contacts' real names, phones and notes (the officer said so).
    public var includeProtected: Bool
    /// Carry them unsealed: the officer said so too, for a bundle carried by hand. Without
    /// it, real names leave only sealed to the base.
    public var inClear: Bool
    /// Leave every field of free text empty: for a device whose vault was wiped, where the
    /// protected names free text must be cleaned of can no longer be read.
    public var withholdFreeText = false
    /// Polled while writing; true stops the export cleanly (an interrupt).
    public var isCancelled: @Sendable () -> Bool

    public init(folder: URL, full: Bool = false, seal: Bool? = nil, includeProtected: Bool = false, inClear: Bool = false,
                isCancelled: @escaping @Sendable () -> Bool = { false }) {
        self.folder = folder
        self.full = full
        self.seal = seal
        self.includeProtected = includeProtected
        self.inClear = inClear
        self.isCancelled = isCancelled
    }
}

/// How far an export has gone: a share from 0 to 1 and what it is doing.
public struct ExportProgress: Sendable, Equatable {
    public var fraction: Double
    public var step: String

    public init(fraction: Double, step: String) {
        self.fraction = fraction
        self.step = step
    }
}

/// A written bundle.
public struct ExportResult: Sendable, Equatable {
    public let url: URL
    public let size: Int64
    /// SHA-256 of the bundle file, lowercase hexadecimal.
    public let sha256: String
    public let plan: ExportPlan
    public let sealed: Bool
    /// Protected contacts that left under their real names (only with `includeProtected`).
    public let protectedInClear: Int
    /// The fingerprint of the base key it was sealed to.
    public let baseFingerprint: String?
}

/// Writes export bundles: the payload files streamed from the store into a private staging
/// folder, then the bag's tag files and signature, then one zip (sealed or not) written
/// beside its final name, synced and renamed. Until that rename, the destination holds no
/// bundle; until the store records the mark, the next export starts where this one did.
public enum BundleWriter {
    /// Exports from `store` as `options` say, signing with the device key in `keys`.
    public static func export(_ store: Store, _ options: ExportOptions, keys: KeyRing,
                              progress: (ExportProgress) -> Void = { _ in }) throws -> ExportResult {
        // Sealed by default once a base key is set.
        let base = try keys.baseKey()
        let seal = options.seal ?? (base != nil)
        // People at risk never leave the device in clear unless the officer says so twice.
        guard !options.includeProtected || seal || options.inClear else { throw BundleError.protectedNeedsSeal }
        try checkFolder(options.folder)
        let recipient: Curve25519.KeyAgreement.PublicKey?
        if seal {
            guard let base, let raw = base.rawKey else { throw BundleError.noBaseKey }
            recipient = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: raw)
        } else {
            recipient = nil
        }
        // Sealed to the vault once there is one: the vault must be unlocked to sign. A key
        // destroyed by a wipe is not made again behind the officer's back.
        let signingKey = try keys.deviceKey(create: !keys.wasWiped, vault: store.vault)
        var outcome: (url: URL, size: Int64, protectedInClear: Int)?
        let (plan, mark) = try store.export(full: options.full, write: { reader in
            let written = try write(reader, options: options, signingKey: signingKey, recipient: recipient,
                                    taxonomies: store.taxonomies, progress: progress)
            outcome = (written.url, written.size, written.protectedInClear)
            return (written.url.lastPathComponent, written.sha256, written.tagManifestSHA256)
        }, undo: { fileName in
            unlink(options.folder.appendingPathComponent(fileName).path)
        })
        guard let outcome else { throw BundleError.refused("export_empty", [:]) }
        return ExportResult(url: outcome.url, size: outcome.size, sha256: mark.sha256, plan: plan,
                            sealed: recipient != nil, protectedInClear: outcome.protectedInClear,
                            baseFingerprint: recipient == nil ? nil : base?.fingerprint)
    }

    /// Refuses a destination that is missing, not a folder, or not writable, before any work.
    static func checkFolder(_ folder: URL) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) else {
            throw BundleError.cannotWrite(path: folder.path, reason: Reason("core.errno.no_folder"))
        }
        guard isFolder.boolValue else { throw BundleError.cannotWrite(path: folder.path, reason: Reason("bundle.reason.file_not_folder")) }
        guard access(folder.path, W_OK) == 0 else { throw BundleError.writing(folder.path, errno: errno) }
    }

    // MARK: - One bundle

    private static func write(_ reader: borrowing ExportReader, options: ExportOptions,
                              signingKey: Curve25519.Signing.PrivateKey,
                              recipient: Curve25519.KeyAgreement.PublicKey?, taxonomies: Taxonomies,
                              progress: (ExportProgress) -> Void) throws
        -> (url: URL, size: Int64, sha256: String, tagManifestSHA256: String, protectedInClear: Int) {
        let plan = reader.plan
        let name = BagLayout.name(prefix: plan.profile.prefix, day: plan.startedAt.utcDay, sequence: plan.sequence)
        let fileName = name + (recipient == nil ? ".zip" : ".sealed")
        let final = options.folder.appendingPathComponent(fileName)
        guard !FileManager.default.fileExists(atPath: final.path) else {
            throw BundleError.cannotWrite(path: final.path, reason: Reason("bundle.reason.name_taken"))
        }
        removeStalePartials(in: options.folder, prefix: plan.profile.prefix)
        // A sealed bundle's clear payload is staged in memory, never on a disk.
        let staging = try makePrivateTemporaryFolder("liaison-export", inMemory: recipient != nil)
        defer { try? FileManager.default.removeItem(at: staging) }

        // 1. The payload, streamed from the store; each file goes into the zip on a second
        //    thread as soon as it is complete, while the next ones are written.
        let bag = staging.appendingPathComponent(name)
        let partial = options.folder.appendingPathComponent(".\(fileName).partial")
        var renamed = false
        defer { if !renamed { unlink(partial.path) } }
        let zip = recipient == nil ? partial : staging.appendingPathComponent(name + ".zip")
        let packer = try Packer(into: zip, bag: bag, name: name, date: plan.startedAt.date, isCancelled: options.isCancelled)
        let contacts = try reader.pseudonymisedContacts()
        // Identities that cannot be read can neither be sent nor looked for in free text.
        let unreadable = contacts.filter(\.sealedAway)
        if options.includeProtected, !unreadable.isEmpty { throw VaultError.identitiesUnreadable(count: unreadable.count) }
        let pseudonyms = Pseudonyms(signingKey: signingKey, contacts: contacts, includeProtected: options.includeProtected,
                                    withholdingFreeText: options.withholdFreeText)
        if pseudonyms.unreadable > 0, !options.withholdFreeText {
            throw VaultError.identitiesUnreadable(count: pseudonyms.unreadable)
        }
        let payload = Payload(bag: bag, taxonomies: taxonomies, includeProtected: options.includeProtected,
                              pseudonyms: pseudonyms, total: plan.total, isCancelled: options.isCancelled)
        let files: [PayloadFile]
        let tagManifestSHA256: String
        do {
            files = try payload.write(reader, completed: packer.add) {
                progress(ExportProgress(fraction: 0.75 * $0, step: "writing records"))
            }
            // 2. The tag files and the signature.
            let tags = try writeTagFiles(bag: bag, plan: plan, files: files, signingKey: signingKey,
                                         includeProtected: options.includeProtected)
            tags.files.forEach(packer.add)
            tagManifestSHA256 = tags.tagManifestSHA256
        } catch {
            _ = try? packer.finish { _ in }
            throw error
        }
        // 3. The zip finished, then (if asked) sealed, beside its final name; synced; renamed.
        try packer.finish { progress(ExportProgress(fraction: 0.75 + 0.2 * $0, step: "packing")) }
        let sha256: String
        let size: Int64
        if let recipient {
            progress(ExportProgress(fraction: 0.95, step: "sealing"))
            let sealed = try HashingFile<SHA256>(creating: partial)
            try SealedBundle.seal(zip, into: sealed, for: recipient)
            (sha256, size) = try sealed.finish(sync: true)
        } else {
            // The bundle holds personal data: its owner alone may read it, as with the store.
            chmod(partial.path, 0o600)
            try syncFile(partial)
            sha256 = try LiaisonBundle.sha256(ofFile: partial)
            size = Int64((try? FileManager.default.attributesOfItem(atPath: partial.path)[.size] as? Int) ?? 0)
        }
        if options.isCancelled() { throw BundleError.interrupted }
        // link() refuses to replace a file that appeared meanwhile, where rename() would not.
        guard link(partial.path, final.path) == 0 else { throw BundleError.writing(final.path, errno: errno) }
        renamed = true
        unlink(partial.path)
        KeyFiles.syncFolder(options.folder)
        progress(ExportProgress(fraction: 1, step: "done"))
        return (final, size, sha256, tagManifestSHA256, payload.protectedInClear)
    }

    /// Removes what an export killed outright (power cut, SIGKILL) left in the folder.
    private static func removeStalePartials(in folder: URL, prefix: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where name.hasPrefix(".liaison-\(prefix)-") && name.hasSuffix(".partial") {
            unlink(folder.appendingPathComponent(name).path)
        }
    }

    private static func syncFile(_ url: URL) throws {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw BundleError.writing(url.path, errno: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw BundleError.writing(url.path, errno: errno) }
    }

    // MARK: - Tag files

    /// Writes the tag files and the signature; returns them, for the zip.
    private static func writeTagFiles(bag: URL, plan: ExportPlan, files: [PayloadFile],
                                      signingKey: Curve25519.Signing.PrivateKey,
                                      includeProtected: Bool) throws -> (files: [PayloadFile], tagManifestSHA256: String) {
        func put(_ path: String, _ text: String) throws -> PayloadFile {
            let file = try HashingFile<SHA512>(creating: bag.appendingPathComponent(path))
            try file.write(text)
            let (digest, size) = try file.finish()
            return PayloadFile(path: path, sha512: digest, size: size)
        }
        let octets = files.reduce(Int64(0)) { $0 + $1.size }
        let publicKey = signingKey.publicKey.rawRepresentation
        var info = BagInfo()
        info.add("Source-Organization", plan.profile.unit)
        info.add("Contact-Name", plan.profile.officer)
        info.add("Bagging-Date", plan.startedAt.utcDay.description)
        info.add("External-Identifier", UUID().uuidString.lowercased())
        info.add("Internal-Sender-Identifier", plan.profile.deviceId.uuidString.lowercased())
        info.add("Internal-Sender-Description",
                 "liaison bundle \(plan.sequence) of device \(plan.profile.prefix), \(plan.full ? "full" : "incremental")")
        info.add("Payload-Oxum", "\(octets).\(files.count)")
        info.add("Bag-Software-Agent", "liaison \(BagLayout.softwareVersion)")
        info.add("Liaison-Bundle-Format", String(BagLayout.formatVersion))
        info.add("Liaison-Schema-Version", String(Store.bundleSchemaVersion))
        info.add("Liaison-Device-Prefix", plan.profile.prefix)
        info.add("Liaison-Sequence", String(plan.sequence))
        info.add("Liaison-Previous-Sequence", plan.previous.map { String($0.sequence) } ?? "none")
        // The previous bundle's signed tag manifest, which renaming or re-zipping it cannot change.
        info.add("Liaison-Previous-SHA256", plan.previous.map { $0.tagManifestSHA256 ?? "unknown" } ?? "none")
        info.add("Liaison-Export", plan.full ? "full" : "incremental")
        info.add("Liaison-Changes-After", plan.previousUpTo?.description ?? "none")
        info.add("Liaison-Changes-From", plan.from.description)
        info.add("Liaison-Changes-To", plan.upTo.description)
        for kind in RecordKind.allCases { info.add(BagLayout.countLabel(kind), String(plan.counts[kind] ?? 0)) }
        info.add("Liaison-Protected-Contacts", includeProtected ? "included" : "code-names-only")
        info.add("Liaison-Signing-Key", Fingerprint.of(publicKey))

        let manifest = files.sorted { $0.path < $1.path }.map { "\($0.sha512)  \($0.path)\n" }.joined()
        let tags = [
            try put(BagLayout.bagit, BagLayout.bagitText),
            try put(BagLayout.bagInfo, info.text),
            try put(BagLayout.manifest, manifest),
        ]
        let tagManifest = tags.map { "\($0.sha512)  \($0.path)\n" }.joined()
        let signature = try signingKey.signature(for: Data(tagManifest.utf8))
        let tagManifestSHA256 = Array(SHA256.hash(data: Data(tagManifest.utf8))).hex
        return (tags + [
            try put(BagLayout.tagManifest, tagManifest),
            // The signature file names no device: it is not signed, bag-info is.
            try put(BagLayout.signature, BundleSignature(publicKey: publicKey, deviceId: nil, signature: signature).text),
        ], tagManifestSHA256)
    }

    // MARK: - Zip

    /// Adds files to the zip on a thread of its own, in the order they are given, while the
    /// export goes on writing the next ones: compressing is half the work of an export, and
    /// a laptop has a second core. Entries are private (0600) and dated when the export
    /// started. The archive is touched only on the packer's queue.
    final class Packer: @unchecked Sendable {
        private let queue = DispatchQueue(label: "liaison.export.packer")
        private let archive: Archive
        private let destination: URL
        private let bag: URL
        private let name: String
        private let date: Date
        private let isCancelled: @Sendable () -> Bool
        private let packed = Atomic<Int64>(0)
        private var queued: Int64 = 0
        /// The first failure; set and read on the queue only.
        private var failure: (any Error)?

        init(into destination: URL, bag: URL, name: String, date: Date,
             isCancelled: @escaping @Sendable () -> Bool) throws {
            self.destination = destination
            self.date = date
            self.bag = bag
            self.name = name
            self.isCancelled = isCancelled
            do {
                archive = try Archive(url: destination, accessMode: .create)
            } catch {
                throw Packer.sentence(error, destination)
            }
        }

        /// Queues a finished file for the zip.
        func add(_ file: PayloadFile) {
            queued += file.size
            queue.async { [self] in
                guard failure == nil else { return }
                do {
                    if isCancelled() { throw BundleError.interrupted }
                    let url = bag.appendingPathComponent(file.path)
                    guard let handle = FileHandle(forReadingAtPath: url.path) else {
                        throw BundleError.cannotRead(path: url.path, reason: Reason("bundle.reason.staged_missing"))
                    }
                    defer { try? handle.close() }
                    try archive.addEntry(with: name + "/" + file.path, type: .file, uncompressedSize: file.size,
                                         modificationDate: date, permissions: 0o600, compressionMethod: .deflate,
                                         bufferSize: 1 << 18) { _, chunk in
                        let data = try handle.read(upToCount: chunk) ?? Data()
                        packed.add(Int64(data.count), ordering: .relaxed)
                        return data
                    }
                } catch {
                    failure = Packer.sentence(error, destination)
                }
            }
        }

        /// Waits for the queued files, telling `progress` the share packed; throws the first
        /// failure.
        func finish(progress: (Double) -> Void) throws {
            let done = DispatchSemaphore(value: 0)
            queue.async { done.signal() }
            let total = max(1, queued)
            while done.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
                progress(Double(packed.load(ordering: .relaxed)) / Double(total))
            }
            try queue.sync {
                if let failure { throw failure }
            }
        }

        private static func sentence(_ error: any Error, _ destination: URL) -> any Error {
            BundleError.writing(destination.path, error)
        }
    }
}

/// A payload or tag file written into the bag: its path in the bag, digest and size.
struct PayloadFile {
    let path: String
    let sha512: String
    let size: Int64
}

/// The detached signature file: who signed (key and device) and the Ed25519 signature of
/// the tag manifest, as `Label: value` lines.
struct BundleSignature {
    var publicKey: Data
    var deviceId: UUID?
    var signature: Data

    var text: String {
        "Algorithm: Ed25519\nSigned-File: \(BagLayout.tagManifest)\n"
            + "Public-Key: \(publicKey.base64EncodedString())\nKey-Fingerprint: \(Fingerprint.of(publicKey))\n"
            + (deviceId.map { "Device: \($0.uuidString.lowercased())\n" } ?? "")
            + "Signature: \(signature.base64EncodedString())\n"
    }

    /// The labels a signature file may hold, each once. None but the signed file's is
    /// signed, so none may say more than it repeats: the key's fingerprint must be the
    /// key's, and a device line (of older bundles) must repeat bag-info's.
    static let labels: Set<String> = ["Algorithm", "Signed-File", "Public-Key", "Key-Fingerprint", "Device", "Signature"]

    static func parse(_ text: String) -> BundleSignature? {
        guard let info = BagInfo.parse(text), Set(info.entries.map(\.label)).isSubset(of: labels),
              Set(info.entries.map(\.label)).count == info.entries.count, info["Algorithm"] == "Ed25519",
              info["Signed-File"] == BagLayout.tagManifest,
              let key = info["Public-Key"].flatMap({ Data(base64Encoded: $0) }), key.count == 32,
              let signature = info["Signature"].flatMap({ Data(base64Encoded: $0) }), signature.count == 64,
              info["Device"].map({ UUID(uuidString: $0) != nil }) ?? true,
              info["Key-Fingerprint"].map({ $0 == Fingerprint.of(key) }) ?? true else {
            return nil
        }
        return BundleSignature(publicKey: key, deviceId: info["Device"].flatMap(UUID.init(uuidString:)), signature: signature)
    }
}
