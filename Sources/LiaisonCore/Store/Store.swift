import Foundation
import GRDB

/// The officer's local store of contacts, meetings, grievances and feedback: one SQLite
/// file in WAL mode, written by one process at a time, read by any number.
public final class Store: Sendable {
    /// How a store is opened.
    public struct Options: Sendable {
        /// Make the store (and its folder) when the file does not exist.
        public var create: Bool
        /// How long a writer waits for another process to finish writing.
        public var writerWait: Duration
        /// The clock that stamps records; tests set it.
        public var clock: @Sendable () -> Date
        /// The time zone that decides what "today" is.
        public var timeZone: TimeZone
        public var taxonomies: Taxonomies

        public init(create: Bool = false, writerWait: Duration = .seconds(5),
                    clock: @escaping @Sendable () -> Date = { Date() }, timeZone: TimeZone = .current,
                    taxonomies: Taxonomies = .standard) {
            self.create = create
            self.writerWait = writerWait
            self.clock = clock
            self.timeZone = timeZone
            self.taxonomies = taxonomies
        }
    }

    /// The store file.
    public let url: URL
    public let options: Options
    let pool: DatabasePool
    let lock: WriterLock

    public var taxonomies: Taxonomies { options.taxonomies }

    /// The current instant, from the store's clock.
    public func now() -> Timestamp { Timestamp(options.clock()) }

    /// Today on the device.
    public func today() -> Day { Day.of(options.clock(), in: options.timeZone) }

    /// What the rules need to check a record today.
    public var rulesContext: RulesContext { RulesContext(taxonomies: taxonomies, today: today()) }

    /// Opens the store at `url`, or refuses with a sentence: a missing file (unless
    /// `options.create`), an unreadable one, a file that is not a liaison store, or a store
    /// from a newer version. A refused file is never modified.
    public init(at url: URL, options: Options = Options()) throws {
        self.url = url
        self.options = options
        let path = url.path
        let isNew = try StoreFile.inspect(url, create: options.create)
        lock = WriterLock(path: path + ".lock", wait: options.writerWait)

        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(options.writerWait.seconds)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            if isNew {
                // Stamp the file as ours before WAL mode, so its header always says so.
                try lock.withLock {
                    let queue = try DatabaseQueue(path: path)
                    try queue.writeWithoutTransaction { db in
                        try db.execute(sql: "PRAGMA application_id = \(Store.applicationID)")
                    }
                    try queue.close()
                }
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            let migrator = Store.migrator
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw StoreError.newerSchema(path: path)
            }
            let pending = try pool.read { try !migrator.hasCompletedMigrations($0) }
            if pending {
                try lock.withLock { try migrator.migrate(pool) }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    /// Closes the store. The last connection checkpoints the WAL, so it does so holding the
    /// writer lock when it can.
    public func close() {
        do {
            try lock.withLock(wait: .seconds(1)) { try pool.close() }
        } catch {
            try? pool.close()
        }
    }

    // MARK: - Reading and writing

    /// Runs `body` in a write transaction, holding the writer lock.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try lock.withLock { try pool.write(body) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.from(error, path: url.path)
        }
    }

    /// Runs `body` in a read transaction; readers never wait for writers.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.from(error, path: url.path)
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
