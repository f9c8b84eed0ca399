import Crypto
import Foundation
import LiaisonCore
import ZIPFoundation

/// What a verified bundle holds and who signed it.
public struct VerifyReport: Sendable, Equatable {
    public struct Signer: Sendable, Equatable {
        public var fingerprint: String
        public var deviceId: String
        /// The officer base trusts this key for, or nil when base does not know the key.
        public var trustedOfficer: String?
    }

    public var fileName: String
    /// SHA-256 of the bundle file as given (sealed or not): what the next bundle names.
    public var sha256: String
    public var sealed: Bool
    public var info: BagInfo
    public var counts: [RecordKind: Int]
    public var payloadFiles: Int
    public var payloadOctets: Int64
    public var signer: Signer
    /// SHA-256 of the signed tag manifest: the bundle's identity, whatever its zip's bytes.
    public var tagManifestSHA256: String
    /// The SHA-512 of each payload file, as the signed manifest lists them.
    var payloadDigests: [String: String] = [:]
}

/// Checks a bundle without importing it, as base must before anything touches a store:
/// the zip's structure and limits, BagIt completeness and every checksum, the signature
/// and who made it, the schema version, and the records against the counts in bag-info.
/// The first problem found is thrown as a sentence that names the file and the check.
public enum BundleVerifier {
    /// Bounds that keep a hostile bundle from exhausting memory or disk.
    public struct Limits: Sendable {
        public var entries = 64
        public var tagFileBytes: Int64 = 1 << 20
        /// How many times its compressed size an entry may unpack to (text compresses ten
        /// or twenty times; a zip bomb, a thousand), once past `smallFileBytes` (records at
        /// their limits, a long run of one letter, compress far better, but not at that size).
        public var compressionRatio: Int64 = 200
        public var smallFileBytes: Int64 = 16 << 20
        public var totalBytes: Int64 = 16 << 30
        /// A record line: the same bound as the store's on one record, so that whatever a
        /// store accepts, a bundle's reader accepts.
        public var lineBytes = FieldLimits.recordBytes

        public init() {}
    }

    /// Verifies the bundle at `url`; `baseKey` opens a sealed one; `keys` holds the
    /// officers base trusts. A bundle counts as verified only when its key is trusted there,
    /// for the device and prefix it claims; `allowUntrusted` checks one signed by a key
    /// base does not know yet (never one revoked, nor one trusted for another device).
    public static func verify(_ url: URL, baseKey: URL? = nil, keys: KeyRing? = nil, allowUntrusted: Bool = false,
                              limits: Limits = Limits()) throws -> VerifyReport {
        try checkIsRegularFile(url)
        guard SealedBundle.isSealed(url) else {
            // Recognised from its end record before anything is hashed, so that a big file
            // that is not a zip is refused at once.
            try checkEndRecord(url)
            let fileHash = try sha256(ofFile: url)
            return try verifyZip(url, name: url.lastPathComponent, sha256: fileHash, sealed: false, keys: keys,
                                 allowUntrusted: allowUntrusted, limits: limits)
        }
        guard let baseKey else { throw BundleError.sealedNeedsKey(path: url.lastPathComponent) }
        try checkIsRegularFile(baseKey)
        let key = try KeyRing.basePrivateKey(baseKey)
        let fileHash = try sha256(ofFile: url)
        let folder = try makePrivateTemporaryFolder("liaison-verify")
        defer { try? FileManager.default.removeItem(at: folder) }
        let opened = folder.appendingPathComponent("bundle.zip")
        let output = try HashingFile<SHA256>(creating: opened)
        try SealedBundle.open(url, into: output, with: key)
        _ = try output.finish()
        return try verifyZip(opened, name: url.lastPathComponent, sha256: fileHash, sealed: true, keys: keys,
                             allowUntrusted: allowUntrusted, limits: limits)
    }

    /// Opens a sealed bundle into a zip at `output` (for `liaison verify --open-to`, and import).
    public static func unseal(_ url: URL, baseKey: URL, to output: URL) throws {
        let key = try KeyRing.basePrivateKey(baseKey)
        let file = try HashingFile<SHA256>(creating: output)
        do {
            try SealedBundle.open(url, into: file, with: key)
            _ = try file.finish(sync: true)
        } catch {
            try? FileManager.default.removeItem(at: output)
            throw error
        }
    }

