import Foundation
import LiaisonCore
import TerminalKit

/// The aligned columns of `liaison list`. Widths are fixed per column, so rows print as
/// they are read and stay aligned in any script (widths count terminal cells).
struct RecordTable {
    let kind: RecordKind
    let store: Store

    private var columns: [(String, Int)] {
        switch kind {
        case .contact: [("ID", 8), ("NAME", 24), ("LOCAL NAME", 18), ("ROLE", 16), ("COMMUNITY", 12), ("SENSITIVITY", 11)]
        case .meeting: [("ID", 8), ("START", 16), ("KIND", 16), ("TITLE", 36), ("PLACE", 12), ("PEOPLE", 6)]
        case .grievance: [("REFERENCE", 14), ("RAISED", 10), ("STATUS", 12), ("SEVERITY", 8), ("CATEGORY", 22), ("PLACE", 12)]
        case .feedback: [("ID", 8), ("RECEIVED", 10), ("CHANNEL", 12), ("TYPES", 20), ("MOOD", 4), ("TOPIC", 24)]
        }
    }

    var header: String { line(columns.map(\.0)) }

    func row(_ record: some StoredRecord) throws -> String {
        let t = store.taxonomies
        let shortId = String(record.id.uuidString.prefix(8))
        let deleted = record.isDeleted ? " (deleted)" : ""
        switch record {
        case let c as Contact:
            return line([shortId, c.name + deleted, c.localName, t.contactRoles.label(c.role), c.community,
                         c.sensitivity.rawValue])
        case let m as Meeting:
            return line([shortId, "\(m.start.localDay) \(m.start.localTime)", t.meetingKinds.label(m.kind),
                         m.title + deleted, m.place, String(max(m.headcount.total, m.attendees.count))])
        case let g as Grievance:
            return line([g.reference, g.raisedOn.description, g.status.rawValue + deleted, g.severity.rawValue,
                         t.grievanceCategories.label(g.category), g.place])
        case let f as Feedback:
            return line([shortId, f.receivedOn.description, t.feedbackChannels.label(f.channel),
                         f.types.map(t.feedbackTypes.label).joined(separator: ", "),
                         f.sentiment.map { $0 > 0 ? "+\($0)" : "\($0)" } ?? "", f.topic + deleted])
        default:
            return ""
        }
    }

    private func line(_ values: [String]) -> String {
        let widths = columns.map(\.1)
        return values.indices.map { index in
            index == widths.count - 1 ? CellWidth.truncate(values[index], to: widths[index])
                                      : CellWidth.fit(values[index], to: widths[index])
        }.joined(separator: "  ")
    }
}

/// The text of `liaison show`: every field, then what is linked.
struct RecordDetail {
    let store: Store

