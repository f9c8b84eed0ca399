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
        let target = destination ?? Store.backupFolder(of: url).appendingPathComponent(
            Store.backupPrefix(url) + Store.backupStamp(now()) + "-" + reason + ".sqlite")
        try lock.withLock { try Store.copy(pool, to: target, storePath: url.path) }
        if destination == nil, reason != "manual" { pruneAutomaticBackups() }
        return target
    }

    /// `backup` for the migration path, before the pool's owner exists.
    static func copy(_ pool: DatabasePool, to target: URL, storePath: String) throws {
        let folder = target.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: folder.path) {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError.io("the backup folder \(folder.path) cannot be made")
            }
        }
        guard !FileManager.default.fileExists(atPath: target.path) else {
            throw StoreError.io("\(target.path) already exists; choose another name for the backup")
        }
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).partial-\(getpid())")
        try? FileManager.default.removeItem(at: temporary)
        defer { try? FileManager.default.removeItem(at: temporary) }
        do {
            let previous = umask(0o077)
            defer { umask(previous) }
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "VACUUM INTO ?", arguments: [temporary.path])
            }
        } catch {
            throw StoreError.from(error, path: storePath)
        }
        try checkBackup(temporary, name: target.path)
        StoreFile.sync(temporary.path)
        guard link(temporary.path, target.path) == 0 else {
            throw StoreError.io("the backup cannot be written to \(target.path) (\(String(cString: strerror(errno))))")
        }
        StoreFile.sync(folder.path)
    }

    /// Refuses a file that is not a sound liaison store of this version or an older one.
    static func checkBackup(_ file: URL, name: String) throws {
        guard case .store = try StoreFile.inspect(file) else { throw StoreError.missing(path: name) }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: file.path, configuration: configuration)
            defer { try? queue.close() }
            try queue.read { db in
                if try migrator.hasBeenSuperseded(db) { throw StoreError.newerSchema(path: name) }
                let report = try String.fetchAll(db, sql: "PRAGMA integrity_check(5)")
                guard report == ["ok"] else {
                    throw StoreError.damaged(path: name, detail: TextSafety.cleaned(report.first ?? "", limit: 120))
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.from(error, path: name)
        }
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

    /// `20261121-093000`: sorts in time order and is safe in any file system.
    static func backupStamp(_ time: Timestamp) -> String {
        let text = time.description // 2026-11-21T09:30:00.000Z
        let digits = text.prefix(19).filter { $0.isNumber }
        return String(digits.prefix(8)) + "-" + String(digits.dropFirst(8).prefix(6))
    }

    /// Brings back `backup` as the store at `store`, after checking it. The store's files
    /// as they were (with their WAL) are kept aside as `NAME.replaced-STAMP` and returned.
    /// No liaison may be writing to the store meanwhile: the writer lock is held.
    @discardableResult
    public static func restore(_ backup: URL, to store: URL, at time: Timestamp) throws -> URL? {
        try checkBackup(backup, name: backup.path)
        let lock = WriterLock(path: store.path + ".lock", wait: .seconds(5))
        return try lock.withLock {
            let folder = store.deletingLastPathComponent()
            let temporary = folder.appendingPathComponent(".\(store.lastPathComponent).restoring-\(getpid())")
            try? FileManager.default.removeItem(at: temporary)
            defer { try? FileManager.default.removeItem(at: temporary) }
            do {
                try FileManager.default.copyItem(at: backup, to: temporary)
            } catch {
                throw StoreError.io("the backup cannot be copied into \(folder.path)")
            }
            chmod(temporary.path, 0o600)
            StoreFile.sync(temporary.path)
            var aside: URL?
            if FileManager.default.fileExists(atPath: store.path) {
                let kept = folder.appendingPathComponent(store.lastPathComponent + ".replaced-" + backupStamp(time))
                for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: store.path + suffix) {
                    guard rename(store.path + suffix, kept.path + suffix) == 0 else {
                        throw StoreError.io("the store cannot be moved aside (\(String(cString: strerror(errno))))")
                    }
                }
                aside = kept
            }
            guard rename(temporary.path, store.path) == 0 else {
                throw StoreError.io("the backup cannot be put in place (\(String(cString: strerror(errno))))")
            }
            StoreFile.sync(folder.path)
            return aside
        }
    }
}