    // MARK: - The zip

    /// Verifies a zip opened (or copied) into a private folder, under the name of the
    /// file it came from.
    /// `keeping`, when given, keeps the records read as they were decoded, for an import
    /// that merges them next.
    static func verifyZip(_ url: URL, name: String, sha256: String, sealed: Bool, keys: KeyRing?,
                          allowUntrusted: Bool, limits: Limits, keeping: ReadRecords? = nil) throws -> VerifyReport {
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw BundleError.refused("not_zip.unreadable_directory", ["bundle": name])
        }
        let bag = try Bag(archive, url: url, name: name, limits: limits)

        // bagit.txt: the version and encoding.
        let bagit = try bag.text(BagLayout.bagit)
        guard bagit.replacingOccurrences(of: "\r\n", with: "\n") == BagLayout.bagitText else {
            throw BundleError.refused("not_bagit", ["bundle": name])
        }

        // The tag manifest: every tag file it lists, and the three it must list.
        let tagManifestText = try bag.text(BagLayout.tagManifest)
        let tagManifest = try Manifest(tagManifestText, file: BagLayout.tagManifest, bundle: name)
        for required in [BagLayout.bagit, BagLayout.bagInfo, BagLayout.manifest] where tagManifest.digests[required] == nil {
            throw BundleError.refused("tag_manifest_lacks", ["bundle": name, "path": required])
        }
        for (path, digest) in tagManifest.digests.sorted(by: { $0.key < $1.key }) {
            guard path != BagLayout.tagManifest, !path.hasPrefix("data/") else {
                throw BundleError.refused("tag_manifest_lists_payload", ["bundle": name, "path": path])
            }
            let actual = try bag.sha512(path)
            guard actual == digest else {
                throw BundleError.refused("digest_mismatch", ["bundle": name, "path": path, "manifest": BagLayout.tagManifest])
            }
        }