    func text(_ record: AnyRecord) throws -> String {
        var out = Lines()
        let t = store.taxonomies
        switch record {
        case .contact(let c):
            out.title("Contact  \(c.name)", c)
            out.field("Local name", c.localName)
            out.field("Code name", c.codeName)
            out.field("Role", t.contactRoles.label(c.role))
            out.field("Organisation", c.organisation)
            out.field("Community", c.community)
            out.field("Admin areas", [c.adm1, c.adm2].filter { !$0.isEmpty }.joined(separator: " / "))
            out.field("Phones", c.phones.joined(separator: ", "))
            out.field("Handles", c.handles.joined(separator: ", "))
            out.field("Languages", c.languages.joined(separator: ", "))
            out.field("Gender", c.gender.rawValue)
            out.field("Age group", c.ageGroup.rawValue)
            out.field("Sensitivity", c.sensitivity.rawValue)
            out.field("Consent", [c.consent.rawValue, c.consentDate?.description ?? "", c.consentScope?.rawValue ?? ""]
                .filter { !$0.isEmpty }.joined(separator: ", "))
            out.block("Notes", c.notes)
            out.section("Meetings", try store.records(Meeting.self, RecordQuery(link: .contact(c.id), limit: 20))
                .map { "\($0.start.localDay)  \($0.title)  [\(short($0.id))]" })
            out.section("Grievances", try store.records(Grievance.self, RecordQuery(link: .contact(c.id), limit: 20))
                .map { "\($0.reference)  \($0.status.rawValue)  \(t.grievanceCategories.label($0.category))" })
            out.section("Feedback", try store.records(Feedback.self, RecordQuery(link: .contact(c.id), limit: 20))
                .map { "\($0.receivedOn)  \($0.topic)  [\(short($0.id))]" })
        case .meeting(let m):
            out.title("Meeting  \(m.title)", m)
            out.field("Kind", t.meetingKinds.label(m.kind))
            out.field("Start", m.start.description + (m.durationMinutes.map { ", \($0) minutes" } ?? ""))
            out.field("Place", [m.place, m.adm1, m.adm2].filter { !$0.isEmpty }.joined(separator: ", "))
            if let lat = m.latitude, let lon = m.longitude { out.field("Position", "\(lat), \(lon)") }
            out.field("Languages", m.languages.joined(separator: ", "))
            out.field("Interpreter", m.interpreter)
            let h = m.headcount
            out.field("Headcount", "\(h.women) women, \(h.men) men, \(h.girls) girls, \(h.boys) boys")
            if m.earlyWarning { out.field("EARLY WARNING", m.earlyWarningNote) }
            out.block("Summary", m.summary)
            out.block("Decisions", m.decisions)
            let names = try store.contactNames(m.attendees.map(\.contactId))
            out.section("Attendees", m.attendees.map {
                "\(names[$0.contactId] ?? $0.contactId.uuidString)  (\(t.attendeeRoles.label($0.role)))  [\(short($0.contactId))]"
            })
            out.section("Follow-up actions", m.followUps.map {
                ($0.isDone ? "[done \($0.doneOn!)] " : "[open] ") + $0.action
                    + ($0.owner.isEmpty ? "" : " — \($0.owner)") + ($0.due.map { ", due \($0)" } ?? "")
            })
            out.section("Grievances raised", try store.records(Grievance.self, RecordQuery(link: .meeting(m.id), limit: 50))
                .map { "\($0.reference)  \($0.status.rawValue)  \(t.grievanceCategories.label($0.category))" })
            out.section("Feedback given", try store.records(Feedback.self, RecordQuery(link: .meeting(m.id), limit: 50))
                .map { "\($0.topic)  \($0.types.joined(separator: ", "))  [\(short($0.id))]" })
        case .grievance(let g):
            out.title("Grievance  \(g.reference)", g)
            out.field("Status", g.status.label)
            out.field("Raised on", g.raisedOn.description)
            if let contact = g.contactId {
                out.field("Raised by", try store.contactNames([contact])[contact] ?? contact.uuidString)
            } else {
                out.field("Raised by", "anonymous")
            }
            if let meeting = g.meetingId { out.field("At meeting", meeting.uuidString) }
            out.field("Place", [g.place, g.adm1, g.adm2].filter { !$0.isEmpty }.joined(separator: ", "))
            out.field("Category", t.grievanceCategories.label(g.category))
            out.field("Severity", g.severity.rawValue + (g.sensitive ? ", sensitive" : ""))
            let today = store.today()
            if let due = g.acknowledgeBy, g.status == .new {
                out.field("Acknowledge by", due.description + (due < today ? "  OVERDUE" : ""))
            }
            if let due = g.resolveBy, g.status.isOpen, g.status != .resolved {
                out.field("Resolve by", due.description + (due < today ? "  OVERDUE" : ""))
            }
            out.field("Referred to", g.referredTo)
            out.block("Description", g.description)
            out.block("Resolution", g.resolution)
            out.block("Rejection reason", g.rejectionReason)
            if let closed = g.loopClosedOn { out.field("Loop closed", "\(closed), \(g.loopClosedHow)") }
            out.section("History", g.history.map {
                "\($0.at)  \($0.from?.rawValue ?? "—") -> \($0.to.rawValue)  by \($0.by)"
                    + ($0.note.isEmpty ? "" : ": \($0.note)")
            })
        case .feedback(let f):
            out.title("Feedback  \(f.topic.isEmpty ? f.receivedOn.description : f.topic)", f)
            out.field("Received on", f.receivedOn.description)
            out.field("Channel", t.feedbackChannels.label(f.channel))
            out.field("Types", f.types.map(t.feedbackTypes.label).joined(separator: ", "))
            if let contact = f.contactId {
                out.field("From", try store.contactNames([contact])[contact] ?? contact.uuidString)
            } else {
                out.field("From", "anonymous")
            }
            if let meeting = f.meetingId { out.field("At meeting", meeting.uuidString) }
            out.field("Language", f.language)
            out.field("Sentiment", f.sentiment.map(String.init) ?? "")
            out.field("Perceived safety", f.perceivedSafety.map(String.init) ?? "")
            out.field("Trust", f.trust.map(String.init) ?? "")
            out.block("Text", f.text)
            out.block("Response", f.response)
            if let closed = f.loopClosedOn { out.field("Loop closed", closed.description) }
        }
        return out.text
    }

    private func short(_ id: UUID) -> String { String(id.uuidString.prefix(8)) }
}

/// Builds labelled, aligned text.
struct Lines {
    private(set) var lines: [String] = []
    var text: String { lines.joined(separator: "\n") }

    mutating func title(_ title: String, _ record: some Record) {
        lines.append(title)
        lines.append("  id \(record.id.uuidString), created \(record.createdAt), updated \(record.updatedAt)"
                     + (record.deletedAt.map { ", DELETED \($0)" } ?? ""))
        lines.append("")
    }

    mutating func field(_ label: String, _ value: String) {
        guard !value.isEmpty else { return }
        lines.append(CellWidth.fit(label, to: 18) + value)
    }

    mutating func block(_ label: String, _ value: String) {
        guard !value.isEmpty else { return }
        lines.append("")
        lines.append(label)
        lines.append(contentsOf: value.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 })
    }

    mutating func section(_ label: String, _ items: [String], counted: Bool = true) {
        guard !items.isEmpty else { return }
        lines.append("")
        lines.append(counted ? "\(label) (\(items.count))" : label)
        lines.append(contentsOf: items.map { "  " + $0 })
    }
}
