import Foundation
import GRDB
import Synchronization

/// The officer's local store of contacts, meetings, grievances and feedback: one SQLite
/// file in WAL mode, written by one process at a time, read by any number.
public final class Store: Sendable {
    /// How a store is opened.
    public struct Options: Sendable {
        /// Make the store (and its folder) when the file does not exist.
        public var create: Bool
        /// How long a writer waits for another process to finish writing.
        public var writerWait: Duration
        /// The clock that stamps records and says what "today" is; tests set it.
        public var deviceClock: DeviceClock
        /// Run SQLite's `quick_check` before opening, and refuse a damaged store before any
        /// write: the command line's writing commands and the interface set it.
        public var checkIntegrity = false
        /// Open for reading only: nothing is written to the file, not even a checkpoint, so
        /// a store found damaged while being read is left byte for byte. A store made by an
        /// earlier version is still brought up to date first.
        public var readOnly = false
        public var taxonomies: Taxonomies

        public init(create: Bool = false, writerWait: Duration = .seconds(5), deviceClock: DeviceClock = .system,
                    taxonomies: Taxonomies = .standard) {
            self.create = create
            self.writerWait = writerWait
            self.deviceClock = deviceClock
            self.taxonomies = taxonomies
        }

        /// Options whose instants come from `clock` and whose days from `timeZone`.
        public init(create: Bool = false, writerWait: Duration = .seconds(5),
                    clock: @escaping @Sendable () -> Date, timeZone: TimeZone = .current,
                    taxonomies: Taxonomies = .standard) {
            self.init(create: create, writerWait: writerWait, deviceClock: DeviceClock(now: clock, timeZone: timeZone),
                      taxonomies: taxonomies)
        }
    }

    /// The store file.
    public let url: URL
    public let options: Options
    let pool: DatabasePool
    let lock: WriterLock
    private let isClosed = Mutex(false)
    /// The vault's keys and, while unlocked, the protected contacts it opened.
    let vaultState = Mutex(VaultState())
    /// Whether this store is in a bulk load (`inBulk`), and whether that load sets the read
    /// indexes aside.
    let bulk = Mutex(Bulk())

    struct Bulk {
        var depth = 0
        var setsIndexesAside = false
    }

    public var taxonomies: Taxonomies { options.taxonomies }

    /// The current instant, from the store's clock.
    public func now() -> Timestamp { options.deviceClock.instant() }

    /// Today on the device.
    public func today() -> Day { options.deviceClock.today() }

    /// What the rules need to check a record today.
    public var rulesContext: RulesContext { RulesContext(taxonomies: taxonomies, today: today()) }