        // The signature over the tag manifest.
        guard let signature = BundleSignature.parse(try bag.text(BagLayout.signature)),
              let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: signature.publicKey) else {
            throw BundleError.refused("no_signature", ["bundle": name])
        }
        guard publicKey.isValidSignature(signature.signature, for: Data(tagManifestText.utf8)) else {
            throw BundleError.refused("bad_signature", ["bundle": name])
        }
        let fingerprint = Fingerprint.of(signature.publicKey)

        // bag-info: the labels a liaison bundle carries (covered by the signature).
        guard let info = BagInfo.parse(try bag.text(BagLayout.bagInfo)) else {
            throw BundleError.refused("bag_info_unreadable", ["bundle": name])
        }
        // One value per label: a second one, which a person or another tool may read, is refused.
        var labels: Set<String> = []
        for entry in info.entries where !labels.insert(entry.label.lowercased()).inserted {
            throw BundleError.refused("bag_info_twice", ["bundle": name, "label": entry.label])
        }
        func label(_ label: String) throws -> String {
            guard let value = info[label], !value.isEmpty else {
                throw BundleError.refused("bag_info_lacks", ["bundle": name, "label": label])
            }
            return value
        }
        guard let format = Int(try label("Liaison-Bundle-Format")), format <= BagLayout.formatVersion else {
            throw BundleError.refused("newer_format", ["bundle": name, "format": info["Liaison-Bundle-Format"] ?? "?",
                                                       "readable": String(BagLayout.formatVersion)])
        }
        guard let schema = Int(try label("Liaison-Schema-Version")), schema >= 1, schema <= Store.bundleSchemaVersion else {
            throw BundleError.refused("newer_schema", ["bundle": name, "version": info["Liaison-Schema-Version"] ?? "?",
                                                       "readable": String(Store.bundleSchemaVersion)])
        }
        guard try label("Liaison-Signing-Key") == fingerprint else {
            throw BundleError.refused("re_signed", ["bundle": name, "fingerprint": fingerprint])
        }
        let device = try label("Internal-Sender-Identifier")
        guard UUID(uuidString: device) != nil else {
            throw BundleError.refused("bad_device", ["bundle": name, "device": device])
        }
        _ = try label("External-Identifier")
        var expected: [RecordKind: Int] = [:]
        for kind in RecordKind.allCases {
            guard let count = Int(try label(BagLayout.countLabel(kind))), count >= 0 else {
                throw BundleError.refused("bad_count", ["bundle": name, "label": BagLayout.countLabel(kind)])
            }
            expected[kind] = count
        }

        // The signature file's own device line is not signed: it may only repeat bag-info's.
        if let claimed = signature.deviceId, claimed.uuidString.lowercased() != device.lowercased() {
            throw BundleError.refused("signature_device", ["bundle": name, "device": claimed.uuidString.lowercased()])
        }
        // The bundle's folder and file are named by what it signs: device prefix, day, sequence.
        let prefix = try label("Liaison-Device-Prefix")
        // A device numbers its bundles up to the limit its export marks hold.
        guard let sequence = Int(try label("Liaison-Sequence")), (1...ExportMark.sequenceLimit).contains(sequence),
              let day = Day(try label("Bagging-Date")) else {
            throw BundleError.refused("bad_sequence", ["bundle": name])
        }
        let signedName = BagLayout.name(prefix: prefix, day: day, sequence: sequence)
        guard bag.top == signedName, name == signedName + (sealed ? ".sealed" : ".zip") else {
            throw BundleError.refused("renamed", ["bundle": name, "signed": signedName,
                                                   "name": signedName + (sealed ? ".sealed" : ".zip")])
        }

        // Who signed: a key base trusts for this device, and not revoked.
        try keys?.refuseIfRevoked(fingerprint, bundle: name)
        let trusted = keys?.trusted() ?? []
        let trust = trusted.first { $0.fingerprint == fingerprint }
        if let trust {
            // A key is trusted for one device: it cannot publish as another.
            guard trust.deviceId.map({ $0.uuidString.lowercased() == device.lowercased() }) ?? true,
                  trust.prefix.map({ $0 == prefix }) ?? true else {
                var values = ["bundle": name, "device": device, "prefix": prefix,
                              "trusted_device": trust.deviceId?.uuidString.lowercased() ?? "?", "trusted_prefix": trust.prefix ?? "?"]
                values["officer"] = trust.officer
                throw BundleError.refused(trust.officer == nil ? "key_for_other_device_unnamed" : "key_for_other_device", values)
            }
        } else {
            if let known = trusted.first(where: { $0.deviceId?.uuidString.lowercased() == device.lowercased() || $0.prefix == prefix }) {
                var values = ["bundle": name, "device": device, "fingerprint": fingerprint]
                values["officer"] = known.officer
                throw BundleError.refused(known.officer == nil ? "other_key_for_device_unnamed" : "other_key_for_device", values)
            }
            if !allowUntrusted { throw BundleError.untrusted(bundle: name, fingerprint: fingerprint) }
        }
        let officer = trust?.officer

        // The payload: complete, every checksum, the records against the counts.
        let manifest = try Manifest(try bag.text(BagLayout.manifest), file: BagLayout.manifest, bundle: name)
        try bag.checkListed(in: manifest)
        for path in manifest.digests.keys.sorted() where !bag.payloadPaths.contains(path) {
            throw BundleError.refused("listed_missing", ["bundle": name, "path": path])
        }
        for path in BagLayout.payload where manifest.digests[path] == nil {
            throw BundleError.refused("payload_missing", ["bundle": name, "path": path])
        }
        var octets: Int64 = 0
        var counts: [RecordKind: Int] = [:]
        for path in manifest.digests.keys.sorted() {
            let kind = RecordKind.allCases.first { BagLayout.records($0) == path }
            var lines = kind.map { RecordLines(kind: $0, path: path, bundle: name, limit: limits.lineBytes, device: device,
                                               keeping: keeping) }
            let (digest, size) = try bag.stream(path) { try lines?.feed($0) }
            guard digest == manifest.digests[path] else {
                throw BundleError.refused("digest_mismatch", ["bundle": name, "path": path, "manifest": BagLayout.manifest])
            }
            if let kind, var lines {
                try lines.finish()
                // A record's own problem counts once the file is known to be the one signed.
                if let problem = lines.problem { throw problem }
                counts[kind] = lines.count
                keeping?.finished(kind, lines: lines.count)
            }
            octets += size
        }
        let oxum = try label("Payload-Oxum")
        guard oxum == "\(octets).\(manifest.digests.count)" else {
            throw BundleError.refused("oxum", ["bundle": name, "bytes": String(octets), "files": String(manifest.digests.count),
                                               "oxum": oxum])
        }
        for kind in RecordKind.allCases where counts[kind] != expected[kind] {
            throw BundleError.refused("count_mismatch", ["bundle": name, "path": BagLayout.records(kind), "count": String(counts[kind] ?? 0),
                                                         "declared": String(expected[kind] ?? 0)])
        }
        return VerifyReport(fileName: name, sha256: sha256, sealed: sealed, info: info, counts: counts,
                            payloadFiles: manifest.digests.count, payloadOctets: octets,
                            signer: .init(fingerprint: fingerprint, deviceId: device, trustedOfficer: officer),
                            tagManifestSHA256: Array(SHA256.hash(data: Data(tagManifestText.utf8))).hex,
                            payloadDigests: manifest.digests)
    }
}

