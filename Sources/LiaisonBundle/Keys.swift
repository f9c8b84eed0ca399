import Crypto
import Foundation
import LiaisonCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A public key as a file that travels: a device's Ed25519 signing key (officer to base) or
/// a base's X25519 sealing key (base to officers). JSON, so a person can read who it is.
public struct PublicKeyFile: Codable, Sendable, Equatable {
    public enum Purpose: String, Codable, Sendable {
        /// A device signs its bundles with this key (Ed25519).
        case deviceSigning = "device-signing"
        /// Officers seal bundles to a base with this key (X25519).
        case baseSealing = "base-sealing"
    }

    public var format = "liaison-public-key"
    public var version = 1
    public var purpose: Purpose
    public var algorithm: String
    /// The raw public key, base64.
    public var key: String
    public var fingerprint: String
    public var deviceId: UUID?
    public var officer: String?
    public var unit: String?
    public var prefix: String?
    /// The base's name, for a sealing key.
    public var name: String?
    public var createdAt: String

    /// The raw bytes of the key.
    public var rawKey: Data? { Data(base64Encoded: key) }

    /// Reads and checks a public key file of the given purpose.
    public static func read(_ url: URL, expecting purpose: Purpose) throws -> PublicKeyFile {
        let data = try KeyFiles.contents(url)
        guard let file = try? KeyFiles.decoder.decode(PublicKeyFile.self, from: data),
              file.format == "liaison-public-key" else {
            throw BundleError.badKey(path: url.path, reason: Reason("bundle.reason.not_public_key_file"))
        }
        guard file.version == 1 else {
            throw BundleError.badKey(path: url.path, reason: Reason("bundle.reason.newer_key_file", ["version": String(file.version)]))
        }
        guard file.purpose == purpose else {
            throw BundleError.badKey(path: url.path, reason: Reason(purpose == .deviceSigning ? "bundle.reason.base_key_not_device"
                                                                    : "bundle.reason.device_key_not_base"))
        }
        guard let raw = file.rawKey, raw.count == 32 else {
            throw BundleError.badKey(path: url.path, reason: Reason("bundle.reason.key_not_base64"))
        }
        switch purpose {
        case .deviceSigning:
            guard (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil else {
                throw BundleError.badKey(path: url.path, reason: Reason("bundle.reason.not_ed25519_public"))
            }
        case .baseSealing:
            guard (try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: raw)) != nil else {
                throw BundleError.badKey(path: url.path, reason: Reason("bundle.reason.not_x25519_public"))
            }
        }
        guard file.fingerprint == Fingerprint.of(raw) else {
            throw BundleError.badKey(path: url.path, reason: Reason("bundle.reason.fingerprint_mismatch"))
        }
        return file
    }

    func write(to url: URL, mode: mode_t = 0o644, replace: Bool = true) throws {
        try KeyFiles.write(try KeyFiles.encoder.encode(self) + Data("\n".utf8), to: url, mode: mode, replace: replace)
    }
}

/// The short form of a key people compare by eye: the first 16 bytes of its SHA-256 in
/// eight groups of four hexadecimal digits.
public enum Fingerprint {
    public static func of(_ rawKey: some DataProtocol) -> String {
        format(Array(Array(SHA256.hash(data: rawKey)).prefix(16)))
    }

    /// Eight groups of four hexadecimal digits of 16 bytes (a sealed file's header holds
    /// the bytes).
    static func format(_ bytes: [UInt8]) -> String {
        let digits = bytes.hex.uppercased()
        return stride(from: 0, to: digits.count, by: 4).map { start in
            let from = digits.index(digits.startIndex, offsetBy: start)
            return String(digits[from..<digits.index(from, offsetBy: min(4, digits.count - start))])
        }.joined(separator: " ")
    }
}

