import Foundation
import LiaisonCore

/// Reads a record from its canonical line, the bytes `RecordLine` writes, by walking the
/// kind's line plan: each key in its place, each value in the one form the writer gives it,
/// nothing else. Any other line, well-formed JSON or not, reads as nil; the verifier then
/// reads it with Foundation's decoder, whose errors name what is wrong.
///
/// Every value is made by the same parser Foundation's decoder uses for its type (`Day`,
/// `Timestamp`, `OffsetDateTime`, `UUID`, the codes of enumerations), and the verifier
/// writes what was read again and compares it with the line byte for byte. So a line read
/// here holds exactly the record Foundation's decoder reads from it; only faster, since a
/// bundle's lines are most of what an import reads.
struct RecordLineReader {
    private let bytes: UnsafeRawBufferPointer
    private var at = 0

    private init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    static func read<R: SchemaRecord>(_ line: Data, _ plan: JSONLinePlan<R>) -> R? {
        line.withUnsafeBytes { bytes in
            var reader = RecordLineReader(bytes)
            return reader.record(plan)
        }
    }

    static func contact(_ line: Data) -> Contact? { read(line, Contact.linePlan) }
    static func meeting(_ line: Data) -> Meeting? { read(line, Meeting.linePlan) }
    static func grievance(_ line: Data) -> Grievance? { read(line, Grievance.linePlan) }
    static func feedback(_ line: Data) -> Feedback? { read(line, Feedback.linePlan) }

    // MARK: - Records

    private mutating func record<R: SchemaRecord>(_ plan: JSONLinePlan<R>) -> R? {
        // The id is read like any field; the blank's is replaced.
        var record = R.blank(id: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
        guard take(UInt8(ascii: "{")) else { return nil }
        var first = true
        for entry in plan.entries {
            switch entry {
            case .field(let name, let spec):
                guard field(name, spec, &record, first: &first) else { return nil }
            case .object(let name, let fields):
                // A nested object is always written, whatever its fields hold.
                guard key(name, first: first), take(UInt8(ascii: "{")) else { return nil }
                first = false
                var innerFirst = true
                for (inner, spec) in fields {
                    guard field(inner, spec, &record, first: &innerFirst) else { return nil }
                }
                guard take(UInt8(ascii: "}")) else { return nil }
            }
        }
        guard take(UInt8(ascii: "}")), at == bytes.count else { return nil }
        return record
    }

    /// Reads the field named `name` into `record`; a field the writer leaves out when it
    /// holds nothing is set to nothing when its key is not next.
    private mutating func field<R: SchemaRecord>(_ name: [UInt8], _ spec: FieldSpec<R>, _ record: inout R,
                                                 first: inout Bool) -> Bool {
        let value: FieldValue?
        if key(name, first: first) {
            first = false
            value = self.value(spec.type)
        } else {
            value = spec.optional ? Self.nothing(spec.type) : nil
        }
        guard let value else { return false }
        return (try? spec.set(value, in: &record)) != nil
    }

    /// What a field of `type` holds when the writer leaves its key out.
    private static func nothing(_ type: FieldType) -> FieldValue? {
        switch type {
        case .day: .day(nil)
        case .instant: .instant(nil)
        case .choice: .code(nil)
        case .number, .minutes: .number(nil)
        case .decimal: .decimal(nil)
        case .link, .identifier: .id(nil)
        default: nil
        }
    }

    private mutating func value(_ type: FieldType) -> FieldValue? {
        switch type {
        case .line, .block: return string().map { .text($0) }
        case .list: return strings().map { .texts($0) }
        case .choices: return strings().map { .codes($0) }
        case .day: return text(Day.init).map { .day($0) }
        case .instant: return text(Timestamp.init).map { .instant($0) }
        case .moment: return text(OffsetDateTime.init).map { .moment($0) }
        case .choice: return string().map { .code($0) }
        case .number, .minutes: return integer().map { .number($0) }
        case .decimal: return decimal().map { .decimal($0) }
        case .flag: return flag().map { .flag($0) }
        case .link, .identifier: return text(UUID.init(uuidString:)).map { .id($0) }
        case .attendees: return objects { $0.attendee() }.map { .attendees($0) }
        case .followUps: return objects { $0.followUp() }.map { .followUps($0) }
        case .history: return objects { $0.event() }.map { .history($0) }
        }
    }

    // MARK: - Rows of a record

    private mutating func attendee() -> Attendee? {
        guard key("contact_id", first: true), let contact = text(UUID.init(uuidString:)),
              key("role", first: false), let role = string() else { return nil }
        return Attendee(contactId: contact, role: role)
    }

    private mutating func followUp() -> FollowUp? {
        guard key("action", first: true), let action = string(),
              let doneOn = optional("done_on", Day.init), let due = optional("due", Day.init),
              key("id", first: false), let id = text(UUID.init(uuidString:)),
              key("owner", first: false), let owner = string() else { return nil }
        return FollowUp(id: id, action: action, owner: owner, due: due, doneOn: doneOn)
    }

    private mutating func event() -> GrievanceEvent? {
        guard key("at", first: true), let at = text(Timestamp.init),
              key("by", first: false), let by = string(),
              let from = optional("from", Grievance.Status.init(rawValue:)),
              key("note", first: false), let note = string(),
              key("to", first: false), let to = text(Grievance.Status.init(rawValue:)) else { return nil }
        return GrievanceEvent(at: at, by: by, from: from, to: to, note: note)
    }

    /// The value of `name`, parsed by `parse`, when its key comes next (not first in its
    /// object); `.some(nil)` when the writer left it out; nil when it cannot be read.
    private mutating func optional<T>(_ name: StaticString, _ parse: (String) -> T?) -> T?? {
        guard key(name, first: false) else { return .some(nil) }
        return text(parse).map { .some($0) }
    }

    /// `[` items, each read by `read`, separated by commas `]`.
    private mutating func array<T>(_ read: (inout Self) -> T?) -> [T]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var items: [T] = []
        if take(UInt8(ascii: "]")) { return items }
        repeat {
            guard let item = read(&self) else { return nil }
            items.append(item)
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? items : nil
    }

    /// An array of objects, each read by `read` between its braces.
    private mutating func objects<T>(_ read: (inout Self) -> T?) -> [T]? {
        array { reader in
            guard reader.take(UInt8(ascii: "{")), let item = read(&reader), reader.take(UInt8(ascii: "}")) else { return nil }
            return item
        }
    }

    // MARK: - JSON values, as the writer writes them

    private func peek() -> UInt8? { at < bytes.count ? bytes[at] : nil }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        at += 1
        return true
    }