/// A BagIt manifest: `checksum path` lines.
struct Manifest {
    var digests: [String: String] = [:]

    init(_ text: String, file: String, bundle: String) throws {
        for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            guard let space = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
                throw BundleError.refused("manifest_line", ["bundle": bundle, "file": file, "line": String(number + 1)])
            }
            let digest = line[..<space].lowercased()
            let path = Manifest.decode(line[space...].trimmingCharacters(in: CharacterSet(charactersIn: " \t")))
            guard digest.count == 128, digest.allSatisfy(\.isHexDigit), !path.isEmpty else {
                throw BundleError.refused("manifest_digest", ["bundle": bundle, "file": file, "line": String(number + 1)])
            }
            guard digests[path] == nil else {
                throw BundleError.refused("manifest_twice", ["bundle": bundle, "file": file, "path": path])
            }
            digests[path] = digest
        }
    }

    /// Paths in manifests percent-encode CR, LF and % (RFC 8493, 2.1.3).
    static func decode(_ path: String) -> String {
        path.replacingOccurrences(of: "%0A", with: "\n").replacingOccurrences(of: "%0D", with: "\r")
            .replacingOccurrences(of: "%25", with: "%")
    }
}

/// Splits a JSON Lines file into lines as its chunks arrive, and reads each as a record of
/// its kind, so a bundle whose records import cannot read is refused here.
struct RecordLines {
    let kind: RecordKind
    let path: String
    let bundle: String
    let limit: Int
    /// The device the bundle is signed for: every record must claim it.
    let device: UUID?
    private(set) var count = 0
    /// The first record that cannot be read or breaks the rules.
    private(set) var problem: BundleError?
    private var splitter = LineSplitter()
    private let decoder = RecordJSON.decoder()
    /// Each record once: a bundle holds one version of a record.
    private var ids: Set<UUID> = []
    /// The rules, with no day in the future of a device whose clock ran ahead of base's:
    /// those of the store the records are kept for, else the standard lists'.
    private let rules: RulesContext
    /// Where the records read are kept for the merge that follows, if anywhere.
    private let keeping: ReadRecords?

    init(kind: RecordKind, path: String, bundle: String, limit: Int, device: String, keeping: ReadRecords? = nil) {
        self.kind = kind
        self.path = path
        self.bundle = bundle
        self.limit = limit
        self.device = UUID(uuidString: device)
        self.keeping = keeping
        rules = keeping?.rules ?? BundleMerge.rules(for: .standard)
    }

    mutating func feed(_ chunk: Data) throws {
        var splitter = self.splitter
        defer { self.splitter = splitter }
        try splitter.feed(chunk) { try read($0) }
        guard splitter.pending <= limit else {
            throw BundleError.badLine(BadLine(line: count + 1, path: path, bundle: bundle, .tooLong))
        }
    }