    /// Opens the store at `url`, or refuses with a sentence: a missing file (unless
    /// `options.create`), an unreadable one, a file that is not a liaison store, a store from
    /// a newer version, or (with `options.checkIntegrity`) a damaged one. A refused file is
    /// never modified: it is checked through a read-only connection first.
    public init(at url: URL, options: Options = Options()) throws {
        self.url = url
        self.options = options
        let path = url.path
        switch try StoreFile.inspect(url, forWriting: !options.readOnly) {
        case .nothing:
            guard options.create else { throw StoreError.missing(path: path) }
            try StoreFile.create(url)
        case .store:
            break
        }
        let isCurrent = try StoreFile.probe(url, check: options.checkIntegrity ? .quick : .schema,
                                              wait: options.writerWait)
        // One lock per store file, however it is reached: through a link, its real path.
        lock = WriterLock(path: url.resolvingSymlinksInPath().path + ".lock", wait: options.writerWait)

        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(options.writerWait.seconds)
        configuration.maximumReaderCount = 3
        configuration.prepareDatabase { db in
            // A 16 MiB page cache keeps inserts into the id indexes (random UUIDs) off the
            // disk; the WAL is cut back to 64 MiB after a big batch.
            try db.execute(sql: "PRAGMA cache_size = -16384; PRAGMA journal_size_limit = 67108864")
            // What is deleted or changed is overwritten with zeros, in the file and its WAL,
            // rather than left readable in free pages on a lost laptop.
            try db.execute(sql: "PRAGMA secure_delete = ON")
            // LIAISON_TRACE_SQL=1 prints each statement and its duration to stderr.
            if ProcessInfo.processInfo.environment["LIAISON_TRACE_SQL"] == "1" {
                db.trace(options: .profile) { event in
                    FileHandle.standardError.write(Data("sql: \(event)\n".utf8))
                }
            }
        }
        if options.readOnly, isCurrent {
            var readOnly = configuration
            readOnly.readonly = true
            do {
                pool = try DatabasePool(path: path, configuration: readOnly)
            } catch {
                throw StoreError.from(error, path: path)
            }
            return
        }
        do {
            // GRDB writes a tiny transaction at open when the WAL file is missing or empty,
            // so that open takes the writer lock too.
            let wal = path + "-wal"
            let walIsEmpty = ((try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0) == 0
            let opened = walIsEmpty
                ? try lock.withLock { try DatabasePool(path: path, configuration: configuration) }
                : try DatabasePool(path: path, configuration: configuration)
            // GRDB sets the writer to synchronous=NORMAL with WAL; a field store wants FULL,
            // so that a committed record survives a power cut, not only a crash.
            try opened.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
            pool = opened
            let migrator = Store.migrator
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw StoreError.newerSchema(path: path)
            }
            if try pool.read({ try !migrator.hasCompletedMigrations($0) }) {
                // Checked again under the lock: another liaison may have migrated meanwhile.
                try lock.withLock {
                    guard try pool.read({ try !migrator.hasCompletedMigrations($0) }) else { return }
                    // A store made by an earlier version is copied before it is changed.
                    if try pool.read({ try !migrator.appliedIdentifiers($0).isEmpty }) {
                        let backup = try Store.newBackupName(of: url, at: options.deviceClock.instant(),
                                                             reason: "before-migration")
                        try Store.copy(pool, to: backup, storePath: path)
                    }
                    try migrator.migrate(pool)
                }
            }
            // A bulk load killed midway left read indexes aside: they are made again, when
            // the store can be had now; else a later start does it. Readers meanwhile get
            // the same answers, more slowly. A note that is not liaison's is damage.
            let lockPath = lock.path
            if try pool.read({ try Store.indexesAreLeftAside($0, lock: lockPath) }) {
                do {
                    try lock.withLock {
                        try pool.write { db in
                            if try Store.indexesAreLeftAside(db, lock: lockPath) { try Store.restoreReadIndexes(db) }
                        }
                    }
                } catch {
                    if case StoreError.damaged = StoreError.from(error, path: path) { throw error }
                }
            }
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    /// Closes the store. Holding the writer lock, it copies the WAL into the store and
    /// empties it, so the next start need not replay it; when another process is writing,
    /// or reading for more than a moment, it leaves that to the next one rather than hold
    /// the lock while it waits (other writers wait on that lock).
    public func close() {
        let wasClosed = isClosed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return }
        guard !options.readOnly else {
            try? pool.close()
            return
        }
        _ = try? lock.withLock(wait: .milliseconds(500)) {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA busy_timeout = 250")
                try db.checkpoint(.truncate)
            }
        }
        try? pool.close()
    }

    // MARK: - Reading and writing

    /// Runs `body` in a write transaction, holding the writer lock.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try lock.withLock { try pool.write(body) }
        } catch let error as StoreError {
            throw StoreError.from(error, path: url.path)
        } catch {
            throw StoreError.from(error, path: url.path)
        }
    }

    /// Runs `body` in a read transaction; readers never wait for writers. A read that
    /// meets another process emptying the WAL at that instant (SQLite says busy) is tried
    /// again for up to a second: reading changes nothing, so trying again is safe.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            var attempt = 0
            while true {
                do {
                    return try pool.read(body)
                } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < 20 {
                    attempt += 1
                    Thread.sleep(forTimeInterval: 0.05)
                }
            }
        } catch let error as StoreError {
            throw StoreError.from(error, path: url.path)
        } catch {
            throw StoreError.from(error, path: url.path)
        }
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
