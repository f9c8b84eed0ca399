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
/// under, word for word whatever the spacing, case or accents.
struct Pseudonyms {
    private let key: SymmetricKey
    /// The contacts that leave under a pseudonym, by id, with the name they leave under.
    private let names: [UUID: String]
    /// The same names by the pseudonyms they leave under.
    private let namesLeaving: [UUID: String]
    /// The names, phones and handles to find in free text, as sequences of words folded
    /// as search folds them, by their first word (longest first), and what replaces each.
    /// Free text is matched word by word, so an export's cost does not grow with the
    /// number of protected contacts.
    private let needles: [String: [(words: [String], replacement: String)]]
    /// Protected phone numbers by their last nine digits (all of them when shorter), so
    /// that a number written another way (`0955 424 242`, `+211-955-424-242`, in
    /// Arabic-Indic digits) is found too.
    private let phones: [String: String]
    /// Free text leaves empty: the officer chose so, as the names it should be cleaned of
    /// cannot be read.
    private let withholdsFreeText: Bool
    /// Contacts that leave under a pseudonym but whose identity cannot be read (sealed to a
    /// vault since wiped, or damaged): their names cannot be looked for in free text.
    let unreadable: Int

    /// Labels of handles that name an app, not a person.
    private static let handleLabels: Set<String> = [
        "signal", "whatsapp", "telegram", "viber", "email", "mail", "e-mail", "facebook", "messenger", "twitter", "skype",
        "phone", "tel", "sms",
    ]