    mutating func finish() throws {
        var splitter = self.splitter
        defer { self.splitter = splitter }
        try splitter.finish { try read($0) }
    }

    private mutating func read(_ line: Data) throws {
        count += 1
        guard problem == nil else { return }
        do {
            try check(line)
        } catch let error as BundleError {
            problem = error
        }
    }

    private mutating func check(_ line: Data) throws {
        if let tombstone = Self.tombstone(line) {
            try canonical(line, RecordLine.tombstone(id: tombstone.id, deletedAt: tombstone.deletedAt))
            try once(tombstone.id)
            keeping?.keep(nil, kind, number: count, line: line)
            return
        }
        let claimed: UUID
        let id: UUID
        do {
            // Read, then held to the rules a store holds its records to: a value out of
            // bounds, an unknown code or an impossible date is refused here, not at import.
            func check<R: CheckedRecord>(_ type: R.Type, _ written: (R) -> [UInt8],
                                         _ fast: (Data) -> R?) throws -> (UUID, UUID) {
                // The canonical form is read straight from its bytes; a line the reader does
                // not take is read by Foundation's decoder, whose errors name the field.
                let record = try fast(line) ?? decoder.decode(R.self, from: line)
                let checked = try record.checked(in: rules)
                // Written as liaison writes it, byte for byte: no key given twice (which
                // one reader takes first and another last), no key it does not know.
                try canonical(line, written(record))
                keeping?.keep(checked, kind, number: count, line: line)
                return (record.id, record.deviceId)
            }
            switch kind {
            case .contact: (id, claimed) = try check(Contact.self, RecordLine.contact, RecordLineReader.contact)
            case .meeting: (id, claimed) = try check(Meeting.self, RecordLine.meeting, RecordLineReader.meeting)
            case .grievance: (id, claimed) = try check(Grievance.self, RecordLine.grievance, RecordLineReader.grievance)
            case .feedback: (id, claimed) = try check(Feedback.self, RecordLine.feedback, RecordLineReader.feedback)
            }
        } catch let error as ValidationError {
            throw BundleError.badLine(BadLine(line: count, path: path, bundle: bundle, .breaksRules(error)))
        } catch let error as DecodingError {
            throw BundleError.badLine(BadLine(line: count, path: path, bundle: bundle,
                                              .notValid(kind: kind.rawValue, RecordJSON.problem(error))))
        } catch let error as BundleError {
            // Its own sentence: a line not in the one form liaison writes.
            throw error
        } catch {
            throw BundleError.badLine(BadLine(line: count, path: path, bundle: bundle, .notValid(kind: kind.rawValue, nil)))
        }
        // A key trusted for one device publishes that device's records only.
        guard claimed == device else {
            throw BundleError.badLine(BadLine(line: count, path: path, bundle: bundle,
                                              .otherDevice(claimed.uuidString.lowercased())))
        }
        try once(id)
    }

    private func canonical(_ line: Data, _ written: [UInt8]) throws {
        let same = line.count == written.count && line.withUnsafeBytes { line in
            written.withUnsafeBytes { written in
                guard let left = line.baseAddress, let right = written.baseAddress else { return line.isEmpty }
                return memcmp(left, right, line.count) == 0
            }
        }
        guard same else {
            throw BundleError.badLine(BadLine(line: count, path: path, bundle: bundle, .notCanonical))
        }
    }

    private mutating func once(_ id: UUID) throws {
        guard ids.insert(id).inserted else {
            throw BundleError.badLine(BadLine(line: count, path: path, bundle: bundle, .twice(id.uuidString.lowercased())))
        }
    }

    static func tombstone(_ line: Data) -> (id: UUID, deletedAt: Timestamp)? { RecordJSON.tombstone(line) }
}

