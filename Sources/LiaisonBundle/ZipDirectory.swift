import Foundation

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
    static func read(_ url: URL, name: String, limit: Int) throws -> ZipDirectory {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw BundleError.cannotRead(path: url.path, reason: "permission denied")
        }
        defer { try? handle.close() }
        func bytes(at offset: UInt64, count: Int) throws -> [UInt8] {
            try handle.seek(toOffset: offset)
            let data = try handle.read(upToCount: count) ?? Data()
            guard data.count == count else { throw refused(name, "it ends before its directory does") }
            return [UInt8](data)
        }
        let size = try handle.seekToEnd()
        guard size >= 22 else { throw refused(name, "it is too short to be one") }
        let window = min(size, 65_535 + 22)
        let tail = try bytes(at: size - window, count: Int(window))
        guard let end = (0...max(0, tail.count - 22)).reversed().first(where: { tail[$0..<($0 + 4)].elementsEqual([0x50, 0x4B, 0x05, 0x06]) })
        else { throw refused(name, "it has no end record") }
        var total = UInt64(le16(tail, end + 10))
        var directorySize = UInt64(le32(tail, end + 12))
        var directoryOffset = UInt64(le32(tail, end + 16))
        if total == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // ZIP64: the locator just before the end record names the ZIP64 end record.
            let locatorAt = size - window + UInt64(end)
            guard locatorAt >= 20 else { throw refused(name, "its ZIP64 locator is missing") }
            let locator = try bytes(at: locatorAt - 20, count: 20)
            guard locator[0..<4].elementsEqual([0x50, 0x4B, 0x06, 0x07]) else { throw refused(name, "its ZIP64 locator is missing") }
            let record = try bytes(at: le64(locator, 8), count: 56)
            guard record[0..<4].elementsEqual([0x50, 0x4B, 0x06, 0x06]) else { throw refused(name, "its ZIP64 end record is missing") }
            total = le64(record, 32)
            directorySize = le64(record, 40)
            directoryOffset = le64(record, 48)
        }
        guard total <= UInt64(limit) else {
            throw BundleError.refused("\(name) holds more than \(limit) files, far more than a bundle does; it was not read further.")
        }
        guard directorySize <= 1 << 20, directoryOffset <= size, directorySize <= size - directoryOffset else {
            throw refused(name, "its directory lies outside the file or is far too large")
        }
        let directory = try bytes(at: directoryOffset, count: Int(directorySize))
        var entries: [Entry] = []
        var at = 0
        while at + 46 <= directory.count, directory[at..<(at + 4)].elementsEqual([0x50, 0x4B, 0x01, 0x02]) {
            let madeBy = directory[at + 5]
            let nameLength = Int(le16(directory, at + 28))
            let extraLength = Int(le16(directory, at + 30))
            let commentLength = Int(le16(directory, at + 32))
            let external = le32(directory, at + 38)
            var localOffset = UInt64(le32(directory, at + 42))
            var uncompressed = UInt64(le32(directory, at + 24))
            let nameStart = at + 46
            let next = nameStart + nameLength + extraLength + commentLength
            guard next <= directory.count else { throw refused(name, "an entry of its directory is cut short") }
            let entryName = Data(directory[nameStart..<(nameStart + nameLength)])
            // ZIP64 sizes and offsets sit in the extra field when the fixed ones overflow.
            var extra = nameStart + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = le16(directory, extra)
                let length = Int(le16(directory, extra + 2))
                var field = extra + 4
                if id == 0x0001 {
                    if uncompressed == 0xFFFF_FFFF, field + 8 <= extraEnd { uncompressed = le64(directory, field); field += 8 }
                    if le32(directory, at + 20) == 0xFFFF_FFFF, field + 8 <= extraEnd { field += 8 }
                    if localOffset == 0xFFFF_FFFF, field + 8 <= extraEnd { localOffset = le64(directory, field) }
                }
                extra += 4 + length
            }
            // The local header must name the same file.
            guard size >= 30, localOffset <= size - 30 else { throw refused(name, "an entry's local header lies outside the file") }
            let local = try bytes(at: localOffset, count: 30)
            guard local[0..<4].elementsEqual([0x50, 0x4B, 0x03, 0x04]) else {
                throw refused(name, "an entry's local header is missing")
            }
            let localName = try bytes(at: localOffset + 30, count: Int(le16(local, 26)))
            guard Data(localName) == entryName else {
                throw BundleError.refused("\(name) names an entry one way in its directory and another in the entry itself "
                    + "(\(String(decoding: entryName, as: UTF8.self).debugDescription)), so tools would unpack it differently.")
            }
            // Made on Unix (3) or macOS (19): the mode is in the upper half of the attributes.
            let fileType = madeBy == 3 || madeBy == 19 ? (external >> 16) & 0o170000 : nil
            entries.append(Entry(name: entryName, fileType: fileType, uncompressedSize: uncompressed))
            at = next
            guard entries.count <= limit else {
                throw BundleError.refused("\(name) holds more than \(limit) files, far more than a bundle does; it was not read further.")
            }
        }
        guard UInt64(entries.count) == total else {
            throw BundleError.refused("\(name) declares \(total) entries in its end record but its directory holds \(entries.count), so it was tampered with.")
        }
        return ZipDirectory(entries: entries)
    }

    private static func refused(_ name: String, _ what: String) -> BundleError {
        .refused("\(name) is not a zip file, or it is damaged (\(what)).")
    }

    private static func le16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    private static func le32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) }
    }

    private static func le64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) }
    }
}
