import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written through a buffer, hashed as it goes, so a file's digest and size are known
/// the moment it is closed without reading it back.
final class HashingFile<Hash: HashFunction> {
    let url: URL
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var hash = Hash()
    private(set) var size: Int64 = 0
    private static var bufferSize: Int { 1 << 18 }

    /// Makes a new file, mode 0600; an existing one is refused.
    init(creating url: URL) throws {
        self.url = url
        descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw BundleError.writing(url.path, errno: errno) }
        buffer.reserveCapacity(Self.bufferSize)
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    func write(_ text: String) throws {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= Self.bufferSize { try flush() }
    }

    func write(_ bytes: some Collection<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.bufferSize { try flush() }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        hash.update(data: buffer)
        try buffer.withUnsafeBytes { try writeAll(descriptor, $0, path: url.path) }
        size += Int64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered, syncs the file to the disk when `sync`, and returns the
    /// file's digest (hexadecimal) and size.
    func finish(sync: Bool = false) throws -> (digest: String, size: Int64) {
        try flush()
        if sync, fsync(descriptor) != 0 { throw BundleError.writing(url.path, errno: errno) }
        return (Array(hash.finalize()).hex, size)
    }
}

/// Writes every byte, retrying short writes; a failure becomes a sentence naming the path.
func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
    var offset = 0
    while offset < bytes.count {
        let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0 {
            if errno == EINTR { continue }
            throw BundleError.writing(path, errno: errno)
        }
        offset += written
    }
}

/// Makes a folder only its owner can enter (0700) in the temporary folder, named from `name`.
///
/// With `inMemory`, it is made in memory when the system has a place for that (the user's
/// runtime folder, else `/dev/shm`), so that what it holds never reaches a disk: a sealed
/// export stages its clear payload there.
public func makePrivateTemporaryFolder(_ name: String, inMemory: Bool = false) throws -> URL {
    let temporary = (inMemory ? memoryFolder() : nil) ?? FileManager.default.temporaryDirectory.path
    var template = Array((temporary + "/\(name)-" + String(repeating: "X", count: 6)).utf8CString)
    guard let made = mkdtemp(&template) else { throw BundleError.writing(temporary, errno: errno) }
    return URL(fileURLWithPath: String(cString: made))
}

/// A folder of this user's backed by memory (tmpfs), if the system has one.
func memoryFolder() -> String? {
    var candidates: [String] = []
    if let runtime = ProcessInfo.processInfo.environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") { candidates.append(runtime) }
    candidates.append("/dev/shm")
    return candidates.first { path in
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR && access(path, W_OK | X_OK) == 0
    }
}

/// Hashes a whole file with SHA-256, reading it in chunks.
func sha256(ofFile url: URL) throws -> String {
    var hash = SHA256()
    try forEachChunk(of: url) { hash.update(data: $0) }
    return Array(hash.finalize()).hex
}

/// Calls `body` with successive chunks of a file; memory stays bounded for any size.
func forEachChunk(of url: URL, size: Int = 1 << 20, _ body: (Data) throws -> Void) throws {
    guard let handle = FileHandle(forReadingAtPath: url.path) else {
        throw BundleError.cannotRead(path: url.path, reason: .errno(errno))
    }
    defer { try? handle.close() }
    while true {
        let chunk = try handle.read(upToCount: size) ?? Data()
        if chunk.isEmpty { return }
        try body(chunk)
    }
}

extension Sequence where Element == UInt8 {
    /// Lowercase hexadecimal.
    var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Removes what an import killed before it could clean up left behind: folders named
/// `<name>-<pid>-XXXXXX` in the temporary folders whose process is gone, this user's,
/// private (0700), holding nothing but the `bundle.zip` liaison writes there. Anything else,
/// links included, is left alone. No clock is read: a folder's process is alive or not.
func sweepStaleTemporaryFolders(_ name: String) {
    let places = Set([memoryFolder(), FileManager.default.temporaryDirectory.path].compactMap { $0 })
    for place in places {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: place) else { continue }
        for entry in entries where entry.hasPrefix(name + "-") {
            let parts = entry.dropFirst(name.count + 1).split(separator: "-")
            guard parts.count == 2, parts[1].count == 6, let pid = Int32(parts[0]), pid > 0,
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            let path = place + "/" + entry
            var status = stat()
            guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR, status.st_uid == getuid(),
                  status.st_mode & 0o777 == 0o700,
                  let inside = try? FileManager.default.contentsOfDirectory(atPath: path),
                  inside.allSatisfy({ $0 == "bundle.zip" }) else { continue }
            for file in inside {
                var fileStatus = stat()
                guard lstat(path + "/" + file, &fileStatus) == 0, (fileStatus.st_mode & S_IFMT) == S_IFREG else { continue }
                unlink(path + "/" + file)
            }
            rmdir(path)
        }
    }
}