/// The records a verification read, as decoded and checked, with their lines, kept for the
/// merge that follows so that it need neither decode nor check them again, nor inflate
/// their file a second time: the first `capacity` lines of each file at most, and lines of
/// `bytes` in all, so memory stays bounded whatever the bundle's size and however long its
/// lines. A line not kept is read, decoded and checked again.
final class ReadRecords {
    /// The rules the records were checked against, as `checked(in:)` returned them: those
    /// of the store they are kept for, so that verifying beside a merge takes that work
    /// off it. Nil for the standard lists, when the merge checks them again.
    let rules: RulesContext?
    private let capacity: Int
    private var bytesLeft: Int
    private var records: [RecordKind: [(any Record)?]] = [:]
    /// The lines of the records kept; dropped for a file not kept whole, which is read again.
    private var lines: [RecordKind: [Data]] = [:]
    /// The kinds whose file was read to its end, and matched its checksum, with every line kept.
    private var whole: Set<RecordKind> = []

    init(capacity: Int = 4_096, bytes: Int = 8 << 20, rules: RulesContext? = nil) {
        self.rules = rules
        self.capacity = capacity
        bytesLeft = bytes
    }

    /// Keeps line `number` (counted from 1) of `kind`'s file, and the record read from it,
    /// or nil for a tombstone. Lines come in order.
    func keep(_ record: (any Record)?, _ kind: RecordKind, number: Int, line: Data) {
        let count = records[kind]?.count ?? 0
        guard count == number - 1, count < capacity, line.count <= bytesLeft else { return }
        bytesLeft -= line.count
        records[kind, default: []].append(record)
        // A copy of its own: the line is a slice of a chunk that would otherwise stay whole.
        lines[kind, default: []].append(line.withUnsafeBytes { bytes in
            bytes.baseAddress.map { Data(bytes: $0, count: bytes.count) } ?? Data()
        })
    }

    /// Says that `kind`'s file was read to its end, `count` lines in all, and matched its
    /// checksum.
    func finished(_ kind: RecordKind, lines count: Int) {
        if (records[kind]?.count ?? 0) == count {
            whole.insert(kind)
        } else {
            lines[kind] = nil
        }
    }

    /// The record kept for line `number` (counted from 1) of `kind`'s file.
    func record(_ kind: RecordKind, line number: Int) -> (any Record)? {
        guard let kept = records[kind], number >= 1, number <= kept.count else { return nil }
        return kept[number - 1]
    }

    /// Whether every line of `kind`'s file was kept.
    func isWhole(_ kind: RecordKind) -> Bool { whole.contains(kind) }

    /// Every line of `kind`'s file with its record, in order, when all were kept.
    func allLines(_ kind: RecordKind) -> [(line: Data, record: (any Record)?)]? {
        guard isWhole(kind) else { return nil }
        return Array(zip(lines[kind] ?? [], records[kind] ?? []))
    }
}

/// Splits a file into lines as its chunks arrive, a line handed on whole however the
/// chunks cut it.
struct LineSplitter {
    private var partial = Data()
    /// The bytes of the line not ended yet.
    var pending: Int { partial.count }

    mutating func feed(_ chunk: Data, _ line: (Data) throws -> Void) throws {
        var start = chunk.startIndex
        while let newline = Self.newline(in: chunk, from: start) {
            if partial.isEmpty {
                try line(chunk[start..<newline])
            } else {
                partial.append(chunk[start..<newline])
                try line(partial)
                partial.removeAll(keepingCapacity: true)
            }
            start = newline + 1
        }
        partial.append(chunk[start...])
    }

    /// The index of the first newline of `chunk` at or after `start`: `memchr` over the
    /// bytes, where `firstIndex(of:)` stepped through `Data` one byte at a time.
    static func newline(in chunk: Data, from start: Data.Index) -> Data.Index? {
        chunk.withUnsafeBytes { bytes -> Data.Index? in
            let offset = start - chunk.startIndex
            guard let base = bytes.baseAddress, offset >= 0, offset < bytes.count,
                  let found = memchr(base + offset, 0x0A, bytes.count - offset) else { return nil }
            return chunk.startIndex + (UnsafeRawPointer(found) - base)
        }
    }

    mutating func finish(_ line: (Data) throws -> Void) throws {
        if !partial.isEmpty { try line(partial) }
        partial = Data()
    }
}

