import Foundation
import LiaisonCore

/// A zip's central directory, read by hand before the zip library reads it, for what that
/// library does not say: how many entries the end record declares, each entry's file mode
/// as written, and whether its local header names the same file. A zip whose local names
/// differ from its directory's unpacks one way in one tool and another way in the next.
struct ZipDirectory {
    struct Entry {
        /// The name's bytes, as the central directory holds them.
        let name: Data
        /// The Unix file type bits (`S_IFMT`) when the entry was made on Unix; nil otherwise.
        let fileType: UInt32?
        let uncompressedSize: UInt64
    }

    let entries: [Entry]

    /// The directory of at most `limit` entries, or a sentence saying what is wrong with it.
    ///
    /// Only the plain layout a bundle is written in is read: local entries one after the
    /// other from the first byte, each exactly its header, name, extra field and compressed
    /// bytes; then the directory; then the end record, with no comment and nothing after it.
    /// No ZIP64, no encryption, no data descriptors, no bytes that no entry accounts for: so
    /// there is one reading of the file, the one every tool makes.
    static func read(_ url: URL, name: String, limit: Int) throws -> ZipDirectory {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw BundleError.cannotRead(path: url.path, reason: Reason("core.errno.read_permission"))
        }
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        func bytes(at offset: UInt64, count: Int) throws -> [UInt8] {
            // Every offset is checked against the file before it is sought.
            guard offset <= size, UInt64(count) <= size - offset else { throw refused(name, "it points outside itself") }
            try handle.seek(toOffset: offset)
            let data = try handle.read(upToCount: count) ?? Data()
            guard data.count == count else { throw refused(name, "it ends before its directory does") }
            return [UInt8](data)
        }
        guard size >= 22, size <= UInt64(UInt32.max) else {
            throw refused(name, size < 22 ? "too_short" : "too_large")
        }
        // The end record: the last 22 bytes, with no comment after it.
        let end = try bytes(at: size - 22, count: 22)
        guard end[0..<4].elementsEqual([0x50, 0x4B, 0x05, 0x06]) else {
            throw refused(name, "no_end_where")
        }
        let total = Int(le16(end, 10))
        let directorySize = UInt64(le32(end, 12))
        let directoryOffset = UInt64(le32(end, 16))
        guard le16(end, 4) == 0, le16(end, 6) == 0, Int(le16(end, 8)) == total, le16(end, 20) == 0 else {
            throw refused(name, "disks_or_comment")
        }
        guard total <= limit else {
            throw BundleError.refused("too_many_files", ["bundle": name, "limit": String(limit)])
        }
        // The directory ends where the end record starts: no ZIP64 record, no bytes between.
        guard directorySize <= 1 << 20, directoryOffset + directorySize == size - 22 else {
            throw refused(name, "directory_end")
        }
        let directory = try bytes(at: directoryOffset, count: Int(directorySize))
        var entries: [Entry] = []
        var spans: [(start: UInt64, end: UInt64)] = []
        var at = 0
        while at < directory.count {
            guard at + 46 <= directory.count, directory[at..<(at + 4)].elementsEqual([0x50, 0x4B, 0x01, 0x02]) else {
                throw refused(name, "not_an_entry")
            }
            guard entries.count < limit else {
                throw BundleError.refused("too_many_files", ["bundle": name, "limit": String(limit)])
            }
            let madeBy = directory[at + 5]
            let flags = le16(directory, at + 8)
            let method = le16(directory, at + 10)
            let crc = le32(directory, at + 16)
            let compressed = UInt64(le32(directory, at + 20))
            let uncompressed = UInt64(le32(directory, at + 24))
            let nameLength = Int(le16(directory, at + 28))
            let extraLength = Int(le16(directory, at + 30))
            let commentLength = Int(le16(directory, at + 32))
            let external = le32(directory, at + 38)
            let localOffset = UInt64(le32(directory, at + 42))
            let nameStart = at + 46
            let next = nameStart + nameLength + extraLength + commentLength
            guard next <= directory.count else { throw refused(name, "entry_cut") }
            let entryName = Data(directory[nameStart..<(nameStart + nameLength)])
            let shown = String(decoding: entryName, as: UTF8.self).debugDescription
            // Encrypted (bits 0 and 6) or sized after the fact (bit 3): no bundle is, and a
            // reader that cannot take such an entry may stop there without a word.
            guard flags & 0b0100_0000_0100_1001 == 0, method == 0 || method == 8 else {
                throw BundleError.refused("encrypted", ["bundle": name, "path": shown])
            }
            var extra = nameStart + nameLength
            while extra + 4 <= nameStart + nameLength + extraLength {
                guard le16(directory, extra) != 0x0001 else {
                    throw BundleError.refused("zip64", ["bundle": name, "path": shown])
                }
                extra += 4 + Int(le16(directory, extra + 2))
            }
            // The local header must say what the directory says, and name the same file.
            let local = try bytes(at: localOffset, count: 30)
            guard local[0..<4].elementsEqual([0x50, 0x4B, 0x03, 0x04]) else {
                throw refused(name, "no_local_header")
            }
            let localName = try bytes(at: localOffset + 30, count: Int(le16(local, 26)))
            guard Data(localName) == entryName else {
                throw BundleError.refused("local_name", ["bundle": name, "path": shown])
            }
            guard le16(local, 6) == flags, le16(local, 8) == method, le32(local, 14) == crc,
                  UInt64(le32(local, 18)) == compressed, UInt64(le32(local, 22)) == uncompressed else {
                throw BundleError.refused("local_header", ["bundle": name, "path": shown])
            }
            let dataStart = localOffset + 30 + UInt64(le16(local, 26)) + UInt64(le16(local, 28))
            spans.append((localOffset, dataStart + compressed))
            // Made on Unix (3) or macOS (19): the mode is in the upper half of the attributes.
            let fileType = madeBy == 3 || madeBy == 19 ? (external >> 16) & 0o170000 : nil
            let isFolderName = entryName.last == UInt8(ascii: "/")
            // The DOS folder bit, which Windows tools read whatever made the zip.
            if external & 0x10 != 0, !isFolderName {
                throw BundleError.refused("folder_not_named", ["bundle": name, "path": shown])
            }
            if isFolderName, compressed != 0 || uncompressed != 0 {
                throw BundleError.refused("folder_with_data", ["bundle": name, "path": shown])
            }
            entries.append(Entry(name: entryName, fileType: fileType, uncompressedSize: uncompressed))
            at = next
        }
        guard entries.count == total else {
            throw BundleError.refused("entry_count", ["bundle": name, "declared": String(total), "count": String(entries.count)])
        }
        // The entries lie end to end from the first byte to the directory: nothing hidden
        // before, between or after them.
        var cursor: UInt64 = 0
        for span in spans.sorted(by: { $0.start < $1.start }) {
            guard span.start == cursor else { throw refused(name, "hidden_bytes") }
            cursor = span.end
        }
        guard cursor == directoryOffset else { throw refused(name, "hidden_bytes") }
        return ZipDirectory(entries: entries)
    }

    /// `bundle.refused.not_zip.<why>`: the file is not a zip, or a damaged one.
    private static func refused(_ name: String, _ why: String) -> BundleError {
        .refused("not_zip.\(why)", ["bundle": name])
    }

    private static func le16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    private static func le32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) }
    }
}
