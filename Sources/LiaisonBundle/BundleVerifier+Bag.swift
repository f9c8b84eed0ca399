import Crypto
import Foundation
import ZIPFoundation

/// The entries of a bundle's zip, checked for shape before any is read: one top folder,
/// regular files and empty folders only, no links, no paths that climb out, no names that
/// are one another after case folding and Unicode normalisation, the directory's names the
/// same as the entries' own, sizes within the limits.
struct Bag {
    let archive: Archive
    let name: String
    let limits: BundleVerifier.Limits
    /// Files by their path inside the bag.
    var entries: [String: Entry] = [:]
    /// The single top-level folder.
    private(set) var top = ""
    var payloadPaths: Set<String> { Set(entries.keys.filter { $0.hasPrefix("data/") }) }

    /// The tag files a bundle has; any other file must be listed in its manifest.
    static let tagFiles: Set<String> = [BagLayout.bagit, BagLayout.bagInfo, BagLayout.manifest, BagLayout.tagManifest,
                                        BagLayout.signature]

    init(_ archive: Archive, url: URL, name: String, limits: BundleVerifier.Limits) throws {
        self.archive = archive
        self.name = name
        self.limits = limits
        // The directory as written, before the library's reading of it.
        let directory = try ZipDirectory.read(url, name: name, limit: limits.entries)
        for raw in directory.entries {
            let path = String(decoding: raw.name, as: UTF8.self)
            let isFolderName = path.hasSuffix("/")
            let type = raw.fileType ?? 0
            if type == 0o120000 { throw BundleError.refused("symlink", ["bundle": name, "path": path]) }
            if isFolderName, raw.uncompressedSize != 0 {
                throw BundleError.refused("folder_with_data", ["bundle": name, "path": path.debugDescription])
            }
            // A regular file, or an empty folder named as one: nothing else (a device, a
            // FIFO, a folder without its /).
            let fine = isFolderName ? type == 0 || type == 0o040000 : type == 0 || type == 0o100000
            guard fine else {
                throw BundleError.refused("not_file_or_folder", ["bundle": name, "path": path.debugDescription])
            }
        }
        var top: String?
        var total: Int64 = 0
        var seen = 0
        var folded: Set<String> = []
        var folders: Set<String> = []
        for entry in archive {
            seen += 1
            guard seen <= limits.entries else {
                throw BundleError.refused("too_many_files", ["bundle": name, "limit": String(limits.entries)])
            }
            let path = entry.path
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            let unsafe = path.hasPrefix("/") || path.contains("\\") || path.contains("\0")
                || parts.dropLast().contains { $0.isEmpty || $0 == "." || $0 == ".." } || parts.last == ".."
            guard !unsafe else {
                throw BundleError.refused("unsafe_path", ["bundle": name, "path": path.debugDescription])
            }
            guard entry.type != .symlink else {
                throw BundleError.refused("symlink", ["bundle": name, "path": path])
            }
            guard let first = parts.first, parts.count >= 2 else {
                throw BundleError.refused("outside_top", ["bundle": name, "path": path])
            }
            if top == nil { top = String(first) }
            guard top == String(first) else {
                throw BundleError.refused("two_tops", ["bundle": name, "first": top ?? "", "second": String(first)])
            }
            let inner = parts.dropFirst().joined(separator: "/")
            if entry.type == .directory {
                // A folder is named as one; an entry marked a folder without the / would be
                // skipped here and unpacked as a file elsewhere. Nor may it take a file's name.
                guard path.hasSuffix("/") else {
                    throw BundleError.refused("folder_not_named", ["bundle": name, "path": path.debugDescription])
                }
                folders.insert(String(inner.dropLast()).precomposedStringWithCanonicalMapping.lowercased())
                continue
            }
            // Names a case-insensitive or normalising file system would take for one file.
            guard folded.insert(inner.precomposedStringWithCanonicalMapping.lowercased()).inserted else {
                throw BundleError.refused("twice", ["bundle": name, "path": inner])
            }
            total += Int64(clamping: entry.uncompressedSize)
            guard total <= limits.totalBytes else {
                throw BundleError.refused("too_big_unpacked", ["bundle": name, "gib": String(limits.totalBytes >> 30)])
            }
            entries[inner] = entry
        }
        guard let top else { throw BundleError.refused("empty_zip", ["bundle": name]) }
        // The library read every entry the directory holds: none was skipped without a word.
        guard seen == directory.entries.count else {
            throw BundleError.refused("entries_unread", ["bundle": name, "count": String(directory.entries.count), "read": String(seen)])
        }
        if let clash = folders.first(where: folded.contains) {
            throw BundleError.refused("file_and_folder", ["bundle": name, "path": clash])
        }
        self.top = top
    }

