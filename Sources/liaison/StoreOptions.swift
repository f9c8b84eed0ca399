import ArgumentParser
import Foundation
import LiaisonBundle
import LiaisonCore

/// The option every subcommand takes to choose the store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        words.text("cli.store.help"),
        discussion: words.text("cli.store.discussion"),
        valueName: "path"))
    var store: String?

    var url: URL { StoreLocation.resolve(option: store) }

    /// Opens the store to read it only: a damaged store met while reading is left as it is.
    /// Its clock, like every command's, is the machine's unless `LIAISON_NOW` sets it.
    func openForReading() throws -> Store {
        var options = Store.Options(deviceClock: try commandClock())
        options.readOnly = true
        return try following(Store(at: url, options: options))
    }

    /// The store, once the run speaks the language its device chose, and knows the vault
    /// that seals protected contacts (locked).
    private func following(_ store: Store) throws -> Store {
        RunWords.shared.follow((try? store.profile()) ?? nil)
        if let ring = try? keys(store) { try store.useVault(try ring.vaultKeys()) }
        return store
    }

    /// The keys of the store's device, in the user's data folder; refused before `init`.
    func keys(_ store: Store) throws -> KeyRing {
        try KeyFolders.standard().ring(for: store)
    }

    /// The keys of the store's device, read through a store opened for that alone.
    func keys() throws -> KeyRing {
        let store = try openForReading()
        defer { store.close() }
        return try keys(store)
    }

    /// Opens the store to change it: a damaged store (SQLite's `quick_check`) is refused
    /// before anything is written, with the sentence that names its newest backup; `create`
    /// makes it when missing (only `init` and the interface do).
    func openForWriting(create: Bool = false) throws -> Store {
        var options = Store.Options(create: create, deviceClock: try commandClock())
        options.checkIntegrity = true
        return try following(Store(at: url, options: options))
    }

    /// The device profile when there is a store with one; nil otherwise (keys work without).
    func profileIfAny() -> DeviceProfile? {
        guard let store = try? openForReading() else { return nil }
        defer { store.close() }
        return (try? store.profile()) ?? nil
    }
}

/// The clock of this run: the machine's, unless `LIAISON_NOW` sets it.
func commandClock() throws -> DeviceClock {
    try DeviceClock.from(environment: ProcessInfo.processInfo.environment)
}
