import Crypto
import CryptoExtras
import Foundation

/// The vault of a device: an X25519 key pair. Its public half seals the identifying fields
/// of protected contacts (and their drafts, and the device's signing key), so logging a
/// protected contact needs no passphrase; its private half, which opens them, is kept
/// sealed by a key derived from the officer's passphrase with scrypt.
public struct VaultKeys: Sendable {
    public let publicKey: Curve25519.KeyAgreement.PublicKey
    /// Present while the vault is unlocked.
    public let privateKey: Curve25519.KeyAgreement.PrivateKey?

    public init(publicKey: Curve25519.KeyAgreement.PublicKey, privateKey: Curve25519.KeyAgreement.PrivateKey? = nil) {
        self.publicKey = publicKey
        self.privateKey = privateKey
    }

    public var isUnlocked: Bool { privateKey != nil }

    /// The same vault, locked.
    public var locked: VaultKeys { VaultKeys(publicKey: publicKey) }

    static let suite = HPKE.Ciphersuite.Curve25519_SHA256_ChachaPoly
    static let version: UInt8 = 1

    /// Seals `plain` to the vault: a version byte, the encapsulated key (32 bytes) and
    /// the ciphertext. `purpose` is bound in, so a sealed draft cannot pass for a contact.
    public func seal(_ plain: Data, purpose: String) throws -> Data {
        var sender = try HPKE.Sender(recipientKey: publicKey, ciphersuite: Self.suite, info: Data("liaison vault \(purpose) v1".utf8))
        let sealed = try sender.seal(plain)
        return Data([Self.version]) + sender.encapsulatedKey + sealed
    }

    /// Opens what `seal` sealed for `purpose`; nil when the vault is locked, or the data was
    /// sealed to another vault (one wiped and made again) or damaged.
    public func open(_ sealed: Data, purpose: String) -> Data? {
        guard let privateKey, sealed.count > 33 + 16, sealed.count <= 4 << 20, sealed.first == Self.version else { return nil }
        let encapsulated = sealed.dropFirst().prefix(32)
        guard var recipient = try? HPKE.Recipient(privateKey: privateKey, ciphersuite: Self.suite,
                                                  info: Data("liaison vault \(purpose) v1".utf8),
                                                  encapsulatedKey: Data(encapsulated)) else { return nil }
        return try? recipient.open(Data(sealed.dropFirst(33)))
    }
}

/// Why the vault refused.
public enum VaultError: Error, Sendable, Equatable {
    /// The passphrase does not open the vault.
    case wrongPassphrase
    /// Too short to resist guessing.
    case weakPassphrase(minimum: Int)
    /// The two passphrases typed differ.
    case passphrasesDiffer
    /// This device has no vault yet.
    case noVault
    /// A vault is already set up; it is never replaced.
    case exists
    /// The vault is locked and what was asked needs it open.
    case locked
    /// The vault file cannot be read.
    case damaged(path: String, reason: Reason)
    /// The vault's file holds another key than the one this store's contacts are sealed to.
    case otherVault
    /// Protected contacts whose identity cannot be read (sealed to a vault since wiped, or
    /// damaged): they can be neither sent nor looked for in free text.
    case identitiesUnreadable(count: Int)

    public func message(in words: Catalogue) -> String {
        switch self {
        case .wrongPassphrase: words.text("core.vault.wrong_passphrase")
        case .weakPassphrase(let minimum): words.text("core.vault.weak_passphrase", ["count": String(minimum)])
        case .passphrasesDiffer: words.text("core.vault.passphrases_differ")
        case .noVault: words.text("core.vault.none")
        case .exists: words.text("core.vault.exists")
        case .locked: words.text("core.vault.locked")
        case .damaged(let path, let reason): words.text("core.vault.damaged", ["path": path, "reason": reason.text(in: words)])
        case .otherVault: words.text("core.vault.other")
        case .identitiesUnreadable(let count): words.plural("core.vault.unreadable", count: count)
        }
    }
}

/// The vault as a file: its public key in clear, its private key sealed with ChaCha20-Poly1305
/// under a key derived from the passphrase by scrypt, and how long the interface stays
/// unlocked when nobody types.
public struct VaultFile: Codable, Sendable, Equatable {
    public var format = "liaison-vault"
    public var version = 1
    /// The X25519 public key, base64.
    public var publicKey: String
    /// scrypt's salt, base64, and its cost: N = 2^logN, r, p.
    public var salt: String
    public var logN: Int
    public var r: Int
    public var p: Int
    /// The private key sealed with the passphrase's key (nonce, ciphertext and tag), base64.
    public var sealedKey: String
    /// Minutes without a key after which the interface locks again.
    public var lockAfterMinutes: Int
    public var createdAt: String

