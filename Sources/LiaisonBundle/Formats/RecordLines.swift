import Foundation
import LiaisonCore

/// Writes JSON objects straight into bytes: keys in the order given (callers give them
/// sorted, as `RecordJSON` sorts them), nil optionals left out, strings escaped as JSON
/// requires and nothing more. An export writes hundreds of thousands of records, and
/// Foundation's encoder spends most of an export's time boxing values; this writes the same
/// JSON (the tests compare the two on every kind of record) several times faster.
struct JSONBytes {
    var bytes: [UInt8] = []
    private var needsComma: [Bool] = []

    init() { bytes.reserveCapacity(2048) }

    mutating func beginObject() {
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma.removeLast()
    }

    private mutating func key(_ name: some JSONKeyName) {
        name.withKeyBytes { key(bytes: $0) }
    }

    private mutating func key(bytes name: UnsafeBufferPointer<UInt8>) {
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: name)
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    mutating func string(_ name: some JSONKeyName, _ value: String) {
        key(name)
        quoted(value)
    }

    mutating func string(_ name: some JSONKeyName, _ value: (some CustomStringConvertible)?) {
        if let value { string(name, value.description) }
    }

    mutating func id(_ name: some JSONKeyName, _ value: UUID?) {
        if let value { string(name, value.uuidString) }
    }

    mutating func number(_ name: some JSONKeyName, _ value: Int?) {
        guard let value else { return }
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func number(_ name: some JSONKeyName, _ value: Double?) {
        guard let value, value.isFinite else { return }
        key(name)
        bytes.append(contentsOf: value.description.utf8)
    }

    mutating func numbers(_ name: some JSONKeyName, _ values: [Double]) {
        key(name)
        bytes.append(contentsOf: ("[" + values.map(\.description).joined(separator: ",") + "]").utf8)
    }

    mutating func bool(_ name: some JSONKeyName, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func strings(_ name: some JSONKeyName, _ values: [String]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            quoted(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// An array of objects, each written by `body`.
    mutating func objects<T>(_ name: some JSONKeyName, _ values: [T], _ body: (inout JSONBytes, T) -> Void) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            beginObject()
            body(&self, value)
            endObject()
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// A nested object written by `body`.
    mutating func object(_ name: some JSONKeyName, _ body: (inout JSONBytes) -> Void) {
        key(name)
        beginObject()
        body(&self)
        endObject()
    }

    private mutating func quoted(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case ..<0x20:
                let digits = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: Array("\\u00".utf8) + [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// A key of a JSON object: a literal, or bytes worked out once.
protocol JSONKeyName {
    func withKeyBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T
}

extension StaticString: JSONKeyName {
    func withKeyBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T { withUTF8Buffer(body) }
}

extension String: JSONKeyName {
    func withKeyBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        var text = self
        return text.withUTF8(body)
    }
}

extension Array: JSONKeyName where Element == UInt8 {
    func withKeyBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T { withUnsafeBufferPointer(body) }
}

/// The canonical JSON line of a record, the form of `liaison show --json` (keys sorted,
/// one line), written by walking the kind's schema in the order of its JSON names.
enum RecordLine {
    static func contact(_ record: Contact) -> [UInt8] { line(record, Contact.linePlan) }
    static func meeting(_ record: Meeting) -> [UInt8] { line(record, Meeting.linePlan) }
    static func grievance(_ record: Grievance) -> [UInt8] { line(record, Grievance.linePlan) }
    static func feedback(_ record: Feedback) -> [UInt8] { line(record, Feedback.linePlan) }

    /// What a deleted record leaves as: its id and when it was deleted.
    static func tombstone(id: UUID, deletedAt: Timestamp) -> [UInt8] {
        var json = JSONBytes()
        json.beginObject()
        json.string(Array("deleted_at".utf8), deletedAt)
        json.id(Array("id".utf8), id)
        json.endObject()
        return json.bytes
    }

    static func line<R: SchemaRecord>(_ record: R, _ plan: JSONLinePlan<R>) -> [UInt8] {
        var json = JSONBytes()
        json.beginObject()
        for entry in plan.entries {
            switch entry {
            case .field(let name, let spec): write(spec.value(of: record), name, &json)
            case .object(let name, let fields):
                json.object(name) { json in
                    for (inner, spec) in fields { write(spec.value(of: record), inner, &json) }
                }
            }
        }
        json.endObject()
        return json.bytes
    }

    private static func write(_ value: FieldValue, _ name: [UInt8], _ json: inout JSONBytes) {
        switch value {
        case .text(let text): json.string(name, text)
        case .texts(let texts), .codes(let texts): json.strings(name, texts)
        case .day(let day): json.string(name, day)
        case .instant(let time): json.string(name, time)
        case .moment(let moment): json.string(name, moment)
        case .code(let code): json.string(name, code)
        case .number(let number): json.number(name, number)
        case .decimal(let number): json.number(name, number)
        case .flag(let flag): json.bool(name, flag)
        case .id(let id): json.id(name, id)
        case .attendees(let attendees):
            json.objects(name, attendees) { json, attendee in
                json.id("contact_id", attendee.contactId)
                json.string("role", attendee.role)
            }
        case .followUps(let followUps):
            json.objects(name, followUps) { json, followUp in
                json.string("action", followUp.action)
                json.string("done_on", followUp.doneOn)
                json.string("due", followUp.due)
                json.id("id", followUp.id)
                json.string("owner", followUp.owner)
            }
        case .history(let events):
            json.objects(name, events) { json, event in
                json.string("at", event.at.description)
                json.string("by", event.by)
                json.string("from", event.from?.rawValue)
                json.string("note", event.note)
                json.string("to", event.to.rawValue)
            }
        }
    }
}

/// The order a kind's fields are written in: sorted by JSON name, with the fields of a
/// nested object (`headcount.women`) gathered under it. Worked out once per kind.
struct JSONLinePlan<R: SchemaRecord>: Sendable {
    enum Entry: Sendable {
        case field([UInt8], FieldSpec<R>)
        case object([UInt8], [([UInt8], FieldSpec<R>)])
    }

    let entries: [Entry]

    init() {
        var top: [String: Entry] = [:]
        var nested: [String: [(String, FieldSpec<R>)]] = [:]
        for spec in R.schema {
            let parts = spec.json.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                nested[parts[0], default: []].append((parts[1], spec))
            } else {
                top[spec.json] = .field(Array(spec.json.utf8), spec)
            }
        }
        for (name, fields) in nested {
            top[name] = .object(Array(name.utf8), fields.sorted { $0.0 < $1.0 }.map { (Array($0.0.utf8), $0.1) })
        }
        entries = top.keys.sorted().compactMap { top[$0] }
    }
}

extension Contact { static let linePlan = JSONLinePlan<Contact>() }
extension Meeting { static let linePlan = JSONLinePlan<Meeting>() }
extension Grievance { static let linePlan = JSONLinePlan<Grievance>() }
extension Feedback { static let linePlan = JSONLinePlan<Feedback>() }