    /// Refuses any file that is neither a tag file nor listed in the manifest.
    func checkListed(in manifest: Manifest) throws {
        for path in entries.keys.sorted() where !Self.tagFiles.contains(path) && manifest.digests[path] == nil {
            throw BundleError.refused("unlisted", ["bundle": name, "path": path])
        }
    }

    /// A tag file's text, read whole (tag files are small, and capped while unpacking).
    func text(_ path: String) throws -> String {
        guard let entry = entries[path] else {
            throw BundleError.refused("missing_tag_file", ["bundle": name, "path": path])
        }
        guard Int64(clamping: entry.uncompressedSize) <= limits.tagFileBytes else {
            throw BundleError.refused("tag_file_too_large", ["bundle": name, "path": path])
        }
        var data = Data()
        _ = try stream(path, cap: limits.tagFileBytes) { data.append($0) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw BundleError.refused("not_utf8", ["bundle": name, "path": path])
        }
        return text
    }

    func sha512(_ path: String) throws -> String { try stream(path, cap: limits.tagFileBytes) { _ in }.digest }

    /// Reads an entry in chunks, checking as it unpacks that it stays within the size the
    /// zip declares, within `cap`, and within the compression ratio a real file has (a zip
    /// bomb is stopped there, not after); then that it matches its CRC-32. Returns its
    /// SHA-512 and size.
    @discardableResult
    func stream(_ path: String, cap: Int64? = nil, _ body: (Data) throws -> Void) throws -> (digest: String, size: Int64) {
        guard let entry = entries[path] else {
            throw BundleError.refused("missing_tag_file", ["bundle": name, "path": path])
        }
        let declared = Int64(clamping: entry.uncompressedSize)
        let ratioCap = Int64(clamping: entry.compressedSize).multipliedReportingOverflow(by: limits.compressionRatio)
        let allowed = min(declared, cap ?? .max, ratioCap.overflow ? .max : max(ratioCap.partialValue, limits.smallFileBytes))
        var hash = SHA512()
        var size: Int64 = 0
        var refusal: (any Error)?
        let crc: CRC32
        do {
            crc = try archive.extract(entry, bufferSize: 1 << 18, skipCRC32: false) { chunk in
                size += Int64(chunk.count)
                guard size <= allowed else {
                    if size > declared {
                        throw BundleError.refused("larger_than_declared", ["bundle": name, "path": path])
                    }
                    throw BundleError.refused("bomb", ["bundle": name, "path": path])
                }
                hash.update(data: chunk)
                do {
                    try body(chunk)
                } catch {
                    refusal = error
                    throw error
                }
            }
        } catch let error as BundleError {
            throw error
        } catch {
            // What the reader of the chunks refused, it says itself.
            if let refusal { throw refusal }
            throw BundleError.refused("cannot_unpack", ["bundle": name, "path": path])
        }
        guard size == declared, crc == entry.checksum else {
            throw BundleError.refused("bad_crc", ["bundle": name, "path": path])
        }
        return (Array(hash.finalize()).hex, size)
    }
}
