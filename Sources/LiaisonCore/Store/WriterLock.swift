import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The advisory lock beside a store that lets one process write at a time.
///
/// SQLite 3.40 on these machines predates the fix for the WAL-reset bug, which needs two
/// connections writing or checkpointing at once; with a single writer it cannot happen.
/// Readers never take this lock. The holder writes its process id into the file so that a
/// waiting writer can say who holds the store.
final class WriterLock: @unchecked Sendable {
    let path: String
    private let threadLock = NSLock()
    private let wait: Duration
    private var descriptor: Int32 = -1 // guarded by threadLock

    init(path: String, wait: Duration) {
        self.path = path
        self.wait = wait
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Runs `body` holding the lock, after waiting for another process to release it.
    func withLock<T>(wait: Duration? = nil, _ body: () throws -> T) throws -> T {
        threadLock.lock()
        defer { threadLock.unlock() }
        try acquire(wait: wait ?? self.wait)
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    private func acquire(wait: Duration) throws {
        if descriptor < 0 {
            // Never through a symbolic link, and only a regular file of this user's: a lock
            // file planted to point elsewhere must not get that file truncated.
            let opened = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o600)
            guard opened >= 0 else {
                let reason = errno == ELOOP ? Reason("core.reason.lock_symlink", ["lock": path])
                    : Reason("core.reason.lock_unusable", ["lock": path], because: .errno(errno))
                throw StoreError.unreadable(path: String(path.dropLast(".lock".count)), reason: reason)
            }
            var status = stat()
            guard fstat(opened, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_uid == getuid() else {
                close(opened)
                throw StoreError.unreadable(path: String(path.dropLast(".lock".count)),
                                            reason: Reason("core.reason.lock_not_yours", ["lock": path]))
            }
            descriptor = opened
        }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: wait)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw StoreError.io(Reason("core.io.lock_failed", because: .errno(errno)))
            }
            guard clock.now < deadline else {
                throw StoreError.busy(path: String(path.dropLast(".lock".count)), holder: holder())
            }
            usleep(50_000)
        }
        let note = "pid \(getpid()) (\(ProcessInfo.processInfo.processName))\n"
        _ = ftruncate(descriptor, 0)
        _ = note.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    /// Who holds the lock, as its holder wrote it.
    private func holder() -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return text.isEmpty ? "an unknown process" : text
    }
}
