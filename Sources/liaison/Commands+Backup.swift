import ArgumentParser
import Foundation
import LiaisonCore

/// `liaison backup`: a consistent copy of the store.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make a consistent copy of the store.",
        discussion: """
            Copies the store as one state (SQLite's VACUUM INTO, holding the writer lock), checks \
            the copy, syncs it to the disk and only then gives it its name, which never replaces a \
            file. Without --out the copy goes into backups/ beside the store. liaison also backs \
            the store up by itself before it changes the store's schema, keeping the last five of \
            those.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp("Where to write the copy (a new file).", valueName: "file")) var out: String?

    func run() throws {
        try reporting {
            let store = try storeOptions.openForWriting()
            defer { store.close() }
            let written = try store.backup(to: out.map { URL(fileURLWithPath: $0) })
            let size = (try? FileManager.default.attributesOfItem(atPath: written.path)[.size] as? Int64) ?? 0
            emit("Backed up the store to \(written.path) (\(Figures.bytes(size))).")
        }
    }
}

/// `liaison restore BACKUP`: brings a backup back as the store.
struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bring a backup back as the store, keeping the current store aside.",
        discussion: """
            Checks that the backup is a sound liaison store (SQLite's integrity_check) of this \
            version or an older one, moves the current store's files aside as \
            NAME.replaced-STAMP (nothing is deleted), and puts a copy of the backup in its place. \
            Close every liaison window on the store first.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: ArgumentHelp("The backup file.", valueName: "backup")) var backup: String

    func run() throws {
        try reporting {
            let target = storeOptions.url
            let aside = try Store.restore(URL(fileURLWithPath: backup), to: target, at: try commandClock().instant())
            emit("Restored \(backup) as the store at \(target.path).")
            if let aside { emit("The store it replaced is kept as \(aside.path).") }
        }
    }
}