/// A private key file: never leaves the machine it was made on, mode 0600. Once the device
/// has a vault, the signing key in it is sealed to the vault (`sealed`), with its public
/// half beside it, so a stolen laptop cannot sign bundles.
struct PrivateKeyFile: Codable {
    var format = "liaison-private-key"
    var version = 1
    var purpose: PublicKeyFile.Purpose
    var algorithm: String
    /// The raw key, base64; empty when sealed.
    var key: String
    /// The raw key sealed to the vault, base64.
    var sealed: String?
    /// The raw public key, base64, kept beside a sealed key.
    var publicKey: String?

    static func load(_ url: URL, expecting purpose: PublicKeyFile.Purpose) throws -> PrivateKeyFile {
        let data = try KeyFiles.contents(url)
        guard let file = try? KeyFiles.decoder.decode(PrivateKeyFile.self, from: data),
              file.format == "liaison-private-key", file.version == 1 else {
            throw BundleError.badKey(path: url.path, reason: Reason("bundle.reason.not_private_key_file"))
        }
        guard file.purpose == purpose else {
            throw BundleError.badKey(path: url.path, reason: Reason(purpose == .baseSealing ? "bundle.reason.signing_not_base"
                                                                                 : "bundle.reason.base_not_signing"))
        }
        return file
    }

    /// The raw key: opened with `vault` when sealed (`VaultError.locked` when it cannot be).
    func raw(path: String, vault: VaultKeys? = nil) throws -> Data {
        if let sealed {
            guard let vault, vault.isUnlocked else { throw VaultError.locked }
            guard let data = Data(base64Encoded: sealed), let raw = vault.open(data, purpose: "signing key"), raw.count == 32 else {
                throw BundleError.badKey(path: path, reason: Reason("bundle.reason.vault_does_not_open"))
            }
            return raw
        }
        guard let raw = Data(base64Encoded: key), raw.count == 32 else {
            throw BundleError.badKey(path: path, reason: Reason("bundle.reason.key_not_base64"))
        }
        return raw
    }

    static func read(_ url: URL, expecting purpose: PublicKeyFile.Purpose) throws -> Data {
        try load(url, expecting: purpose).raw(path: url.path)
    }
}

/// The keys of a device, kept in its folder (mode 0700; see `KeyFolders`): `device.key`
/// (the device's signing key, 0600), `vault.json` (the vault, 0600), `base.pub` (the base
/// that bundles are sealed to) and, at base, `trusted/` (officers' device keys).
public struct KeyRing: Sendable {
    public let folder: URL

    public init(folder: URL) { self.folder = folder }

    var deviceKeyURL: URL { folder.appendingPathComponent("device.key") }
    /// The vault's file: its public key, and its private key sealed by the passphrase.
    public var vaultURL: URL { folder.appendingPathComponent("vault.json") }
    /// Left by a wipe: no signing key is made again without the officer asking.
    var wipedURL: URL { folder.appendingPathComponent("wiped") }

    /// The keys were destroyed by a wipe, and no new signing key was asked for since.
    public var wasWiped: Bool { FileManager.default.fileExists(atPath: wipedURL.path) }
    var baseKeyURL: URL { folder.appendingPathComponent("base.pub") }
    /// The base's own private key, made in this folder by `keys base-init` at base; nil
    /// on a device.
    public var basePrivateKeyURL: URL? {
        let url = folder.appendingPathComponent("base.key")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }
    var trustedFolder: URL { folder.appendingPathComponent("trusted") }

    // MARK: - The device's signing key