    init(signingKey: Curve25519.Signing.PrivateKey, contacts: [Contact], includeProtected: Bool,
         withholdingFreeText: Bool = false) {
        key = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: signingKey.rawRepresentation),
                                     info: Data("liaison pseudonymous ids v1".utf8), outputByteCount: 32)
        var names: [UUID: String] = [:]
        var replacements: [(String, String)] = []
        var phones: [String: String] = [:]
        var unreadable = 0
        for contact in contacts {
            let declined = contact.consent == .declined || contact.consentScope == .deviceOnly
            guard declined || (contact.sensitivity == .protected && !includeProtected) else { continue }
            let shown = contact.codeName.isEmpty ? "contact-" + String(Self.pseudonym(contact.id, key).uuidString.prefix(8)).lowercased()
                                                 : contact.codeName
            names[contact.id] = shown
            guard !contact.sealedAway else {
                unreadable += 1
                continue
            }
            // The whole names, and each word of them: a first name alone can give a person away.
            let names = [contact.name, contact.localName].filter { !$0.isEmpty }
            let words = names.flatMap { $0.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init) }
            // A handle's words other than the app it names (`signal: @amal.p` gives `amal`).
            let handleWords = contact.handles.flatMap { handle in
                Self.words(handle).map { String(handle[$0]) }.filter { !Self.handleLabels.contains($0.lowercased()) && $0.count >= 4 }
            }
            for needle in names + words + contact.phones + contact.handles + handleWords {
                let trimmed = needle.trimmingCharacters(in: .whitespaces)
                // Too short to be a name rather than part of a word.
                if trimmed.count >= 3 { replacements.append((trimmed, shown)) }
            }
            for phone in contact.phones {
                let digits = Self.digits(phone)
                if digits.count >= 7 { phones[Self.phoneKey(digits)] = shown }
            }
        }
        self.phones = phones
        self.unreadable = unreadable
        withholdsFreeText = withholdingFreeText
        self.names = names
        var namesLeaving: [UUID: String] = [:]
        for (id, name) in names { namesLeaving[Self.pseudonym(id, key)] = name }
        self.namesLeaving = namesLeaving
        var needles: [String: [(words: [String], replacement: String)]] = [:]
        for (needle, shown) in replacements {
            let words = Self.words(needle).map { Self.fold(needle[$0]) }
            guard let first = words.first else { continue }
            needles[first, default: []].append((words, shown))
        }
        self.needles = needles.mapValues { $0.sorted { $0.words.count > $1.words.count } }
    }

    /// Whether the contact leaves under a pseudonym.
    func covers(_ id: UUID) -> Bool { names[id] != nil }

    /// The id a contact leaves under: its pseudonym when it has one.
    func id(_ id: UUID) -> UUID { covers(id) ? Self.pseudonym(id, key) : id }

    /// The name a pseudonymised contact leaves under, by the pseudonym it leaves under.
    func name(leaving id: UUID) -> String? { namesLeaving[id] }

    /// Free text with every pseudonymised contact's names, phones and handles replaced,
    /// whole words only, whatever their case or accents.
    func clean(_ text: String) -> String {
        if withholdsFreeText { return text.isEmpty ? "" : "[withheld]" }
        guard !text.isEmpty, !needles.isEmpty || !phones.isEmpty else { return text }
        let text = cleanPhones(text)
        let ranges = Self.words(text)
        let folded = ranges.map { Self.fold(text[$0]) }
        var out = ""
        var rest = text.startIndex
        var index = 0
        while index < ranges.count {
            let match = needles[folded[index]]?.first { candidate in
                index + candidate.words.count <= folded.count
                    && zip(candidate.words, folded[index...]).allSatisfy { $0 == $1 }
            }
            guard let match else {
                index += 1
                continue
            }
            let last = index + match.words.count - 1
            // A phone number's leading + goes with it.
            var start = ranges[index].lowerBound
            if start > rest, text[text.index(before: start)] == "+", match.words.allSatisfy({ $0.allSatisfy(\.isNumber) }) {
                start = text.index(before: start)
            }
            out += text[rest..<start] + match.replacement
            rest = ranges[last].upperBound
            index = last + 1
        }
        return out + text[rest...]
    }

    /// Free text with every run that reads as a protected phone number replaced: digits in
    /// any script, with spaces, dashes, dots, slashes or brackets between them, and a
    /// leading +, whose last nine digits are those of a protected phone.
    private func cleanPhones(_ text: String) -> String {
        let ascii = text.utf8.allSatisfy { $0 < 0x80 }
        guard !phones.isEmpty, ascii ? text.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) : text.contains(where: \.isNumber)
        else { return text }
        var out = ""
        var index = text.startIndex
        while index < text.endIndex {
            guard text[index].isNumber || (text[index] == "+" && text.index(after: index) < text.endIndex
                                             && text[text.index(after: index)].isNumber) else {
                out.append(text[index])
                index = text.index(after: index)
                continue
            }
            // The run: digits and the separators people write between them.
            var end = index
            var lastDigit = index
            var cursor = index
            while cursor < text.endIndex, text[cursor].isNumber || text[cursor] == "+" || " -./()".contains(text[cursor]) {
                if text[cursor].isNumber { lastDigit = cursor }
                cursor = text.index(after: cursor)
            }
            end = text.index(after: lastDigit)
            let run = String(text[index..<end])
            let digits = Self.digits(run)
            if digits.count >= 7, let shown = phones[Self.phoneKey(digits)] {
                out += shown
            } else {
                out += run
            }
            index = end
        }
        return out
    }

    /// The digits of a text as ASCII digits, whatever their script.
    static func digits(_ text: String) -> String {
        String(text.compactMap { $0.wholeNumberValue.flatMap { (0...9).contains($0) ? Character(String($0)) : nil } })
    }

    /// What two ways of writing one number share: its last nine digits.
    static func phoneKey(_ digits: String) -> String { String(digits.suffix(9)) }

    /// A word as search folds it, compatibility forms too (full-width letters are the
    /// letters they look like). Plain ASCII, most words of most text, only needs lowering.
    static func fold(_ word: Substring) -> String {
        if word.utf8.allSatisfy({ $0 < 0x80 }) { return word.lowercased() }
        return SearchText.fold(String(word).precomposedStringWithCompatibilityMapping)
    }

    /// The ranges of the words of a text: runs of letters and digits.
    static func words(_ text: String) -> [Range<String.Index>] {
        // Plain ASCII, most text, is read byte by byte: far faster than by Character.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return runs(text.utf8, end: text.endIndex) { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            }
        }
        return runs(text, end: text.endIndex) { $0.isLetter || $0.isNumber }
    }

    /// The runs of elements of a view of a text for which `isWord` holds.
    private static func runs<View: Collection>(_ view: View, end: String.Index,
                                               isWord: (View.Element) -> Bool) -> [Range<String.Index>]
        where View.Index == String.Index {
        var out: [Range<String.Index>] = []
        var start: String.Index?
        for index in view.indices {
            if isWord(view[index]) {
                if start == nil { start = index }
            } else if let begun = start {
                out.append(begun..<index)
                start = nil
            }
        }
        if let begun = start { out.append(begun..<end) }
        return out
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
