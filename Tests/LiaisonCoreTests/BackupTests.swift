import Foundation
import Testing
@testable import LiaisonCore

/// Backups are consistent copies that never overwrite anything, and restoring one keeps
/// what it replaces.
struct BackupTests {
    @Test func aBackupIsAConsistentCopyAndRestoreKeepsTheReplacedStoreAside() throws {
        let given = try TemporaryStore()
        let amina = try given.store.save(Contact(name: "Amina"))
        let backup = try given.store.backup()
        #expect(backup.deletingLastPathComponent().lastPathComponent == "backups")
        #expect(backup.lastPathComponent == "store-20261121-120000-000-manual.sqlite")
        #expect(throws: StoreError.self, "never replaces a file") { try given.store.backup(to: backup) }
        try given.store.save(Contact(name: "Dawit"))
        given.store.close()

        let aside = try #require(try Store.restore(backup, to: given.url, at: Timestamp(parsing: "2026-11-22T08:00:00Z")!))
        #expect(aside.lastPathComponent == "store.sqlite.replaced-20261122-080000-000")
        let restored = try Store(at: given.url)
        defer { restored.close() }
        #expect(try restored.records(Contact.self, RecordQuery(limit: 10)).map(\.id) == [amina.id])
        let kept = try Store(at: aside)
        defer { kept.close() }
        #expect(try kept.records(Contact.self, RecordQuery(limit: 10)).count == 2, "the replaced store is whole")
    }

    @Test func backupsAndRestoresInOneMillisecondNeverOverwriteEachOther() throws {
        let given = try TemporaryStore()
        try given.store.save(Contact(name: "Precious"))
        let first = try given.store.backup()
        let second = try given.store.backup()
        #expect(second.lastPathComponent == "store-20261121-120000-00002-manual.sqlite")
        #expect(first != second)
        given.store.close()
        let at = Timestamp(TemporaryStore.noon)
        let keptFirst = try #require(try Store.restore(first, to: given.url, at: at))
        let keptSecond = try #require(try Store.restore(second, to: given.url, at: at))
        #expect(keptFirst != keptSecond)
        #expect(keptSecond.lastPathComponent == "store.sqlite.replaced-20261121-120000-000-2")
        for kept in [keptFirst, keptSecond] {
            let store = try Store(at: kept)
            defer { store.close() }
            #expect(try store.records(Contact.self, RecordQuery(limit: 10)).map(\.name) == ["Precious"])
        }
    }

    @Test func aRestoreReadsTheBackupsWALAndReplacesOnlyALiaisonStore() throws {
        let given = try TemporaryStore()
        try given.store.save(Contact(name: "Only in the WAL"))
        // Copied while open: the contact is in the WAL, not yet in the main file.
        let copy = given.folder.appendingPathComponent("copy.sqlite")
        try FileManager.default.copyItem(atPath: given.url.path, toPath: copy.path)
        try FileManager.default.copyItem(atPath: given.url.path + "-wal", toPath: copy.path + "-wal")
        let fresh = given.folder.appendingPathComponent("restored/liaison.sqlite")
        try FileManager.default.createDirectory(at: fresh.deletingLastPathComponent(), withIntermediateDirectories: true)
        #expect(try Store.restore(copy, to: fresh, at: Timestamp(TemporaryStore.noon)) == nil)
        let restored = try Store(at: fresh)
        defer { restored.close() }
        #expect(try restored.records(Contact.self, RecordQuery(limit: 10)).map(\.name) == ["Only in the WAL"])

        let thesis = given.folder.appendingPathComponent("thesis.txt")
        try Data("my thesis".utf8).write(to: thesis)
        #expect(throws: StoreError.notAStore(path: thesis.path)) { try Store.restore(copy, to: thesis, at: Timestamp(milliseconds: 0)) }
        #expect(try String(contentsOf: thesis, encoding: .utf8) == "my thesis")
        let link = given.folder.appendingPathComponent("link.sqlite")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: fresh.path)
        #expect(throws: StoreError.self) { try Store.restore(copy, to: link, at: Timestamp(milliseconds: 0)) }
    }

    @Test func aBackupThatIsNotASoundStoreIsNotRestored() throws {
        let given = try TemporaryStore()
        given.store.close()
        let before = try Data(contentsOf: given.url)
        let junk = given.folder.appendingPathComponent("junk.sqlite")
        try Data(repeating: 7, count: 8192).write(to: junk)
        #expect(throws: StoreError.notAStore(path: junk.path)) { try Store.restore(junk, to: given.url, at: Timestamp(milliseconds: 0)) }
        #expect(try Data(contentsOf: given.url) == before)
    }

    @Test func aStoreOfAnEarlierSchemaIsBackedUpBeforeItIsMigrated() throws {
        let given = try TemporaryStore()
        try given.store.save(Contact(name: "Amina"))
        // Make it a version-3 store again: no drafts table, v4 not applied.
        try given.store.write { db in
            try db.execute(sql: "DROP TABLE draft; DELETE FROM grdb_migrations WHERE identifier LIKE 'v4%'")
        }
        given.store.close()
        let reopened = try Store(at: given.url, options: Store.Options(
            deviceClock: .fixed(at: TemporaryStore.noon, timeZone: TemporaryStore.utc)))
        defer { reopened.close() }
        let backups = Store.backups(of: given.url)
        #expect(backups.map(\.lastPathComponent) == ["store-20261121-120000-000-before-migration.sqlite"])
        let copy = try Store(at: try #require(backups.first))
        defer { copy.close() }
        #expect(try copy.records(Contact.self, RecordQuery(limit: 10)).map(\.name) == ["Amina"])
    }

    @Test func theDamagedSentenceNamesTheNewestBackup() throws {
        let given = try TemporaryStore()
        let backup = try given.store.backup()
        let sentence = StoreError.damaged(path: given.url.path, detail: "a page is wrong").description
        #expect(sentence.contains("Its newest backup is \(backup.path)"))
        #expect(sentence.contains("liaison restore"))
    }
}
