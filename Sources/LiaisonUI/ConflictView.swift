import Foundation
import LiaisonCore

/// A conflict as the officer reads it: the record it is about, and for each field in
/// question base's value beside the field's, worded by the schema. The command line and
/// the Conflicts view both show this.
public struct ConflictView: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        /// The field's JSON name (`deleted_at` for a deletion against a change).
        public var key: String
        public var label: String
        public var base: String
        public var field: String
        /// The side chosen, once resolved.
        public var chosen: ConflictSide?
    }

    public let conflict: Conflict
    /// What the record is: "grievance KDL-2026-0042".
    public let title: String
    public let heading: String
    public let rows: [Row]

    public init(conflict: Conflict, store: Store, words: Catalogue) throws {
        self.conflict = conflict
        func build<R: StoredRecord>(_ type: R.Type, _ name: (R) -> String) throws -> (String, [Row]) {
            let (base, field) = try conflict.versions(R.self)
            let values = FieldWording(store: store, words: words)
            let rows = try conflict.fields.map { key -> Row in
                if key == "deleted_at" {
                    let deleted = { (record: R?, at: Timestamp?) -> String in
                        guard let at = record?.deletedAt ?? at else { return words.text("conflict.changed") }
                        return words.text("conflict.deleted", ["time": words.instant(at)])
                    }
                    return Row(key: key, label: words.text("conflict.deletion"), base: deleted(base, nil),
                               field: deleted(field, conflict.fieldDeletedAt), chosen: conflict.resolution[key])
                }
                guard let spec = R.schema.first(where: { $0.json == key }) else {
                    return Row(key: key, label: key, base: "", field: "", chosen: conflict.resolution[key])
                }
                return Row(key: key, label: words.text(spec.label), base: try values.text(spec, base),
                           field: try field.map { try values.text(spec, $0) } ?? "", chosen: conflict.resolution[key])
            }
            return (name(base), rows)
        }
        let (name, rows): (String, [Row]) = switch conflict.kind {
        case .contact: try build(Contact.self) { $0.name }
        case .meeting: try build(Meeting.self) { $0.title }
        case .grievance: try build(Grievance.self) { $0.reference }
        case .feedback: try build(Feedback.self) { $0.topic.isEmpty ? $0.receivedOn.description : $0.topic }
        }
        title = words.noun(conflict.kind) + " " + name
        heading = words.text(conflict.resolvedAt == nil ? "conflict.heading" : "conflict.heading.resolved", [
            "id": String(conflict.id), "record": title, "officer": conflict.officer, "bundle": conflict.bundle,
            "time": words.instant(conflict.foundAt), "resolved": conflict.resolvedAt.map(words.instant) ?? "",
        ])
        self.rows = rows
    }
}

/// A field's value in a few words, as a conflict shows it side by side: one line, names
/// for links and labels for codes.
struct FieldWording {
    let store: Store
    let words: Catalogue

    func text<R: SchemaRecord>(_ spec: FieldSpec<R>, _ record: R) throws -> String {
        let t = store.taxonomies
        let none = words.text("conflict.empty")
        switch (spec.type, spec.value(of: record)) {
        case (_, .text(let text)): return text.isEmpty ? none : text.split(whereSeparator: \.isNewline).joined(separator: " / ")
        case (_, .texts(let texts)): return texts.isEmpty ? none : texts.joined(separator: ", ")
        case (_, .day(let day)): return day.map(words.day) ?? none
        case (_, .instant(let time)): return time.map(words.instant) ?? none
        case (_, .moment(let moment)): return words.moment(moment)
        case (.choice(let list), .code(let code)): return code.map { list.label($0, t, words) } ?? none
        case (.choices(let list), .codes(let codes)): return codes.isEmpty ? none : codes.map { list.label($0, t, words) }.joined(separator: ", ")
        case (_, .number(let number)): return number.map(words.number) ?? none
        case (_, .decimal(let number)): return number.map { "\($0)" } ?? none
        case (_, .flag(let flag)): return words.text(flag ? "value.yes" : "value.no")
        case (.link(.contact), .id(let id?)):
            return try store.contactNames([id])[id] ?? id.uuidString.lowercased()
        case (_, .id(let id)): return id?.uuidString.lowercased() ?? none
        case (_, .attendees(let attendees)):
            let names = try store.contactNames(attendees.map(\.contactId))
            return attendees.isEmpty ? none : attendees.map { names[$0.contactId] ?? $0.contactId.uuidString.lowercased() }
                .joined(separator: ", ")
        case (_, .followUps(let followUps)):
            return followUps.isEmpty ? none : followUps.map(\.action).joined(separator: "; ")
        case (_, .history(let events)):
            return words.plural("conflict.moves", count: events.count)
        default: return none
        }
    }
}
