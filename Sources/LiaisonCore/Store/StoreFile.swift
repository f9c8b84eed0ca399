import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The checks a store file passes before SQLite may open it for writing, so that a file
/// that is not ours, or is damaged, or was written by a newer liaison, is never modified.
enum StoreFile {
    /// What `inspect` found.
    enum Found {
        /// No file: the caller may make the store.
        case nothing
        /// A liaison store, checked read-only.
        case store
    }

    /// Checks the file at `url` before it is opened for writing. A missing file is
    /// `.nothing`; anything that is not a regular file carrying liaison's application id is
    /// refused without being written to.
    static func inspect(_ url: URL, forWriting: Bool = true) throws -> Found {
        let path = url.path
        var status = stat()
        guard stat(path, &status) == 0 else {
            guard errno == ENOENT else {
                throw StoreError.unreadable(path: path, reason: .errno(errno, writing: false))
            }
            return .nothing
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw StoreError.unreadable(path: path, reason: Reason("core.reason.is_folder"))
        default: throw StoreError.notAStore(path: path)
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw StoreError.unreadable(path: path, reason: .errno(errno, writing: false))
        }
        defer { close(descriptor) }
        var header = [UInt8](repeating: 0, count: 100)
        let count = read(descriptor, &header, 100)
        // An empty file is somebody else's (ours are made whole under another name).
        guard count == 100, header.starts(with: Array("SQLite format 3\0".utf8)) else {
            throw StoreError.notAStore(path: path)
        }
        let applicationID = Int32(bitPattern: UInt32(header[68]) << 24 | UInt32(header[69]) << 16
                                  | UInt32(header[70]) << 8 | UInt32(header[71]))
        guard applicationID == Store.applicationID else { throw StoreError.notAStore(path: path) }
        guard !forWriting || access(path, W_OK) == 0 else {
            throw StoreError.unreadable(path: path, reason: Reason("core.reason.read_only"))
        }
        return .store
    }

    /// Makes a new, empty store at `url`, whole or not at all: the file is stamped with
    /// liaison's application id under a temporary name, then linked to its name, which
    /// never replaces a file another process made meanwhile. The folder is made 0700.
    static func create(_ url: URL) throws {
        let path = url.path
        let folder = url.deletingLastPathComponent()
        do {
            if !FileManager.default.fileExists(atPath: folder.path) {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            }
        } catch {
            throw StoreError.unreadable(path: path, reason: Reason("core.reason.folder_not_made", ["why": error.localizedDescription]))
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).new-\(getpid())").path
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError.unreadable(path: path, reason: .errno(errno))
        }
        fchmod(descriptor, 0o600)
        close(descriptor)
        defer { unlink(temporary) }
        do {
            let queue = try DatabaseQueue(path: temporary)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA application_id = \(Store.applicationID)")
            }
            try queue.close()
        } catch {
            throw StoreError.from(error, path: path)
        }
        sync(temporary)
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { return } // another liaison made it first: open theirs
            throw StoreError.unreadable(path: path, reason: .errno(errno))
        }
        sync(folder.path)
    }

    /// Writes a file's (or a folder's) data to the disk.
    static func sync(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// How thoroughly `probe` checks the store's pages.
    enum Check {
        /// Only the schema's versions.
        case schema
        /// SQLite's `quick_check` as well: before a write.
        case quick
        /// SQLite's `integrity_check` as well: a backup before it is trusted.
        case full
    }

    /// Opens the store read-only and checks what must hold before anything writes to it:
    /// the schema is not from a newer liaison, the record of its migrations is there, and
    /// its pages pass `check`. A refused store is left byte for byte as it was. Returns
    /// whether every migration this version knows is applied. `name` is the path the
    /// sentences give. While another process opens the store and rebuilds its WAL index,
    /// SQLite says busy; the probe waits up to `wait` for it, as a writer would.
    @discardableResult
    static func probe(_ url: URL, check: Check, name: String? = nil, wait: Duration = .seconds(5)) throws -> Bool {
        let path = name ?? url.path
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(wait.seconds)
        do {
            let queue = try DatabaseQueue(path: url.path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                let migrator = Store.migrator
                if try migrator.hasBeenSuperseded(db) { throw StoreError.newerSchema(path: path) }
                // Tables without the record of the migrations that made them: the store was
                // damaged, and migrating it again would write over what is left.
                if try migrator.appliedIdentifiers(db).isEmpty,
                   try db.tableExists("contact") || db.tableExists("meeting") {
                    throw StoreError.damaged(path: path, detail: "its record of schema versions is missing")
                }
                let pragma = switch check {
                case .schema: ""
                case .quick: "PRAGMA quick_check(5)"
                case .full: "PRAGMA integrity_check(5)"
                }
                if !pragma.isEmpty {
                    let report = try String.fetchAll(db, sql: pragma)
                    if report != ["ok"] {
                        throw StoreError.damaged(path: path, detail: TextSafety.cleaned(report.first ?? "a check failed",
                                                                                        limit: 120))
                    }
                }
                return try migrator.hasCompletedMigrations(db)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    /// Copies the database that `writer` opens into a new file at `target`, as one
    /// consistent state (SQLite's `VACUUM INTO`, which reads through the WAL), private to
    /// the user.
    static func vacuum(_ writer: some DatabaseWriter, into target: URL) throws {
        let previous = umask(0o077)
        defer { umask(previous) }
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "VACUUM INTO ?", arguments: [target.path])
        }
    }
}
