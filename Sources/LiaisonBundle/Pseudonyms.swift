import Crypto
import Foundation
import LiaisonCore

/// Who leaves a bundle under a pseudonym, and how.
///
/// A protected contact (unless the officer sends identities, sealed), and a contact whose
/// consent was declined or keeps their details on this device, leave:
/// - under their code name (or `contact-` and the start of their pseudonymous id);
/// - with a pseudonymous id: HMAC-SHA256 of the id under a key derived from the device's
///   signing key, so it is the same in every bundle of the device, lets base follow the
///   contact from bundle to bundle, and cannot be turned back into the id without the key;
/// - without what identifies or singles them out: names, phones, handles, notes,
///   organisation and exact community; and as `sensitive`, never spelled out `protected`.
///
/// Every link to them uses the pseudonym, and their names (whole, and each word of three
/// letters or more), phones and handles in free text are replaced with the name they leave
/// under.
struct Pseudonyms {
    private let key: SymmetricKey
    /// The contacts that leave under a pseudonym, by id, with the name they leave under.
    private let names: [UUID: String]
    /// The same names by the pseudonyms they leave under.
    private let namesLeaving: [UUID: String]
    /// The names and phones to find in free text, as whole words in one expression
    /// (longest first), and what replaces each, by its text folded to lower case.
    private let pattern: NSRegularExpression?
    private let replacements: [String: String]

    init(signingKey: Curve25519.Signing.PrivateKey, contacts: [Contact], includeProtected: Bool) {
        key = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: signingKey.rawRepresentation),
                                     info: Data("liaison pseudonymous ids v1".utf8), outputByteCount: 32)
        var names: [UUID: String] = [:]
        var replacements: [(String, String)] = []
        for contact in contacts {
            let declined = contact.consent == .declined || contact.consentScope == .deviceOnly
            guard declined || (contact.sensitivity == .protected && !includeProtected) else { continue }
            let shown = contact.codeName.isEmpty ? "contact-" + String(Self.pseudonym(contact.id, key).uuidString.prefix(8)).lowercased()
                                                 : contact.codeName
            names[contact.id] = shown
            guard !contact.sealedAway else { continue }
            // The whole names, and each word of them: a first name alone can give a person away.
            let names = [contact.name, contact.localName].filter { !$0.isEmpty }
            let words = names.flatMap { $0.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init) }
            for needle in names + words + contact.phones + contact.handles {
                let trimmed = needle.trimmingCharacters(in: .whitespaces)
                // Too short to be a name rather than part of a word.
                if trimmed.count >= 3 { replacements.append((trimmed, shown)) }
            }
            for phone in contact.phones {
                let digits = phone.filter(\.isNumber)
                if digits.count >= 6, digits != phone { replacements.append((digits, shown)) }
            }
        }
        self.names = names
        var namesLeaving: [UUID: String] = [:]
        for (id, name) in names { namesLeaving[Self.pseudonym(id, key)] = name }
        self.namesLeaving = namesLeaving
        var byText: [String: String] = [:]
        for (needle, shown) in replacements where byText[needle.lowercased()] == nil { byText[needle.lowercased()] = shown }
        self.replacements = byText
        let alternatives = byText.keys.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
            .map(NSRegularExpression.escapedPattern(for:))
        pattern = alternatives.isEmpty ? nil : try? NSRegularExpression(
            pattern: "(?<![\\p{L}\\p{N}])(?:" + alternatives.joined(separator: "|") + ")(?![\\p{L}\\p{N}])",
            options: [.caseInsensitive])
    }

    /// Whether the contact leaves under a pseudonym.
    func covers(_ id: UUID) -> Bool { names[id] != nil }

    /// The id a contact leaves under: its pseudonym when it has one.
    func id(_ id: UUID) -> UUID { covers(id) ? Self.pseudonym(id, key) : id }

    /// The name a pseudonymised contact leaves under, by the pseudonym it leaves under.
    func name(leaving id: UUID) -> String? { namesLeaving[id] }

    /// Free text with every pseudonymised contact's names and phones replaced.
    func clean(_ text: String) -> String {
        guard !text.isEmpty, let pattern else { return text }
        var out = ""
        var rest = text.startIndex
        for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let range = Range(match.range, in: text) else { continue }
            out += text[rest..<range.lowerBound]
            let found = String(text[range])
            out += replacements[found.lowercased()]
                ?? replacements.first { $0.key.caseInsensitiveCompare(found) == .orderedSame }?.value
                ?? ContactName.unnamedProtected
            rest = range.upperBound
        }
        return out + text[rest...]
    }

    /// A record as it leaves: links and free text rewritten.
    func leaving<R: SchemaRecord>(_ record: R) -> R {
        record.rewritten(text: clean, contact: id, keeping: ["name", "local_name", "code_name", "reference"])
    }

    /// A contact as it leaves under its pseudonym.
    func pseudonymised(_ contact: Contact) -> Contact {
        var copy = contact
        copy.id = id(contact.id)
        copy.name = names[contact.id] ?? contact.codeName
        copy.localName = ""
        copy.codeName = copy.name
        copy.phones = []
        copy.handles = []
        copy.notes = ""
        copy.organisation = ""
        copy.community = ""
        copy.sensitivity = .sensitive
        copy.sealedAway = false
        return copy
    }

    /// The first 16 bytes of HMAC-SHA256 of the id, shaped as a UUID (version 8).
    static func pseudonym(_ id: UUID, _ key: SymmetricKey) -> UUID {
        var bytes = Array(HMAC<SHA256>.authenticationCode(for: Data(id.uuidString.utf8), using: key).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
