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

    private mutating func key(_ name: StaticString) {
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    mutating func string(_ name: StaticString, _ value: String) {
        key(name)
        quoted(value)
    }

    mutating func string(_ name: StaticString, _ value: (some CustomStringConvertible)?) {
        if let value { string(name, value.description) }
    }

    mutating func id(_ name: StaticString, _ value: UUID?) {
        if let value { string(name, value.uuidString) }
    }

    mutating func number(_ name: StaticString, _ value: Int?) {
        guard let value else { return }
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func number(_ name: StaticString, _ value: Double?) {
        guard let value, value.isFinite else { return }
        key(name)
        bytes.append(contentsOf: value.description.utf8)
    }

    mutating func numbers(_ name: StaticString, _ values: [Double]) {
        key(name)
        bytes.append(contentsOf: ("[" + values.map(\.description).joined(separator: ",") + "]").utf8)
    }

    mutating func bool(_ name: StaticString, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func strings(_ name: StaticString, _ values: [String]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            quoted(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// An array of objects, each written by `body`.
    mutating func objects<T>(_ name: StaticString, _ values: [T], _ body: (inout JSONBytes, T) -> Void) {
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
    mutating func object(_ name: StaticString, _ body: (inout JSONBytes) -> Void) {
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

/// The canonical JSON line of each kind of record: the form of `liaison show --json`,
/// keys sorted, one line.
enum RecordLine {
    static func contact(_ c: Contact) -> [UInt8] {
        var json = JSONBytes()
        json.beginObject()
        json.string("adm1", c.adm1)
        json.string("adm2", c.adm2)
        json.string("age_group", c.ageGroup.rawValue)
        json.string("code_name", c.codeName)
        json.string("community", c.community)
        json.string("consent", c.consent.rawValue)
        json.string("consent_date", c.consentDate)
        json.string("consent_scope", c.consentScope?.rawValue)
        json.string("created_at", c.createdAt.description)
        json.string("deleted_at", c.deletedAt)
        json.id("device_id", c.deviceId)
        json.string("gender", c.gender.rawValue)
        json.strings("handles", c.handles)
        json.id("id", c.id)
        json.strings("languages", c.languages)
        json.string("local_name", c.localName)
        json.string("name", c.name)
        json.string("notes", c.notes)
        json.string("organisation", c.organisation)
        json.strings("phones", c.phones)
        json.string("role", c.role)
        json.string("sensitivity", c.sensitivity.rawValue)
        json.string("updated_at", c.updatedAt.description)
        json.endObject()
        return json.bytes
    }

    static func meeting(_ m: Meeting) -> [UInt8] {
        var json = JSONBytes()
        json.beginObject()
        json.string("adm1", m.adm1)
        json.string("adm2", m.adm2)
        json.objects("attendees", m.attendees) { json, attendee in
            json.id("contact_id", attendee.contactId)
            json.string("role", attendee.role)
        }
        json.string("created_at", m.createdAt.description)
        json.string("decisions", m.decisions)
        json.string("deleted_at", m.deletedAt)
        json.id("device_id", m.deviceId)
        json.number("duration_minutes", m.durationMinutes)
        json.bool("early_warning", m.earlyWarning)
        json.string("early_warning_note", m.earlyWarningNote)
        json.objects("follow_ups", m.followUps) { json, followUp in
            json.string("action", followUp.action)
            json.string("done_on", followUp.doneOn)
            json.string("due", followUp.due)
            json.id("id", followUp.id)
            json.string("owner", followUp.owner)
        }
        json.object("headcount") { json in
            json.number("boys", m.headcount.boys)
            json.number("girls", m.headcount.girls)
            json.number("men", m.headcount.men)
            json.number("women", m.headcount.women)
        }
        json.id("id", m.id)
        json.string("interpreter", m.interpreter)
        json.string("kind", m.kind)
        json.strings("languages", m.languages)
        json.number("latitude", m.latitude)
        json.number("longitude", m.longitude)
        json.string("place", m.place)
        json.string("start", m.start.description)
        json.string("summary", m.summary)
        json.string("title", m.title)
        json.string("updated_at", m.updatedAt.description)
        json.endObject()
        return json.bytes
    }

    static func grievance(_ g: Grievance) -> [UInt8] {
        var json = JSONBytes()
        json.beginObject()
        json.string("acknowledge_by", g.acknowledgeBy)
        json.string("adm1", g.adm1)
        json.string("adm2", g.adm2)
        json.string("category", g.category)
        json.id("contact_id", g.contactId)
        json.string("created_at", g.createdAt.description)
        json.string("deleted_at", g.deletedAt)
        json.string("description", g.description)
        json.id("device_id", g.deviceId)
        json.objects("history", g.history) { json, event in
            json.string("at", event.at.description)
            json.string("by", event.by)
            json.string("from", event.from?.rawValue)
            json.string("note", event.note)
            json.string("to", event.to.rawValue)
        }
        json.id("id", g.id)
        json.string("loop_closed_how", g.loopClosedHow)
        json.string("loop_closed_on", g.loopClosedOn)
        json.id("meeting_id", g.meetingId)
        json.string("place", g.place)
        json.string("raised_on", g.raisedOn.description)
        json.string("reference", g.reference)
        json.string("referred_to", g.referredTo)
        json.string("rejection_reason", g.rejectionReason)
        json.string("resolution", g.resolution)
        json.string("resolve_by", g.resolveBy)
        json.bool("sensitive", g.sensitive)
        json.string("severity", g.severity.rawValue)
        json.string("status", g.status.rawValue)
        json.string("updated_at", g.updatedAt.description)
        json.endObject()
        return json.bytes
    }

    static func feedback(_ f: Feedback) -> [UInt8] {
        var json = JSONBytes()
        json.beginObject()
        json.string("channel", f.channel)
        json.id("contact_id", f.contactId)
        json.string("created_at", f.createdAt.description)
        json.string("deleted_at", f.deletedAt)
        json.id("device_id", f.deviceId)
        json.id("id", f.id)
        json.string("language", f.language)
        json.string("loop_closed_on", f.loopClosedOn)
        json.id("meeting_id", f.meetingId)
        json.number("perceived_safety", f.perceivedSafety)
        json.string("received_on", f.receivedOn.description)
        json.string("response", f.response)
        json.number("sentiment", f.sentiment)
        json.string("text", f.text)
        json.string("topic", f.topic)
        json.number("trust", f.trust)
        json.strings("types", f.types)
        json.string("updated_at", f.updatedAt.description)
        json.endObject()
        return json.bytes
    }
}
