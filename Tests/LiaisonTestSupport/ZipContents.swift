import Crypto
import Foundation
import ZIPFoundation

/// The entries of a bundle's zip, read into memory (test bundles are small), to look into
/// them or to make a tampered copy.
public struct ZipContents {
    public var top: String
    /// Files by their path inside the bag.
    public var files: [String: Data]

    public init(_ url: URL) throws {
        let archive = try Archive(url: url, accessMode: .read)
        var files: [String: Data] = [:]
        var top = ""
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            let parts = entry.path.split(separator: "/", maxSplits: 1)
            top = String(parts[0])
            files[String(parts[1])] = data
        }
        self.top = top
        self.files = files
    }

    public func text(_ path: String) -> String { String(decoding: files[path] ?? Data(), as: UTF8.self) }

    /// Every byte of every file, for looking for text that must not be there.
    public var allText: String { files.keys.sorted().map(text).joined(separator: "\n") }

    /// Writes the files as a zip, each under `top` (or the raw path given in `extra`).
    /// `folders` are written as folder entries under the raw paths given, named as folders
    /// or not.
    public func write(to url: URL, extra: [(path: String, data: Data)] = [], folders: [String] = []) throws {
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        for path in folders {
            try archive.addEntry(with: path, type: .directory, uncompressedSize: Int64(0), provider: { _, _ in Data() })
        }
        let entries = files.keys.sorted().map { (top + "/" + $0, files[$0]!) } + extra.map { ($0.path, $0.data) }
        for (path, data) in entries {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count),
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    /// Recomputes the manifests and signs the tag manifest with `key`, as a forger who
    /// holds a key would after changing the payload.
    public mutating func reseal(signingWith key: Curve25519.Signing.PrivateKey) throws {
        func sha512(_ data: Data) -> String { SHA512.hash(data: data).map { String(format: "%02x", $0) }.joined() }
        let payload = files.keys.filter { $0.hasPrefix("data/") }.sorted()
        files["manifest-sha512.txt"] = Data(payload.map { "\(sha512(files[$0]!))  \($0)\n" }.joined().utf8)
        let octets = payload.reduce(0) { $0 + files[$1]!.count }
        var info = text("bag-info.txt").split(separator: "\n").map(String.init)
        info = info.map { $0.hasPrefix("Payload-Oxum:") ? "Payload-Oxum: \(octets).\(payload.count)" : $0 }
        files["bag-info.txt"] = Data((info.joined(separator: "\n") + "\n").utf8)
        let tags = ["bagit.txt", "bag-info.txt", "manifest-sha512.txt"]
        let tagManifest = tags.map { "\(sha512(files[$0]!))  \($0)\n" }.joined()
        files["tagmanifest-sha512.txt"] = Data(tagManifest.utf8)
        let signature = try key.signature(for: Data(tagManifest.utf8))
        let publicKey = key.publicKey.rawRepresentation
        files["signature-ed25519.txt"] = Data(("Algorithm: Ed25519\nSigned-File: tagmanifest-sha512.txt\n"
            + "Public-Key: \(publicKey.base64EncodedString())\nSignature: \(signature.base64EncodedString())\n").utf8)
    }

    /// Changes one label of bag-info.
    public mutating func setLabel(_ label: String, _ value: String) {
        let lines = text("bag-info.txt").split(separator: "\n").map { $0.hasPrefix(label + ":") ? "\(label): \(value)" : String($0) }
        files["bag-info.txt"] = Data((lines.joined(separator: "\n") + "\n").utf8)
    }
}