    /// The device's signing key; made (once, never replaced) when `create` and missing.
    /// Sealed to the vault once there is one: `vault` must then be unlocked.
    public func deviceKey(create: Bool = true, vault: VaultKeys? = nil) throws -> Curve25519.Signing.PrivateKey {
        if FileManager.default.fileExists(atPath: deviceKeyURL.path) {
            let raw = try PrivateKeyFile.load(deviceKeyURL, expecting: .deviceSigning).raw(path: deviceKeyURL.path, vault: vault)
            guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
                throw BundleError.badKey(path: deviceKeyURL.path, reason: Reason("bundle.reason.not_ed25519_private"))
            }
            return key
        }
        guard create else {
            throw BundleError.cannotRead(path: deviceKeyURL.path,
                                         reason: Reason("bundle.reason.no_signing_key"))
        }
        try KeyFiles.makeFolder(folder)
        let key = Curve25519.Signing.PrivateKey()
        let file = try privateFile(for: key, sealedTo: try vaultKeys())
        do {
            try KeyFiles.write(try KeyFiles.encoder.encode(file) + Data("\n".utf8), to: deviceKeyURL, mode: 0o600, replace: false)
        } catch {
            // Another process may have made it first: whichever file won is the key.
            guard FileManager.default.fileExists(atPath: deviceKeyURL.path) else { throw error }
            return try deviceKey(create: false, vault: vault)
        }
        return key
    }

    /// Makes the device's signing key when it has none: when the device is set up.
    public func makeDeviceKeyIfMissing() throws {
        guard !FileManager.default.fileExists(atPath: deviceKeyURL.path) else { return }
        _ = try deviceKey(create: true)
    }

    /// Makes a new signing key where there is none (never made, or destroyed by a wipe).
    /// Base must trust it again: bundles it signs are another device's to base until then.
    public func newDeviceKey() throws -> Curve25519.Signing.PrivateKey {
        guard !FileManager.default.fileExists(atPath: deviceKeyURL.path) else {
            throw BundleError.cannotWriteKey(path: deviceKeyURL.path, reason: Reason("core.errno.exists"))
        }
        let key = try deviceKey(create: true)
        unlink(wipedURL.path)
        return key
    }

    /// The file of a signing key: sealed to the vault when there is one.
    func privateFile(for key: Curve25519.Signing.PrivateKey, sealedTo vault: VaultKeys?) throws -> PrivateKeyFile {
        guard let vault else {
            return PrivateKeyFile(purpose: .deviceSigning, algorithm: "ed25519", key: key.rawRepresentation.base64EncodedString())
        }
        return PrivateKeyFile(purpose: .deviceSigning, algorithm: "ed25519", key: "",
                              sealed: try vault.seal(key.rawRepresentation, purpose: "signing key").base64EncodedString(),
                              publicKey: key.publicKey.rawRepresentation.base64EncodedString())
    }

    /// The device's signing public key, which a sealed key file keeps in clear.
    public func devicePublicKeyBytes() throws -> Data {
        if FileManager.default.fileExists(atPath: deviceKeyURL.path) {
            let file = try PrivateKeyFile.load(deviceKeyURL, expecting: .deviceSigning)
            if file.sealed != nil {
                guard let raw = file.publicKey.flatMap({ Data(base64Encoded: $0) }), raw.count == 32 else {
                    throw BundleError.badKey(path: deviceKeyURL.path, reason: Reason("bundle.reason.public_not_base64"))
                }
                return raw
            }
        }
        return try deviceKey(create: false).publicKey.rawRepresentation
    }

    /// The device's public key as a file to hand to base.
    public func devicePublicKey(profile: DeviceProfile?, now: Timestamp = .now()) throws -> PublicKeyFile {
        let raw = try devicePublicKeyBytes()
        return PublicKeyFile(purpose: .deviceSigning, algorithm: "ed25519", key: raw.base64EncodedString(),
                             fingerprint: Fingerprint.of(raw), deviceId: profile?.deviceId, officer: profile?.officer,
                             unit: profile?.unit, prefix: profile?.prefix, createdAt: now.description)
    }

    /// Writes the device's public key to `url`.
    public func exportDevicePublicKey(to url: URL, profile: DeviceProfile?, now: Timestamp = .now()) throws -> PublicKeyFile {
        let file = try devicePublicKey(profile: profile, now: now)
        // The officer names this file: whatever is already there (a file, a link, a device)
        // is never replaced.
        try file.write(to: url, replace: false)
        return file
    }

    // MARK: - The base that bundles are sealed to

    /// The base's sealing key, or nil when none was set.
    public func baseKey() throws -> PublicKeyFile? {
        guard FileManager.default.fileExists(atPath: baseKeyURL.path) else { return nil }
        return try PublicKeyFile.read(baseKeyURL, expecting: .baseSealing)
    }

    /// Sets the base that `export --seal` seals to. Replacing a different base key must be
    /// asked for (`replacing`): a key swapped behind the officer's back would send the
    /// next bundles to whoever holds its private half.
    public func setBase(from url: URL, replacing: Bool = false) throws -> PublicKeyFile {
        let file = try PublicKeyFile.read(url, expecting: .baseSealing)
        if !replacing, let current = try baseKey(), current.key != file.key {
            throw BundleError.otherBaseKey(set: current.fingerprint, given: file.fingerprint)
        }
        try KeyFiles.makeFolder(folder)
        try file.write(to: baseKeyURL)
        return file
    }

    /// Makes a base's key pair in `folder`: `base.key` (private, 0600, stays at base) and
    /// `base.pub` (for officers). Refuses to replace an existing key.
    public static func makeBase(in folder: URL, name: String?, now: Timestamp = .now()) throws -> (public: URL, private: URL, file: PublicKeyFile) {
        try KeyFiles.makeFolder(folder)
        let key = Curve25519.KeyAgreement.PrivateKey()
        let raw = key.publicKey.rawRepresentation
        let privateURL = folder.appendingPathComponent("base.key")
        let publicURL = folder.appendingPathComponent("base.pub")
        let file = PublicKeyFile(purpose: .baseSealing, algorithm: "x25519", key: raw.base64EncodedString(),
                                 fingerprint: Fingerprint.of(raw), name: name, createdAt: now.description)
        let secret = PrivateKeyFile(purpose: .baseSealing, algorithm: "x25519", key: key.rawRepresentation.base64EncodedString())
        try KeyFiles.write(try KeyFiles.encoder.encode(secret) + Data("\n".utf8), to: privateURL, mode: 0o600, replace: false)
        try KeyFiles.write(try KeyFiles.encoder.encode(file) + Data("\n".utf8), to: publicURL, mode: 0o644)
        return (publicURL, privateURL, file)
    }

    /// Reads a base's private key (for opening sealed bundles).
    public static func basePrivateKey(_ url: URL) throws -> Curve25519.KeyAgreement.PrivateKey {
        let raw = try PrivateKeyFile.read(url, expecting: .baseSealing)
        guard let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw) else {
            throw BundleError.badKey(path: url.path, reason: Reason("bundle.reason.not_x25519_private"))
        }
        return key
    }

    // MARK: - Officers trusted at base

    /// Trusts an officer's device key, under the officer's name as base knows them.
    public func trust(_ url: URL, officer: String) throws -> PublicKeyFile {
        var file = try PublicKeyFile.read(url, expecting: .deviceSigning)
        let name = TextCleaner.singleLine(officer)
        guard !name.isEmpty else {
            throw BundleError.badKey(path: url.path, reason: Reason("bundle.reason.officer_needed"))
        }
        file.officer = name
        try KeyFiles.makeFolder(trustedFolder)
        let fileName = file.fingerprint.replacingOccurrences(of: " ", with: "").lowercased() + ".pub"
        try file.write(to: trustedFolder.appendingPathComponent(fileName))
        return file
    }

    /// Every trusted officer key (files that cannot be read are skipped).
    public func trusted() -> [PublicKeyFile] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: trustedFolder.path)) ?? []
        return names.filter { $0.hasSuffix(".pub") }.sorted().compactMap {
            try? PublicKeyFile.read(trustedFolder.appendingPathComponent($0), expecting: .deviceSigning)
        }
    }
}