    /// Takes `,"name":` (without the comma when `first`) if it comes next.
    private mutating func key(_ name: some JSONKeyName, first: Bool) -> Bool {
        name.withKeyBytes { key(bytes: $0, first: first) }
    }

    private mutating func key(bytes name: UnsafeBufferPointer<UInt8>, first: Bool) -> Bool {
        var end = at
        if !first {
            guard end < bytes.count, bytes[end] == UInt8(ascii: ",") else { return false }
            end += 1
        }
        guard end + name.count + 3 <= bytes.count, bytes[end] == UInt8(ascii: "\"") else { return false }
        end += 1
        for byte in name {
            guard bytes[end] == byte else { return false }
            end += 1
        }
        guard bytes[end] == UInt8(ascii: "\""), bytes[end + 1] == UInt8(ascii: ":") else { return false }
        at = end + 2
        return true
    }

    /// A string read, then parsed by `parse`.
    private mutating func text<T>(_ parse: (String) -> T?) -> T? {
        string().flatMap(parse)
    }

    /// A JSON string with the escapes the writer makes; raw control characters and
    /// invalid UTF-8 read as nil.
    private mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = at
        var escaped = false
        while at < bytes.count {
            let byte = bytes[at]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<at])
                at += 1
                return escaped ? Self.unescaped(raw) : String(validating: raw, as: UTF8.self)
            }
            if byte < 0x20 { return nil }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                at += 1  // the escaped quote or backslash is not the string's end
            }
            at += 1
        }
        return nil
    }

    /// The text of a string's bytes with its escapes undone: those the writer makes
    /// (`\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, and `\u00XX` for other control characters).
    private static func unescaped(_ raw: UnsafeRawBufferPointer) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            index += 1
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                continue
            }
            guard index < raw.count else { return nil }
            let code = raw[index]
            index += 1
            switch code {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(code)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                guard index + 4 <= raw.count, raw[index] == UInt8(ascii: "0"), raw[index + 1] == UInt8(ascii: "0"),
                      let high = hex(raw[index + 2]), let low = hex(raw[index + 3]), high < 2 else { return nil }
                out.append(high << 4 | low)
                index += 4
            default: return nil
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    private mutating func strings() -> [String]? {
        array { $0.string() }
    }

    /// A whole number as the writer writes one: an optional minus and digits, within `Int`.
    private mutating func integer() -> Int? {
        let negative = take(UInt8(ascii: "-"))
        var value = 0
        var digits = 0
        while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let digit = Int(byte - UInt8(ascii: "0"))
            let (sum, overflowSum) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !overflowTimes, !overflowSum else { return nil }
            value = sum
            digits += 1
            at += 1
        }
        guard digits > 0, digits < 20 else { return nil }
        if let byte = peek(), byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            return nil
        }
        return value
    }

    /// A finite number in the characters a number is written with.
    private mutating func decimal() -> Double? {
        let start = at
        while let byte = peek(), (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e")
                || byte == UInt8(ascii: "E") {
            at += 1
        }
        guard at > start, at - start <= 32 else { return nil }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    private mutating func flag() -> Bool? {
        for (word, value) in [("true", true), ("false", false)] {
            let word = Array(word.utf8)
            guard at + word.count <= bytes.count,
                  word.indices.allSatisfy({ bytes[at + $0] == word[$0] }) else { continue }
            at += word.count
            return value
        }
        return nil
    }
}
