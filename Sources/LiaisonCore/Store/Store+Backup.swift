import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Consistent copies of the store, and bringing one back.
extension Store {
    /// How many automatic backups (before a migration, later before an import) are kept.
    public static let automaticBackupsKept = 5

    /// The folder of a store's backups: `backups/` beside it.
    public static func backupFolder(of store: URL) -> URL {
        store.deletingLastPathComponent().appendingPathComponent("backups")
    }

    /// The backups of the store at `store`, newest first.
    public static func backups(of store: URL) -> [URL] {
        let folder = backupFolder(of: store)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix(backupPrefix(store)) && $0.hasSuffix(".sqlite") }
            .sorted(by: >)
            .map { folder.appendingPathComponent($0) }
    }

    private static func backupPrefix(_ store: URL) -> String {
        store.deletingPathExtension().lastPathComponent + "-"
    }

    /// Makes a consistent copy of the store with `VACUUM INTO`, holding the writer lock so
    /// that the copy is one state of the store. The copy is written under a temporary name,
    /// checked (`integrity_check`), synced, and only then given its name, which never
    /// replaces a file. Without `destination`, it goes into `backups/` beside the store,
    /// named by the clock and `reason`. Returns where it went.
    @discardableResult
    public func backup(to destination: URL? = nil, reason: String = "manual") throws -> URL {
        let target = try destination ?? Store.newBackupName(of: url, at: now(), reason: reason)
        try lock.withLock { try Store.copy(pool, to: target, storePath: url.path) }
        try? audit(.backup, detail: "\(target.lastPathComponent) (\(reason))")
        if destination == nil, reason != "manual" { pruneAutomaticBackups() }
        return target
    }

    /// A name in `backups/` that no backup has yet: the clock to the millisecond and the
    /// reason, numbered when two are made within one millisecond.
    static func newBackupName(of store: URL, at time: Timestamp, reason: String) throws -> URL {
        let stem = backupPrefix(store) + backupStamp(time)
        for attempt in 1...100 {
            let name = stem + (attempt == 1 ? "" : String(format: "%02d", attempt)) + "-" + reason + ".sqlite"
            let candidate = backupFolder(of: store).appendingPathComponent(name)
            if !FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        }
        throw StoreError.io(Reason("core.io.no_backup_name", ["folder": backupFolder(of: store).path]))
    }

    /// `backup` for the migration path, before the pool's owner exists.
    static func copy(_ pool: DatabasePool, to target: URL, storePath: String) throws {
        let folder = target.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: folder.path) {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError.io(Reason("core.io.backup_folder", ["folder": folder.path]))
            }
        }
        guard !FileManager.default.fileExists(atPath: target.path) else {
            throw StoreError.io(Reason("core.io.backup_exists", ["path": target.path]))
        }
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).partial-\(getpid())")
        try? FileManager.default.removeItem(at: temporary)
        defer { try? FileManager.default.removeItem(at: temporary) }
        do {
            try StoreFile.vacuum(pool, into: temporary)
        } catch {
            throw StoreError.from(error, path: storePath)
        }
        try checkBackup(temporary, name: target.path)
        StoreFile.sync(temporary.path)
        guard link(temporary.path, target.path) == 0 else {
            throw StoreError.io(Reason("core.io.backup_not_written", ["path": target.path], because: .errno(errno)))
        }
        StoreFile.sync(folder.path)
    }

    /// Refuses a file that is not a sound liaison store of this version or an older one.
    static func checkBackup(_ file: URL, name: String, check: StoreFile.Check = .full) throws {
        guard case .store = try StoreFile.inspect(file, forWriting: false) else { throw StoreError.missing(path: name) }
        try StoreFile.probe(file, check: check, name: name)
    }

    /// SQLite's `integrity_check` of the store: `["ok"]` when it is sound, else the first
    /// problems found.
    public func integrityReport() throws -> [String] {
        try read { try String.fetchAll($0, sql: "PRAGMA integrity_check(10)") }
    }

    /// Keeps the newest automatic backups and removes the older ones.
    private func pruneAutomaticBackups() {
        let automatic = Store.backups(of: url).filter { !$0.lastPathComponent.hasSuffix("-manual.sqlite") }
        for old in automatic.dropFirst(Store.automaticBackupsKept) {
            try? FileManager.default.removeItem(at: old)
        }
    }

    /// `20261121-093000-123` (to the millisecond): sorts in time order and is safe in any
    /// file system.
    static func backupStamp(_ time: Timestamp) -> String {
        let digits = time.description.filter { $0.isNumber } // 2026-11-21T09:30:00.123Z
        return String(digits.prefix(8)) + "-" + String(digits.dropFirst(8).prefix(6)) + "-" + String(digits.dropFirst(14).prefix(3))
    }

    /// Brings back `backup` as the store at `store`, after checking it. The backup is read
    /// through SQLite (its WAL included) into a new file beside the store, checked again, and
    /// put in place; the store's files as they were are kept aside as
    /// `NAME.replaced-STAMP` (never over another file) and that name is returned. Only a
    /// liaison store, or nothing, is ever replaced, and never through a symbolic link. No
    /// liaison may be writing to the store meanwhile: the writer lock is held.
    @discardableResult
    public static func restore(_ backup: URL, to store: URL, at time: Timestamp) throws -> URL? {
        // Its pages are checked once, in the copy that is put in place.
        try checkBackup(backup, name: backup.path, check: .schema)
        var status = stat()
        if lstat(store.path, &status) == 0, status.st_mode & S_IFMT == S_IFLNK {
            throw StoreError.unreadable(path: store.path, reason: Reason("core.reason.store_symlink"))
        }
        let exists: Bool
        switch try StoreFile.inspect(store) {
        case .nothing: exists = false
        case .store: exists = true
        }
        let lock = WriterLock(path: store.path + ".lock", wait: .seconds(5))
        return try lock.withLock {
            let folder = store.deletingLastPathComponent()
            let temporary = folder.appendingPathComponent(".\(store.lastPathComponent).restoring-\(getpid())")
            try? FileManager.default.removeItem(at: temporary)
            defer { try? FileManager.default.removeItem(at: temporary) }
            do {
                var configuration = Configuration()
                configuration.readonly = true
                let source = try DatabaseQueue(path: backup.path, configuration: configuration)
                defer { try? source.close() }
                try StoreFile.vacuum(source, into: temporary)
            } catch {
                throw StoreError.io(Reason("core.io.backup_not_copied", ["folder": folder.path]))
            }
            try checkBackup(temporary, name: backup.path)
            StoreFile.sync(temporary.path)
            var aside: URL?
            if exists {
                let kept = try freeName(folder.appendingPathComponent(store.lastPathComponent + ".replaced-" + backupStamp(time)))
                // The main file is linked (never replacing anything) before its WAL moves.
                guard link(store.path, kept.path) == 0, unlink(store.path) == 0 else {
                    throw StoreError.io(Reason("core.io.not_moved_aside", because: .errno(errno)))
                }
                for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: store.path + suffix) {
                    guard rename(store.path + suffix, kept.path + suffix) == 0 else {
                        throw StoreError.io(Reason("core.io.part_not_moved_aside", ["suffix": suffix], because: .errno(errno)))
                    }
                }
                aside = kept
            }
            guard link(temporary.path, store.path) == 0 else {
                throw StoreError.io(Reason("core.io.not_put_in_place", because: .errno(errno)))
            }
            StoreFile.sync(folder.path)
            return aside
        }
    }

    /// `url`, or the first of `url-2`, `url-3`… that no file (nor its WAL) takes.
    static func freeName(_ url: URL) throws -> URL {
        for attempt in 1...1000 {
            let candidate = attempt == 1 ? url : URL(fileURLWithPath: url.path + "-\(attempt)")
            if !["", "-wal", "-shm"].contains(where: { FileManager.default.fileExists(atPath: candidate.path + $0) }) {
                return candidate
            }
        }
        throw StoreError.io(Reason("core.io.no_name_beside", ["path": url.path]))
    }
}