/// Reading and writing small key files safely.
enum KeyFiles {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    /// A key or vault file's bytes: a regular file (not a folder, nor a device that never
    /// ends), read up to the size any key file has and no further.
    static func contents(_ url: URL) throws -> Data {
        // Opened once without waiting (a FIFO would block a read), then asked what it is:
        // nothing can be swapped in between the question and the read.
        let descriptor = open(url.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw BundleError.cannotRead(path: url.path, reason: .errno(errno, writing: false))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw BundleError.cannotRead(path: url.path, reason: .errno(errno, writing: false))
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw BundleError.cannotRead(path: url.path, reason: Reason("bundle.reason.folder_not_key"))
        default: throw BundleError.cannotRead(path: url.path, reason: Reason("bundle.reason.not_regular_key"))
        }
        let limit = 65_536
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while data.count < limit {
            let count = buffer.withUnsafeMutableBytes { raw in raw.baseAddress.map { read(descriptor, $0, raw.count) } ?? -1 }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw BundleError.cannotRead(path: url.path, reason: .errno(errno, writing: false)) }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        guard data.count < limit else { throw BundleError.badKey(path: url.path, reason: Reason("bundle.reason.key_file_too_large")) }
        return data
    }

    static func makeFolder(_ url: URL) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw BundleError.cannotWriteKey(path: url.path, reason: Reason("bundle.reason.file_not_folder")) }
            return
        }
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw BundleError.cannotWriteKey(path: url.path, reason: Reason("bundle.reason.folder_not_made"))
        }
    }

    /// Writes a file whole or not at all: a temporary file, fsync, then rename (or link,
    /// when an existing file must not be replaced).
    static func write(_ data: Data, to url: URL, mode: mode_t, replace: Bool = true) throws {
        var status = stat()
        if !replace, lstat(url.path, &status) == 0 {
            throw BundleError.cannotWriteKey(path: url.path, reason: Reason("core.errno.exists"))
        }
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        unlink(temporary.path)
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw BundleError.cannotWriteKey(path: temporary.path, reason: .errno(errno)) }
        defer { unlink(temporary.path) }
        do {
            defer { close(descriptor) }
            fchmod(descriptor, mode)
            try data.withUnsafeBytes { try writeAll(descriptor, $0, path: url.path) }
            guard fsync(descriptor) == 0 else { throw BundleError.cannotWriteKey(path: url.path, reason: .errno(errno)) }
        }
        if replace {
            guard rename(temporary.path, url.path) == 0 else { throw BundleError.cannotWriteKey(path: url.path, reason: .errno(errno)) }
        } else {
            guard link(temporary.path, url.path) == 0 else {
                throw errno == EEXIST
                    ? BundleError.cannotWriteKey(path: url.path, reason: Reason("core.errno.exists"))
                    : BundleError.cannotWriteKey(path: url.path, reason: .errno(errno))
            }
        }
        syncFolder(url.deletingLastPathComponent())
    }

    /// Overwrites a file with zeros, syncs it and removes it. A link is removed, never followed.
    static func destroy(_ url: URL) throws {
        var status = stat()
        guard lstat(url.path, &status) == 0 else { return }
        if (status.st_mode & S_IFMT) == S_IFREG {
            let descriptor = open(url.path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)
            if descriptor >= 0 {
                let zeros = [UInt8](repeating: 0, count: Int(max(status.st_size, 0)))
                try? zeros.withUnsafeBytes { try writeAll(descriptor, $0, path: url.path) }
                fsync(descriptor)
                close(descriptor)
            }
        }
        guard unlink(url.path) == 0 else { throw BundleError.cannotWriteKey(path: url.path, reason: .errno(errno)) }
    }

    /// Makes a rename in `folder` durable.
    static func syncFolder(_ folder: URL) {
        let descriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
