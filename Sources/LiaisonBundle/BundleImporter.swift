import Crypto
import Foundation
import LiaisonCore
import ZIPFoundation

/// How one bundle fared in an import.
public struct ImportResult: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        case imported(ImportCounts)
        case alreadyImported
        /// The sentence saying why.
        case refused(String)
    }

    /// The bundle's file name as given.
    public var file: String
    public var status: Status
    /// Who sent it, once its signature is known.
    public var officer: String?
    public var prefix: String?
    /// The device's bundles base still lacks, after this one.
    public var missing: [ClosedRange<Int>] = []
    /// Where a refused bundle was copied, with its reason beside it.
    public var quarantined: URL?
    /// Why a refused bundle could not be copied into quarantine, when it could not.
    public var quarantineFailed: String?
    /// The catalogue key of a refusal's sentence (`bundle.refused.bad_crc`), the same in
    /// every language, when liaison words it.
    public var refusalKey: String?
}

/// Imports bundles at base: each is verified first (a trusted, unrevoked signer bound to
/// its device, every entry and checksum), from a copy in a private folder that nobody
/// else can change meanwhile, opened there when it is sealed; then merged into the store
/// in one transaction. A backup of the store is taken once, before the first bundle that
/// changes it. A refused bundle leaves the store as it was.
public struct BundleImporter {
    public var store: Store
    public var keys: KeyRing
    /// The base's private key; without it, the one in the base's key folder, if any.
    public var baseKey: URL?
    /// Where refused bundles are copied, each with a `.reason.txt`.
    public var quarantine: URL?
    /// The sentence for an error, in the officer's language.
    public var explain: (any Error) -> String
    public var limits = BundleVerifier.Limits()
    /// How many records of each file verification keeps, decoded, for the merge.
    var recordsKept = 4_096
    /// Whether verification checks records against base's lists, so that the merge need
    /// not; else against the standard lists, and the merge checks them again.
    var checksAgainstBaseWhileVerifying = true
    /// How the private folders of the bundles being imported are named, before this
    /// process's id (what a later import sweeps, once the process is gone).
    var scratch = "liaison-import"

    public init(store: Store, keys: KeyRing, baseKey: URL? = nil, quarantine: URL? = nil,
                explain: @escaping (any Error) -> String) {
        self.store = store
        self.keys = keys
        self.baseKey = baseKey
        self.quarantine = quarantine
        self.explain = explain
    }

    /// The base key used for sealed bundles: the one given, or `base.key` in the base's
    /// key folder.
    var sealingKey: URL? { baseKey ?? keys.basePrivateKeyURL }

    /// Imports each bundle in turn; `progress` hears of each result as it comes.
    ///
    /// While one bundle is merged, the next is copied and verified on a thread of its own:
    /// verifying needs nothing from the store, and took a fifth to a quarter of an import's
    /// time, which a second core can take instead. At most two bundles are open at once,
    /// each in its own private folder; a bundle refused meanwhile is verified again alone,
    /// and results come in the order the bundles were given.
    public func run(_ bundles: [URL], progress: (ImportResult) -> Void = { _ in }) -> [ImportResult] {
        // What an import killed midway left behind goes first.
        sweepStaleTemporaryFolders(scratch)
        var backedUp = false
        var results: [ImportResult] = []
        // Records are checked against base's lists as they are verified, so the merge
        // need not check them again.
        let rules = checksAgainstBaseWhileVerifying ? BundleMerge.rules(for: store.taxonomies) : nil
        let verifyNow = { @Sendable [keys, limits, recordsKept, sealingKey, scratch] (url: URL) in
            try Self.verify(url, keys: keys, sealingKey: sealingKey, limits: limits, recordsKept: recordsKept,
                            rules: rules, scratch: scratch)
        }
        let verify = { (url: URL) in VerifyingAhead { try verifyNow(url) } }
        store.inBulk(adding: expectedRecords(in: bundles)) {
            var ahead = bundles.first.map(verify)
            for (index, url) in bundles.enumerated() {
                guard let verifying = ahead else { break }
                var verified = verifying.wait()
                // A bundle refused beside another is verified again alone, before the next
                // one starts: no refusal may come from two bundles sharing the disk, or the
                // memory a sealed one opens in.
                if case .failure = verified { verified = Result { try verifyNow(url) } }
                ahead = bundles.indices.contains(index + 1) ? verify(bundles[index + 1]) : nil
                var result = ImportResult(file: url.lastPathComponent, status: .alreadyImported)
                do {
                    let bundle = try verified.get()
                    defer { try? FileManager.default.removeItem(at: bundle.folder) }
                    try merge(bundle, into: &result, backedUp: &backedUp)
                } catch {
                    result.status = .refused(explain(error))
                    result.refusalKey = Self.key(of: error)
                    if let quarantine {
                        do {
                            result.quarantined = try Self.quarantine(url, in: quarantine, reason: explain(error))
                        } catch {
                            // Said, never passed over: the officer must not think it was set aside.
                            result.quarantineFailed = explain(error)
                        }
                    }
                }
                progress(result)
                results.append(result)
            }
        }
        return results
    }

