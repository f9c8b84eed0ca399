import Crypto
import Foundation
import LiaisonCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension KeyRing {
    // MARK: - The vault

    /// The vault's file, or nil when this device has none.
    public func vaultFile() throws -> VaultFile? {
        guard FileManager.default.fileExists(atPath: vaultURL.path) else { return nil }
        let data = try KeyFiles.contents(vaultURL)
        guard let file = try? KeyFiles.decoder.decode(VaultFile.self, from: data) else {
            throw VaultError.damaged(path: vaultURL.path, reason: Reason("bundle.reason.not_vault_file"))
        }
        _ = try file.lockedKeys(path: vaultURL.path)
        return file
    }

    /// The vault's keys, locked; nil when this device has none.
    public func vaultKeys() throws -> VaultKeys? {
        try vaultFile()?.lockedKeys(path: vaultURL.path)
    }

    /// The vault's keys, unlocked by `passphrase`.
    public func unlockVault(passphrase: String) throws -> VaultKeys {
        guard let file = try vaultFile() else { throw VaultError.noVault }
        return try file.unlock(passphrase: passphrase, path: vaultURL.path)
    }

    /// Makes the device's vault (never replacing one), and seals the signing key to it.
    /// Returns the vault's keys, unlocked.
    public func createVault(passphrase: String, lockAfterMinutes: Int = VaultFile.defaultLockAfter,
                            now: Timestamp) throws -> VaultKeys {
        guard try vaultFile() == nil else { throw VaultError.exists }
        let (file, keys) = try VaultFile.make(passphrase: passphrase, lockAfterMinutes: lockAfterMinutes, now: now)
        try KeyFiles.makeFolder(folder)
        let signing = FileManager.default.fileExists(atPath: deviceKeyURL.path) ? try deviceKey(create: false) : nil
        try KeyFiles.write(try KeyFiles.encoder.encode(file) + Data("\n".utf8), to: vaultURL, mode: 0o600, replace: false)
        if let signing {
            // The clear key file is replaced whole by its sealed form (rename), then the
            // old file's blocks are no longer the file's.
            let sealed = try privateFile(for: signing, sealedTo: keys)
            try KeyFiles.write(try KeyFiles.encoder.encode(sealed) + Data("\n".utf8), to: deviceKeyURL, mode: 0o600)
        }
        return keys
    }

    /// Sets how long the interface stays unlocked when nobody types.
    public func setLockAfter(minutes: Int) throws {
        guard var file = try vaultFile() else { throw VaultError.noVault }
        file.lockAfterMinutes = max(1, min(minutes, 24 * 60))
        try KeyFiles.write(try KeyFiles.encoder.encode(file) + Data("\n".utf8), to: vaultURL, mode: 0o600)
    }

    /// Destroys the vault's key and the device's signing key: their files are overwritten
    /// with zeros, synced and removed. What was sealed to the vault can no longer be opened
    /// by anyone, and this device can no longer sign as itself. Returns the files destroyed.
    public func wipe() throws -> [URL] {
        var destroyed: [URL] = []
        for url in [vaultURL, deviceKeyURL] where FileManager.default.fileExists(atPath: url.path) {
            try KeyFiles.destroy(url)
            destroyed.append(url)
        }
        if !destroyed.isEmpty { try? KeyFiles.write(Data("wiped\n".utf8), to: wipedURL, mode: 0o600) }
        KeyFiles.syncFolder(folder)
        return destroyed
    }

    // MARK: - Revoked keys (at base)

    /// A revoked key: its fingerprint, why, and when.
    public struct Revocation: Codable, Sendable, Equatable {
        public var fingerprint: String
        public var reason: String
        public var revokedAt: String
    }

    var revokedFolder: URL { folder.appendingPathComponent("revoked") }

    private func revocationURL(_ fingerprint: String) -> URL {
        revokedFolder.appendingPathComponent(fingerprint.replacingOccurrences(of: " ", with: "").lowercased() + ".json")
    }

    /// Revokes an officer's key (a lost or seized laptop): bundles it signs are refused from
    /// now on. The fingerprint is given as `keys show` prints it, spaces or not.
    public func revoke(_ fingerprint: String, reason: String, now: Timestamp = .now()) throws -> Revocation {
        let digits = fingerprint.filter { !$0.isWhitespace }.uppercased()
        guard digits.count == 32, digits.allSatisfy(\.isHexDigit) else {
            throw BundleError.badKey(path: fingerprint, reason: Reason("bundle.reason.bad_fingerprint"))
        }
        let formatted = stride(from: 0, to: 32, by: 4).map { start in
            String(digits[digits.index(digits.startIndex, offsetBy: start)..<digits.index(digits.startIndex, offsetBy: start + 4)])
        }.joined(separator: " ")
        let reason = TextCleaner.singleLine(reason)
        guard !reason.isEmpty else { throw BundleError.badKey(path: fingerprint, reason: Reason("bundle.reason.reason_needed")) }
        let revocation = Revocation(fingerprint: formatted, reason: reason, revokedAt: now.description)
        try KeyFiles.makeFolder(revokedFolder)
        try KeyFiles.write(try KeyFiles.encoder.encode(revocation) + Data("\n".utf8), to: revocationURL(formatted), mode: 0o644)
        return revocation
    }

    /// Refuses `bundle`, signed by the key `fingerprint`, when that key was revoked here.
    func refuseIfRevoked(_ fingerprint: String, bundle: String) throws {
        if let revocation = revoked(fingerprint) {
            throw BundleError.revoked(bundle: bundle, fingerprint: fingerprint, reason: revocation.reason)
        }
    }

    /// The revocation of a key, if it was revoked here. A revocation file that is there
    /// but cannot be read (damaged, a folder, not readable) still revokes: a key is never
    /// trusted again because its revocation was spoilt.
    public func revoked(_ fingerprint: String) -> Revocation? {
        let url = revocationURL(fingerprint)
        var status = stat()
        guard lstat(url.path, &status) == 0 else { return nil }
        return (try? KeyFiles.contents(url)).flatMap { try? KeyFiles.decoder.decode(Revocation.self, from: $0) }
            ?? Revocation(fingerprint: fingerprint, reason: "its revocation file cannot be read", revokedAt: "")
    }
}
