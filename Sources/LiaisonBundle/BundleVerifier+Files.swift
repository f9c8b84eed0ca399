import Foundation
import LiaisonCore

/// What is checked of a bundle's file before a byte of it is hashed or unzipped.
extension BundleVerifier {
    /// Refuses at once anything but a readable regular file: a folder, a device such as
    /// /dev/zero that never ends, or a FIFO that would block.
    static func checkIsRegularFile(_ url: URL) throws {
        var status = stat()
        guard stat(url.path, &status) == 0 else {
            throw BundleError.cannotRead(path: url.path, reason: .errno(errno, writing: false))
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw BundleError.cannotRead(path: url.path, reason: Reason("bundle.reason.folder_not_bundle"))
        default: throw BundleError.cannotRead(path: url.path, reason: Reason("bundle.reason.not_regular_bundle"))
        }
        guard access(url.path, R_OK) == 0 else {
            throw BundleError.cannotRead(path: url.path, reason: Reason("core.errno.read_permission"))
        }
    }

    /// Refuses a file whose last 64 KiB hold no zip end record ("PK\u{5}\u{6}").
    static func checkEndRecord(_ url: URL) throws {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw BundleError.cannotRead(path: url.path, reason: Reason("core.errno.read_permission"))
        }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let window = min(size, 65_535 + 22)
        let tail = (try? { () throws -> Data in
            try handle.seek(toOffset: size - window)
            return try handle.read(upToCount: Int(window)) ?? Data()
        }()) ?? Data()
        let bytes = [UInt8](tail)
        let signature: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
        var index = bytes.count - 22
        while index >= 0 {
            if bytes[index] == 0x50, Array(bytes[index..<(index + 4)]) == signature { return }
            index -= 1
        }
        throw BundleError.refused("not_zip.no_end_record", ["bundle": url.lastPathComponent])
    }
}
