import Foundation
import LiaisonCore

/// The names inside a bundle, shared by the writer and the verifier.
///
/// A bundle is a BagIt 1.0 bag (RFC 8493) zipped with a single top-level folder:
/// `bagit.txt`, `bag-info.txt`, `manifest-sha512.txt`, `tagmanifest-sha512.txt`, the
/// signature, and the payload under `data/`.
public enum BagLayout {
    /// The version of the bundle's own layout and labels.
    public static let formatVersion = 1
    /// The version of liaison that writes bundles, for `Bag-Software-Agent`.
    public static let softwareVersion = "0.1.0"
    public static let bagitText = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    public static let manifest = "manifest-sha512.txt"
    public static let tagManifest = "tagmanifest-sha512.txt"
    public static let bagInfo = "bag-info.txt"
    public static let bagit = "bagit.txt"
    /// The detached Ed25519 signature over the tag manifest. It cannot be listed in the tag
    /// manifest it signs, so it sits beside it.
    public static let signature = "signature-ed25519.txt"

    /// The canonical records of a kind, what import reads.
    public static func records(_ kind: RecordKind) -> String { "data/records/\(kind.plural).jsonl" }
    /// The analysts' table of a kind.
    public static func csv(_ kind: RecordKind) -> String { "data/csv/\(kind.plural).csv" }
    public static let vcard = "data/contacts.vcf"
    public static let calendar = "data/meetings.ics"
    public static let geojson = "data/meetings.geojson"

    /// Every payload file a bundle holds, in the order they are written.
    public static var payload: [String] {
        RecordKind.allCases.map(records) + RecordKind.allCases.map(csv) + [vcard, calendar, geojson]
    }

    /// The bag-info label that counts the records of a kind.
    public static func countLabel(_ kind: RecordKind) -> String { "Liaison-Count-" + kind.plural.capitalized }

    /// `liaison-KDL-2026-11-21-0003`: the bundle's file name without extension, and its folder.
    public static func name(prefix: String, day: Day, sequence: Int) -> String {
        "liaison-\(prefix)-\(day)-" + (sequence < 10_000 ? String(format: "%04d", sequence) : String(sequence))
    }
}

/// The labels of `bag-info.txt`, in order, as `Label: value` lines.
public struct BagInfo: Sendable, Equatable {
    public var entries: [(label: String, value: String)]

    public init(entries: [(label: String, value: String)] = []) { self.entries = entries }

    public static func == (lhs: BagInfo, rhs: BagInfo) -> Bool {
        lhs.entries.elementsEqual(rhs.entries) { $0.label == $1.label && $0.value == $1.value }
    }

    /// The first value of a label.
    public subscript(label: String) -> String? { entries.first { $0.label == label }?.value }

    mutating func add(_ label: String, _ value: String) { entries.append((label, TextCleaner.singleLine(value))) }

    var text: String { entries.map { "\($0.label): \($0.value)\n" }.joined() }

    /// Reads `Label: value` lines; a line that starts with white space continues the value
    /// before it (RFC 8493, 2.2.2). Nil for text that is not of that form.
    static func parse(_ text: String) -> BagInfo? {
        var info = BagInfo()
        // Lines end in \n or \r\n (one Character in Swift, so split on what is a newline).
        for line in text.split(whereSeparator: \.isNewline) {
            if let first = line.first, first == " " || first == "\t" {
                guard !info.entries.isEmpty else { return nil }
                info.entries[info.entries.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let label = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !label.isEmpty else { return nil }
            info.entries.append((label, value))
        }
        return info
    }
}

/// Folders an officer may want to export to: removable drives mounted under `/media`,
/// `/run/media` or `/mnt`, as the kernel lists them, that this user can write to.
public enum MountedDrives {
    public static func list(mounts: String = (try? String(contentsOfFile: "/proc/mounts", encoding: .utf8)) ?? "") -> [String] {
        var folders: [String] = []
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 2 else { continue }
            // /proc/mounts writes a space in a path as \040.
            let path = String(fields[1]).replacingOccurrences(of: "\\040", with: " ")
            guard ["/media/", "/run/media/", "/mnt/"].contains(where: { path.hasPrefix($0) }),
                  access(path, W_OK) == 0, !folders.contains(path) else { continue }
            folders.append(path)
        }
        return folders
    }
}
