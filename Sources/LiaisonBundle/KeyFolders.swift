import Foundation
import LiaisonCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where devices keep their keys: a folder per device, named by its id, in the user's data
/// folder (`~/.local/share/liaison/keys/<device id>/`). Never beside the store, which
/// `--store` may put on a removable medium; and never shared by two stores, so each device
/// (and each base) has keys of its own.
public struct KeyFolders: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    /// The folders in the user's data folder, as the environment names it.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> KeyFolders {
        KeyFolders(root: StoreLocation.dataFolder(environment: environment).appendingPathComponent("keys"))
    }

    /// The keys of the device a store belongs to; `StoreError.notInitialized` before it has
    /// a profile. Keys an earlier liaison kept in a `keys` folder beside the store move here.
    public func ring(for store: Store) throws -> KeyRing {
        guard let profile = try store.profile() else { throw StoreError.notInitialized }
        let ring = KeyRing(folder: root.appendingPathComponent(profile.deviceId.uuidString.lowercased()))
        try moveLegacyKeys(from: store.url.deletingLastPathComponent().appendingPathComponent("keys"), to: ring.folder)
        return ring
    }

    /// Moves the key files of the older layout into `folder`, each unless one is there. Only
    /// what is plainly liaison's moves: a real folder of this user's (not a link), regular
    /// files that read as liaison's key files. Anything else is left where it is.
    private func moveLegacyKeys(from legacy: URL, to folder: URL) throws {
        guard Self.isOwnFolder(legacy) else { return }
        let fileManager = FileManager.default
        let trusted = legacy.appendingPathComponent("trusted")
        let found = ["device.key", "vault.json", "base.pub"].filter { name in
            let url = legacy.appendingPathComponent(name)
            guard Self.isOwnFile(url), let data = try? KeyFiles.contents(url) else { return false }
            switch name {
            case "device.key": return (try? KeyFiles.decoder.decode(PrivateKeyFile.self, from: data))?.format == "liaison-private-key"
            case "vault.json": return (try? KeyFiles.decoder.decode(VaultFile.self, from: data))?.format == "liaison-vault"
            default: return (try? PublicKeyFile.read(url, expecting: .baseSealing)) != nil
            }
        }
        let trustedFiles = Self.isOwnFolder(trusted)
            ? ((try? fileManager.contentsOfDirectory(atPath: trusted.path)) ?? []).filter { name in
                name.hasSuffix(".pub") && Self.isOwnFile(trusted.appendingPathComponent(name))
                    && (try? PublicKeyFile.read(trusted.appendingPathComponent(name), expecting: .deviceSigning)) != nil
            }
            : []
        guard !found.isEmpty || !trustedFiles.isEmpty else { return }
        try KeyFiles.makeFolder(folder)
        for name in found {
            let old = legacy.appendingPathComponent(name)
            let new = folder.appendingPathComponent(name)
            guard !fileManager.fileExists(atPath: new.path) else { continue }
            try KeyFiles.write(try KeyFiles.contents(old), to: new, mode: name == "base.pub" ? 0o644 : 0o600, replace: false)
            try KeyFiles.destroy(old)
        }
        if !trustedFiles.isEmpty { try KeyFiles.makeFolder(folder.appendingPathComponent("trusted")) }
        for name in trustedFiles {
            let new = folder.appendingPathComponent("trusted").appendingPathComponent(name)
            let old = trusted.appendingPathComponent(name)
            if !fileManager.fileExists(atPath: new.path) {
                try KeyFiles.write(try KeyFiles.contents(old), to: new, mode: 0o644, replace: false)
            }
            unlink(old.path)
        }
        rmdir(trusted.path)
        rmdir(legacy.path)
    }

    /// A folder of this user's, not a link.
    private static func isOwnFolder(_ url: URL) -> Bool {
        var status = stat()
        return lstat(url.path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR && status.st_uid == getuid()
    }

    /// A regular file of this user's, not a link.
    private static func isOwnFile(_ url: URL) -> Bool {
        var status = stat()
        return lstat(url.path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG && status.st_uid == getuid()
    }
}