    /// About how many records `bundles` hold, from their sizes: a record takes some
    /// hundreds of bytes in a bundle, compressed.
    /// Only regular files count, each up to the size a bundle can have.
    func expectedRecords(in bundles: [URL]) -> Int {
        Self.expectedRecords(sizes: bundles.map { url in
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path),
                  attributes[.type] as? FileAttributeType == .typeRegular else { return 0 }
            return (attributes[.size] as? NSNumber)?.int64Value ?? 0
        }, bound: limits.totalBytes)
    }

    /// About how many records bundles of `sizes` bytes hold, each size taken up to `bound`.
    static func expectedRecords(sizes: [Int64], bound: Int64) -> Int {
        let bytes = sizes.reduce(Int64(0)) { total, size in
            let (sum, overflow) = total.addingReportingOverflow(min(max(size, 0), max(bound, 0)))
            return overflow ? Int64.max : sum
        }
        return Int(bytes / 300)
    }

    /// A bundle copied into a private folder (opened there when sealed) and verified: what
    /// its merge needs. Whoever holds it removes its folder when done.
    struct VerifiedBundle {
        var folder: URL
        var zip: URL
        var report: VerifyReport
        /// The records verification decoded, kept for the merge.
        var read: ReadRecords
    }

    /// Copies `url` into a private folder, where nobody else can change it meanwhile, opens
    /// it there when it is sealed, and verifies it. Reads no store, so it can run beside a
    /// merge; on failure it leaves no folder behind.
    static func verify(_ url: URL, keys: KeyRing, sealingKey: URL?, limits: BundleVerifier.Limits,
                       recordsKept: Int, rules: RulesContext?, scratch: String) throws -> VerifiedBundle {
        try BundleVerifier.checkIsRegularFile(url)
        let sealed = SealedBundle.isSealed(url)
        // A sealed bundle opens in memory where the system has a place for it.
        // Named by this process, so that a later import knows a folder left by a killed one.
        let folder = try makePrivateTemporaryFolder("\(scratch)-\(getpid())", inMemory: sealed)
        do {
            let zip = folder.appendingPathComponent("bundle.zip")
            let fileHash: String
            if sealed {
                guard let key = sealingKey else { throw BundleError.sealedNeedsKey(path: url.lastPathComponent) }
                try BundleVerifier.checkIsRegularFile(key)
                fileHash = try sha256(ofFile: url)
                try BundleVerifier.unseal(url, baseKey: key, to: zip)
            } else {
                try BundleVerifier.checkEndRecord(url)
                // The copy is what is verified and read: the file given may change meanwhile.
                let copy = try HashingFile<SHA256>(creating: zip)
                var size: Int64 = 0
                try forEachChunk(of: url) { chunk in
                    size += Int64(chunk.count)
                    guard size <= limits.totalBytes else {
                        throw BundleError.refused("import.too_large", ["bundle": url.lastPathComponent])
                    }
                    try copy.write(chunk)
                }
                fileHash = try copy.finish().digest
            }
            let read = ReadRecords(capacity: recordsKept, rules: rules)
            let report = try BundleVerifier.verifyZip(zip, name: url.lastPathComponent, sha256: fileHash, sealed: sealed,
                                                      keys: keys, allowUntrusted: false, limits: limits, keeping: read)
            return VerifiedBundle(folder: folder, zip: zip, report: report, read: read)
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }

    /// Merges a verified bundle into the store, in one transaction, unless base already
    /// holds it or it contradicts a bundle base holds.
    private func merge(_ bundle: VerifiedBundle, into result: inout ImportResult, backedUp: inout Bool) throws {
        let (zip, report, read) = (bundle.zip, bundle.report, bundle.read)
        // Its key is asked again: it may have been revoked, or no longer trusted, while the
        // bundle was verified beside the one before.
        let fingerprint = report.signer.fingerprint
        try keys.refuseIfRevoked(fingerprint, bundle: report.fileName)
        guard keys.trusted().contains(where: { $0.fingerprint == fingerprint }) else {
            throw BundleError.untrusted(bundle: report.fileName, fingerprint: fingerprint)
        }
        // Kept whole, it needs its copy no more: the next bundle may take the space.
        if RecordKind.allCases.allSatisfy(read.isWhole) {
            try? FileManager.default.removeItem(at: bundle.folder)
        }
        guard let device = UUID(uuidString: report.signer.deviceId), let officer = report.signer.trustedOfficer,
              let sequence = Int(report.info["Liaison-Sequence"] ?? ""),
              let id = report.info["External-Identifier"], let prefix = report.info["Liaison-Device-Prefix"] else {
            throw BundleError.untrusted(bundle: report.fileName, fingerprint: report.signer.fingerprint)
        }
        result.officer = officer
        result.prefix = prefix
        // The bundle before this one, as it names it: its sequence is the one before.
        let previous = report.info["Liaison-Previous-Sequence"].flatMap { $0 == "none" ? 0 : Int($0) }
        // (The verifier bounds the sequence; the previous one is whatever the bundle says.)
        guard previous == sequence - 1 else {
            throw ImportRefusal("chain", ["file": report.fileName, "sequence": String(sequence),
                                          "previous": report.info["Liaison-Previous-Sequence"] ?? "?"])
        }
        let previousDigest = report.info["Liaison-Previous-SHA256"].flatMap { $0 == "none" || $0 == "unknown" ? nil : $0 }
        let source = BundleSource(id: id, fileName: report.fileName, deviceId: device, prefix: prefix, officer: officer,
                                  sequence: sequence, full: report.info["Liaison-Export"] == "full",
                                  tagManifestSHA256: report.tagManifestSHA256, signer: report.signer.fingerprint,
                                  previousTagManifest: previousDigest)
        switch try store.standing(of: source) {
        case .alreadyImported:
            result.status = .alreadyImported
            result.missing = try store.missingBundles().filter { $0.prefix == prefix }.map(\.sequences)
            return
        case .equivocation(let other):
            throw ImportRefusal("equivocation", ["file": source.fileName, "sequence": String(sequence), "prefix": prefix,
                                                 "other": other])
        case .forkedChain(let other):
            throw ImportRefusal("forked", ["file": source.fileName, "other": other])
        case .new:
            break
        }
        if !backedUp {
            try store.backup(reason: "import")
            backedUp = true
        }
        // The files verification kept whole are merged from what it kept; any other is read
        // again from the private copy, and must still be the file verified.
        var bag: Bag?
        func reopened() throws -> Bag {
            if let bag { return bag }
            let archive: Archive
            do {
                archive = try Archive(url: zip, accessMode: .read)
            } catch {
                throw BundleError.refused("import.unreadable_again", ["bundle": report.fileName])
            }
            let opened = try Bag(archive, url: zip, name: report.fileName, limits: limits)
            bag = opened
            return opened
        }
        let outcome = try store.importBundle(source, recordsCheckedIn: read.rules) { merge in
            for kind in RecordKind.importOrder {
                let path = BagLayout.records(kind)
                var number = 0
                func take(_ line: Data, _ record: (any Record)?) throws {
                    number += 1
                    do {
                        // As verification decoded it from the same line, when it kept it.
                        try merge.take(kind, line: line, read: record ?? read.record(kind, line: number))
                    } catch let error as DecodingError {
                        throw BundleError.badLine(BadLine(line: number, path: path, bundle: report.fileName,
                                                          .notValid(kind: kind.rawValue, RecordJSON.problem(error))))
                    }
                }
                if let kept = read.allLines(kind) {
                    for (line, record) in kept { try take(line, record) }
                    continue
                }
                var splitter = LineSplitter()
                let (digest, _) = try reopened().stream(path) { chunk in try splitter.feed(chunk) { try take($0, nil) } }
                try splitter.finish { try take($0, nil) }
                guard digest == report.payloadDigests[path] else {
                    throw BundleError.refused("import.changed", ["bundle": report.fileName, "path": path])
                }
            }
        }
        result.status = .imported(outcome.counts)
        result.missing = outcome.missing
    }

    /// The catalogue key of the sentence `error` is worded from, for those liaison words.
    static func key(of error: any Error) -> String? {
        switch error {
        case let error as BundleError: error.key
        case let error as ImportRefusal: "core.import.\(error.code)"
        default: nil
        }
    }

    /// The bundles at `url`: the file itself, or every bundle (`.zip`, `.sealed`) in the
    /// folder at `url`, by name; none when the folder holds none. A link to a bundle counts
    /// as the bundle; hidden files do not (the `._name.zip` that macOS leaves beside each
    /// file on a USB stick), nor the folders inside.
    public static func bundles(at url: URL) -> [URL] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue else { return [url] }
        return ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [])
            .filter { !$0.hasPrefix(".") && ($0.hasSuffix(".zip") || $0.hasSuffix(".sealed")) }.sorted()
            .map { url.appendingPathComponent($0) }
            .filter(isRegularFile)
    }

    /// Whether `url` is a regular file, through any link to it.
    static func isRegularFile(_ url: URL) -> Bool {
        var status = stat()
        return stat(url.path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }

    /// Makes the quarantine folder if it is missing, and refuses one that cannot take a
    /// bundle (a file, a folder this user cannot write): said before anything is imported.
    public static func prepareQuarantine(_ folder: URL) throws {
        try KeyFiles.makeFolder(folder)
        guard access(folder.path, W_OK | X_OK) == 0 else { throw BundleError.writing(folder.path, errno: errno) }
    }

    /// Copies a refused bundle into `folder` under a name no file there has, with its
    /// reason beside it; never replaces a file, and leaves no copy without its reason. Only
    /// a regular file (or a link to one) is copied: a folder or a missing path given as a
    /// bundle leaves nothing to set aside (nil).
    static func quarantine(_ url: URL, in folder: URL, reason: String) throws -> URL? {
        guard isRegularFile(url) else { return nil }
        try KeyFiles.makeFolder(folder)
        let name = url.lastPathComponent.isEmpty ? "bundle" : url.lastPathComponent
        var target = folder.appendingPathComponent(name)
        var attempt = 1
        while FileManager.default.fileExists(atPath: target.path) || FileManager.default.fileExists(atPath: target.path + ".reason.txt") {
            attempt += 1
            guard attempt < 1000 else { throw BundleError.writing(folder.path, errno: EEXIST) }
            target = folder.appendingPathComponent("\(attempt)-\(name)")
        }
        try copyRegularFile(url, to: target)
        // The sentence names what the bundle holds (paths, labels): no escape of theirs
        // reaches a terminal that shows the file.
        let said = TextSafety.cleaned(reason, limit: 4096)
        do {
            try KeyFiles.write(Data((said + "\n").utf8), to: URL(fileURLWithPath: target.path + ".reason.txt"), mode: 0o600,
                               replace: false)
        } catch {
            unlink(target.path)
            throw error
        }
        return target
    }

    /// Copies the regular file at `source` into a new file at `target`, the officer's alone
    /// (0600), made for the copy (never a file or a link already there), in chunks, synced;
    /// on any failure nothing is left at `target`.
    static func copyRegularFile(_ source: URL, to target: URL) throws {
        let input = open(source.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard input >= 0 else { throw BundleError.cannotRead(path: source.path, reason: .errno(errno, writing: false)) }
        defer { close(input) }
        var status = stat()
        guard fstat(input, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw BundleError.cannotRead(path: source.path, reason: Reason("bundle.reason.not_regular_bundle"))
        }
        let output = open(target.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw BundleError.writing(target.path, errno: errno) }
        var copied = false
        defer {
            close(output)
            if !copied { unlink(target.path) }
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { raw in raw.baseAddress.map { read(input, $0, raw.count) } ?? -1 }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw BundleError.cannotRead(path: source.path, reason: .errno(errno, writing: false)) }
            if count == 0 { break }
            var offset = 0
            while offset < count {
                let written = buffer.withUnsafeBytes { raw in
                    raw.baseAddress.map { write(output, $0 + offset, count - offset) } ?? -1
                }
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { throw BundleError.writing(target.path, errno: errno) }
                offset += written
            }
        }
        guard fsync(output) == 0 else { throw BundleError.writing(target.path, errno: errno) }
        copied = true
    }
}

/// The verification of a bundle, running on a thread of its own; `wait` gives its outcome.
/// The outcome is written once before the semaphore is signalled and read only after it
/// is waited for, so the two threads never touch it at once.
final class VerifyingAhead: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Set before `done` is signalled; the placeholder is never read.
    private var outcome: Result<BundleImporter.VerifiedBundle, any Error> = .failure(BundleError.interrupted)

    init(_ work: @escaping @Sendable () throws -> BundleImporter.VerifiedBundle) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            outcome = Result { try work() }
            done.signal()
        }
    }

    func wait() -> Result<BundleImporter.VerifiedBundle, any Error> {
        done.wait()
        return outcome
    }
}
