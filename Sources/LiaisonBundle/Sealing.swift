import Crypto
import Foundation

/// A bundle sealed to a base's X25519 key with HPKE (RFC 9180, base mode,
/// DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305), in chunks so that any size
/// needs little memory.
///
/// The file: `LIAISON-SEALED\n`, a version byte, the first 16 bytes of the SHA-256 of the
/// base's public key (so the wrong key is named, not guessed), the encapsulated key's
/// length (2 bytes) and the key; then chunks, each a flag byte (1 on the last), the
/// ciphertext's length (4 bytes) and the ciphertext of up to 1 MiB. Every chunk
/// authenticates the header and its flag, and HPKE numbers them, so chunks cannot be
/// reordered, dropped, or cut off at the end unnoticed. Nothing else is in clear.
public enum SealedBundle {
    static let magic = Array("LIAISON-SEALED\n".utf8)
    static let version: UInt8 = 1
    static let info = Data("liaison sealed bundle v1".utf8)
    static let suite = HPKE.Ciphersuite.Curve25519_SHA256_ChachaPoly
    static let chunkSize = 1 << 20
    static let tagSize = 16

    /// True when the file starts as a sealed bundle does.
    public static func isSealed(_ url: URL) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { return false }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: magic.count)) ?? Data()
        return Array(start) == magic
    }

    /// Seals the file at `input` into `output` for the base's key, `chunkSize` bytes of it
    /// per chunk (at most the default, which `open` accepts).
    static func seal(_ input: URL, into output: HashingFile<SHA256>,
                     for recipient: Curve25519.KeyAgreement.PublicKey, chunkSize: Int = chunkSize) throws {
        var sender = try HPKE.Sender(recipientKey: recipient, ciphersuite: suite, info: info)
        let encapsulated = Array(sender.encapsulatedKey)
        var header = magic + [version]
        header += Array(SHA256.hash(data: recipient.rawRepresentation)).prefix(16)
        header += [UInt8(encapsulated.count >> 8), UInt8(encapsulated.count & 0xFF)] + encapsulated
        try output.write(header)
        var pending: Data?
        try forEachChunk(of: input, size: chunkSize) { chunk in
            if let previous = pending { try sealChunk(previous, last: false) }
            pending = chunk
        }
        try sealChunk(pending ?? Data(), last: true)

        func sealChunk(_ plain: Data, last: Bool) throws {
            let flag: UInt8 = last ? 1 : 0
            let sealed = try sender.seal(plain, authenticating: header + [flag])
            let length = UInt32(sealed.count)
            try output.write([flag, UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)])
            try output.write(sealed)
        }
    }

    /// Opens a sealed bundle at `input` with the base's private key, writing the zip to
    /// `output`. Any damage, truncation or wrong key is refused with a sentence.
    static func open(_ input: URL, into output: HashingFile<SHA256>, with key: Curve25519.KeyAgreement.PrivateKey) throws {
        guard let handle = FileHandle(forReadingAtPath: input.path) else {
            throw BundleError.cannotRead(path: input.path, reason: .errno(errno))
        }
        defer { try? handle.close() }
        let name = input.lastPathComponent
        func read(_ count: Int) throws -> [UInt8] {
            var bytes: [UInt8] = []
            while bytes.count < count {
                guard let chunk = try handle.read(upToCount: count - bytes.count), !chunk.isEmpty else { break }
                bytes += chunk
            }
            return bytes
        }
        var header = try read(magic.count + 1 + 16 + 2)
        guard header.count == magic.count + 1 + 16 + 2, Array(header.prefix(magic.count)) == magic else {
            throw BundleError.refused("sealed.no_header", ["bundle": name])
        }
        guard header[magic.count] == version else {
            throw BundleError.refused("sealed.newer", ["bundle": name, "format": String(header[magic.count])])
        }
        let sealedTo = Array(header[(magic.count + 1)..<(magic.count + 17)])
        let ours = Array(Array(SHA256.hash(data: key.publicKey.rawRepresentation)).prefix(16))
        guard sealedTo == ours else {
            throw BundleError.refused("sealed.other_key", ["bundle": name, "sealed_to": Fingerprint.format(sealedTo),
                                                         "given": Fingerprint.format(ours)])
        }
        let length = Int(header[header.count - 2]) << 8 | Int(header[header.count - 1])
        let encapsulated = try read(length)
        guard encapsulated.count == length else { throw truncated(name) }
        header += encapsulated
        var recipient: HPKE.Recipient
        do {
            recipient = try HPKE.Recipient(privateKey: key, ciphersuite: suite, info: info, encapsulatedKey: Data(encapsulated))
        } catch {
            throw BundleError.refused("sealed.bad_key", ["bundle": name])
        }
        var index = 0
        while true {
            let prefix = try read(5)
            guard prefix.count == 5 else { throw truncated(name) }
            let flag = prefix[0]
            let size = Int(prefix[1]) << 24 | Int(prefix[2]) << 16 | Int(prefix[3]) << 8 | Int(prefix[4])
            guard flag <= 1, size >= tagSize, size <= chunkSize + tagSize else {
                throw BundleError.refused("sealed.bad_chunk_header", ["bundle": name, "chunk": String(index + 1)])
            }
            let sealed = try read(size)
            guard sealed.count == size else { throw truncated(name) }
            do {
                try output.write(try recipient.open(sealed, authenticating: header + [flag]))
            } catch let error as BundleError {
                throw error
            } catch {
                throw BundleError.refused("sealed.chunk_fails", ["bundle": name, "chunk": String(index + 1)])
            }
            index += 1
            if flag == 1 { break }
        }
        guard try read(1).isEmpty else {
            throw BundleError.refused("sealed.data_after", ["bundle": name])
        }
    }

    private static func truncated(_ name: String) -> BundleError {
        .refused("sealed.truncated", ["bundle": name])
    }
}
