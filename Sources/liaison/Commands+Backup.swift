import ArgumentParser
import Foundation
import LiaisonCore

/// `liaison backup`: a consistent copy of the store.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: words.text("cli.backup.abstract"),
        discussion: words.text("cli.backup.discussion"))

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: helpText("cli.backup.help.out", valueName: "file")) var out: String?

    func run() throws {
        try reporting {
            let store = try storeOptions.openForWriting()
            defer { store.close() }
            let written = try store.backup(to: out.map { URL(fileURLWithPath: $0) })
            let size = (try? FileManager.default.attributesOfItem(atPath: written.path)[.size] as? Int64) ?? 0
            emit(words.text("cli.backup.done", ["path": written.path, "size": Figures.bytes(size)]))
        }
    }
}

/// `liaison restore BACKUP`: brings a backup back as the store.
struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: words.text("cli.restore.abstract"),
        discussion: words.text("cli.restore.discussion"))

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: helpText("cli.restore.help.backup", valueName: "backup")) var backup: String

    func run() throws {
        try reporting {
            let target = storeOptions.url
            let aside = try Store.restore(URL(fileURLWithPath: backup), to: target, at: try commandClock().instant())
            if let restored = try? Store(at: target, options: Store.Options(deviceClock: try commandClock())) {
                try? restored.audit(.restore, detail: URL(fileURLWithPath: backup).lastPathComponent)
                restored.close()
            }
            emit(words.text("cli.restore.done", ["backup": backup, "path": target.path]))
            if let aside { emit(words.text("cli.restore.kept", ["path": aside.path])) }
        }
    }
}