    /// The shortest passphrase accepted.
    public static let minimumPassphrase = 8
    /// scrypt's cost: 2^15 blocks of 1 KiB (32 MiB), a tenth of a second here.
    static let defaultLogN = 15
    public static let defaultLockAfter = 10

    /// A new vault, and its keys unlocked.
    public static func make(passphrase: String, lockAfterMinutes: Int = defaultLockAfter,
                            now: Timestamp) throws -> (file: VaultFile, keys: VaultKeys) {
        guard passphrase.count >= minimumPassphrase else { throw VaultError.weakPassphrase(minimum: minimumPassphrase) }
        let key = Curve25519.KeyAgreement.PrivateKey()
        var salt = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = UInt8.random(in: 0...255, using: &generator) }
        let wrapping = try derive(passphrase, salt: salt, logN: defaultLogN, r: 8, p: 1)
        guard let sealed = try ChaChaPoly.seal(key.rawRepresentation, using: wrapping,
                                               authenticating: Data("liaison vault key v1".utf8)).combined as Data? else {
            throw VaultError.damaged(path: "", reason: Reason("core.reason.key_not_sealed"))
        }
        let file = VaultFile(publicKey: key.publicKey.rawRepresentation.base64EncodedString(),
                             salt: Data(salt).base64EncodedString(), logN: defaultLogN, r: 8, p: 1,
                             sealedKey: sealed.base64EncodedString(), lockAfterMinutes: max(1, lockAfterMinutes),
                             createdAt: now.description)
        return (file, VaultKeys(publicKey: key.publicKey, privateKey: key))
    }

    /// The vault's keys, locked; `VaultError.damaged` when the file does not hold a key.
    public func lockedKeys(path: String) throws -> VaultKeys {
        guard format == "liaison-vault", version == 1 else {
            throw VaultError.damaged(path: path, reason: Reason("core.reason.vault_version"))
        }
        guard let raw = Data(base64Encoded: publicKey), raw.count == 32,
              let key = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: raw) else {
            throw VaultError.damaged(path: path, reason: Reason("core.reason.vault_public_key"))
        }
        // The cost is bounded so a hostile file cannot ask for more than 256 MiB of memory
        // (128 · r · N bytes) or many times the time liaison itself asks for.
        guard (10...18).contains(logN), (1...8).contains(r), (1...2).contains(p), 128 * r << logN <= 256 << 20 else {
            throw VaultError.damaged(path: path, reason: Reason("core.reason.vault_cost"))
        }
        return VaultKeys(publicKey: key)
    }

    /// The vault's keys, unlocked by `passphrase`.
    public func unlock(passphrase: String, path: String) throws -> VaultKeys {
        let locked = try lockedKeys(path: path)
        guard let salt = Data(base64Encoded: self.salt), (8...64).contains(salt.count) else {
            throw VaultError.damaged(path: path, reason: Reason("core.reason.vault_salt"))
        }
        guard let sealed = Data(base64Encoded: sealedKey), let box = try? ChaChaPoly.SealedBox(combined: sealed) else {
            throw VaultError.damaged(path: path, reason: Reason("core.reason.vault_sealed_key"))
        }
        let wrapping = try Self.derive(passphrase, salt: Array(salt), logN: logN, r: r, p: p)
        guard let raw = try? ChaChaPoly.open(box, using: wrapping, authenticating: Data("liaison vault key v1".utf8)),
              let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw),
              key.publicKey.rawRepresentation == locked.publicKey.rawRepresentation else {
            throw VaultError.wrongPassphrase
        }
        return VaultKeys(publicKey: locked.publicKey, privateKey: key)
    }

    private static func derive(_ passphrase: String, salt: [UInt8], logN: Int, r: Int, p: Int) throws -> SymmetricKey {
        do {
            return try KDF.Scrypt.deriveKey(from: Array(passphrase.precomposedStringWithCanonicalMapping.utf8), salt: salt,
                                            outputByteCount: 32, rounds: 1 << logN, blockSize: r, parallelism: p)
        } catch {
            throw VaultError.damaged(path: "", reason: Reason("core.reason.vault_scrypt"))
        }
    }
}
