import Foundation
import LiaisonCore
import TerminalKit

/// Everything about one record as lines to read, with links to the records it names.
public struct DetailPage: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public enum Kind: Sendable, Equatable { case field, heading, text, item, blank }

        public var kind: Kind
        public var label: String
        public var text: String
        public var warning: Bool
        public var link: RecordLink?
        /// The follow-up action on this line, which `x` marks done.
        public var followUp: FollowUpMark? = nil

        static let blank = Line(kind: .blank, label: "", text: "", warning: false, link: nil)
    }

    public var title: String
    public var lines: [Line]

    /// The page as plain text, as `liaison show` prints it.
    public var text: String {
        ([title] + lines.map { line in
            switch line.kind {
            case .field: CellWidth.fit(line.label, to: 18) + line.text
            case .heading: line.text
            case .text, .item: "  " + line.text
            case .blank: ""
            }
        }).joined(separator: "\n")
    }

    /// A row of the page on the screen: the line it belongs to and its text.
    public struct Row: Sendable, Equatable {
        public var line: Line
        public var text: String
    }

    /// The lines wrapped to a width: long text continues on the next rows, indented. The
    /// screen and its cursor work on these.
    public func wrapped(width: Int) -> [Row] {
        var out: [Row] = []
        for line in lines {
            let indent = line.kind == .field ? 18 : (line.kind == .heading || line.kind == .blank ? 0 : 2)
            let first = line.kind == .field ? CellWidth.fit(line.label, to: 18) : String(repeating: " ", count: indent)
            let pieces = Self.wrap(line.text, width: max(8, width - indent))
            for (number, piece) in pieces.enumerated() {
                out.append(Row(line: line, text: (number == 0 ? first : String(repeating: " ", count: indent)) + piece))
            }
        }
        return out
    }

    /// Text cut into rows of at most `width` cells, at spaces where possible.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard !text.isEmpty else { return [""] }
        var rows: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var row = ""
            var rowWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                let wordWidth = CellWidth.of(word)
                if rowWidth > 0, rowWidth + 1 + wordWidth > width {
                    rows.append(row)
                    row = ""
                    rowWidth = 0
                }
                if rowWidth > 0 { row += " "; rowWidth += 1 }
                var rest = Substring(word)
                while CellWidth.of(rest) > width - rowWidth {
                    var piece = ""
                    var pieceWidth = 0
                    for character in rest {
                        let cells = CellWidth.of(character)
                        if rowWidth + pieceWidth + cells > width { break }
                        piece.append(character)
                        pieceWidth += cells
                    }
                    if piece.isEmpty && rowWidth == 0 { piece = String(rest.first!) }
                    rows.append(row + piece)
                    row = ""
                    rowWidth = 0
                    rest = rest.dropFirst(piece.count)
                }
                row += rest
                rowWidth += CellWidth.of(rest)
            }
            rows.append(row)
        }
        return rows
    }
}

/// A follow-up action shown on a meeting's page, and whether it is done.
public struct FollowUpMark: Sendable, Equatable {
    public var id: UUID
    public var done: Bool
}

/// Builds detail pages from the store: the record, then everything linked to it.
public struct DetailPageBuilder {
    let store: Store

    public init(store: Store) { self.store = store }

    public func page(_ link: RecordLink) throws -> DetailPage? {
        switch link.kind {
        case .contact: try store.record(Contact.self, id: link.id).map { try page(.contact($0)) }
        case .meeting: try store.record(Meeting.self, id: link.id).map { try page(.meeting($0)) }
        case .grievance: try store.record(Grievance.self, id: link.id).map { try page(.grievance($0)) }
        case .feedback: try store.record(Feedback.self, id: link.id).map { try page(.feedback($0)) }
        }
    }

    public func page(_ record: AnyRecord) throws -> DetailPage {
        var out = PageLines()
        let t = store.taxonomies
        let today = store.today()
        switch record {
        case .contact(let c):
            out.title = "Contact  \(c.name)"
            out.meta(c)
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
            out.field("Sensitivity", c.sensitivity.rawValue, warning: c.sensitivity == .protected)
            out.field("Consent", [c.consent.rawValue, c.consentDate?.description ?? "", c.consentScope?.rawValue ?? ""]
                .filter { !$0.isEmpty }.joined(separator: ", "))
            out.block("Notes", c.notes)
            try linked(&out, .contact(c.id), t, today)
        case .meeting(let m):
            out.title = "Meeting  \(m.title)"
            out.meta(m)
            out.field("Kind", t.meetingKinds.label(m.kind))
            out.field("Start", m.start.description + (m.durationMinutes.map { ", \($0) minutes" } ?? ""))
            out.field("Place", [m.place, m.adm1, m.adm2].filter { !$0.isEmpty }.joined(separator: ", "))
            if let lat = m.latitude, let lon = m.longitude { out.field("Position", "\(lat), \(lon)") }
            out.field("Languages", m.languages.joined(separator: ", "))
            out.field("Interpreter", m.interpreter)
            let h = m.headcount
            out.field("Headcount", "\(h.women) women, \(h.men) men, \(h.girls) girls, \(h.boys) boys")
            if m.earlyWarning { out.field("Early warning", m.earlyWarningNote.isEmpty ? "yes" : m.earlyWarningNote, warning: true) }
            out.block("Summary", m.summary)
            out.block("Decisions", m.decisions)
            let names = try store.contactNames(m.attendees.map(\.contactId))
            out.section("Attendees", m.attendees.map {
                ("\(names[$0.contactId] ?? $0.contactId.uuidString)  (\(t.attendeeRoles.label($0.role)))",
                 RecordLink(.contact, $0.contactId), false)
            })
            out.section("Follow-up actions", m.followUps.map { followUp in
                let overdue = !followUp.isDone && (followUp.due.map { $0 < today } ?? false)
                let text = (followUp.isDone ? "[done \(followUp.doneOn!)] " : overdue ? "[OVERDUE] " : "[open] ")
                    + followUp.action + (followUp.owner.isEmpty ? "" : " — \(followUp.owner)")
                    + (followUp.due.map { ", due \($0)" } ?? "")
                return (text, nil, overdue)
            }, followUps: m.followUps.map { FollowUpMark(id: $0.id, done: $0.isDone) })
            try linked(&out, .meeting(m.id), t, today)
        case .grievance(let g):
            out.title = "Grievance  \(g.reference)"
            out.meta(g)
            out.field("Status", g.status.label)
            out.field("Raised on", g.raisedOn.description)
            try origin(&out, contactLabel: "Raised by", contact: g.contactId, meeting: g.meetingId)
            out.field("Place", [g.place, g.adm1, g.adm2].filter { !$0.isEmpty }.joined(separator: ", "))
            out.field("Category", t.grievanceCategories.label(g.category))
            out.field("Severity", g.severity.rawValue + (g.sensitive ? ", sensitive" : ""))
            if let due = g.acknowledgeBy, g.status == .new {
                out.field("Acknowledge by", due.description + (due < today ? "  OVERDUE" : ""), warning: due < today)
            }
            if let due = g.resolveBy, g.status.isOpen, g.status != .resolved {
                out.field("Resolve by", due.description + (due < today ? "  OVERDUE" : ""), warning: due < today)
            }
            out.field("Referred to", g.referredTo)
            out.block("Description", g.description)
            out.block("Resolution", g.resolution)
            out.block("Rejection reason", g.rejectionReason)
            if let closed = g.loopClosedOn { out.field("Loop closed", "\(closed), \(g.loopClosedHow)") }
            out.section("History", g.history.map {
                ("\($0.at)  \($0.from?.label ?? "—") → \($0.to.label)  by \($0.by)" + ($0.note.isEmpty ? "" : ": \($0.note)"),
                 nil, false)
            })
        case .feedback(let f):
            out.title = "Feedback  \(f.topic.isEmpty ? f.receivedOn.description : f.topic)"
            out.meta(f)
            out.field("Received on", f.receivedOn.description)
            out.field("Channel", t.feedbackChannels.label(f.channel))
            out.field("Types", f.types.map(t.feedbackTypes.label).joined(separator: ", "))
            try origin(&out, contactLabel: "From", contact: f.contactId, meeting: f.meetingId)
            out.field("Language", f.language)
            out.field("Sentiment", f.sentiment.map(String.init) ?? "")
            out.field("Perceived safety", f.perceivedSafety.map(String.init) ?? "")
            out.field("Trust", f.trust.map(String.init) ?? "")
            out.block("Text", f.text)
            out.block("Response", f.response)
            if let closed = f.loopClosedOn { out.field("Loop closed", closed.description) }
        }
        return DetailPage(title: out.title, lines: out.lines)
    }

    /// Who raised a grievance or gave feedback (or anonymous), and at which meeting, as links.
    private func origin(_ out: inout PageLines, contactLabel: String, contact: UUID?, meeting: UUID?) throws {
        if let contact {
            out.field(contactLabel, try store.contactNames([contact])[contact] ?? contact.uuidString,
                      link: RecordLink(.contact, contact))
        } else {
            out.field(contactLabel, "anonymous")
        }
        if let meeting {
            out.field("At meeting", try store.record(Meeting.self, id: meeting).map { "\($0.start.localDay)  \($0.title)" }
                      ?? meeting.uuidString, link: RecordLink(.meeting, meeting))
        }
    }

    /// The meetings, grievances and feedback linked to a contact or a meeting.
    private func linked(_ out: inout PageLines, _ link: RecordQuery.Link, _ t: Taxonomies, _ today: Day) throws {
        var atMeeting = false
        if case .meeting = link { atMeeting = true }
        if !atMeeting {
            out.section("Meetings", try store.records(Meeting.self, RecordQuery(link: link, limit: 50)).map {
                ("\($0.start.localDay)  \($0.title)", RecordLink(.meeting, $0.id), false)
            })
        }
        out.section(atMeeting ? "Grievances raised" : "Grievances", try store.records(
            Grievance.self, RecordQuery(link: link, limit: 50)).map {
            ("\($0.reference)  \($0.status.label)  \(t.grievanceCategories.label($0.category))",
             RecordLink(.grievance, $0.id), $0.isOverdue(asOf: today))
        })
        out.section(atMeeting ? "Feedback given" : "Feedback", try store.records(Feedback.self, RecordQuery(link: link, limit: 50)).map {
            ("\($0.receivedOn)  \($0.topic.isEmpty ? $0.types.map(t.feedbackTypes.label).joined(separator: ", ") : $0.topic)",
             RecordLink(.feedback, $0.id), false)
        })
    }
}

/// Collects the lines of a page.
private struct PageLines {
    var title = ""
    var lines: [DetailPage.Line] = []

    mutating func meta(_ record: some Record) {
        lines.append(.init(kind: .text, label: "", text: "id \(record.id.uuidString)", warning: false, link: nil))
        lines.append(.init(kind: .text, label: "", text: "created \(record.createdAt), updated \(record.updatedAt)"
                           + (record.deletedAt.map { ", DELETED \($0)" } ?? ""), warning: record.deletedAt != nil,
                           link: nil))
        lines.append(.blank)
    }

    mutating func field(_ label: String, _ value: String, warning: Bool = false, link: RecordLink? = nil) {
        guard !value.isEmpty else { return }
        lines.append(.init(kind: .field, label: label, text: value, warning: warning, link: link))
    }

    mutating func block(_ label: String, _ value: String) {
        guard !value.isEmpty else { return }
        lines.append(.blank)
        lines.append(.init(kind: .heading, label: "", text: label, warning: false, link: nil))
        lines.append(.init(kind: .text, label: "", text: value, warning: false, link: nil))
    }

    mutating func section(_ label: String, _ items: [(String, RecordLink?, Bool)], followUps: [FollowUpMark] = []) {
        guard !items.isEmpty else { return }
        lines.append(.blank)
        lines.append(.init(kind: .heading, label: "", text: "\(label) (\(items.count))", warning: false, link: nil))
        for (index, item) in items.enumerated() {
            lines.append(.init(kind: .item, label: "", text: item.0, warning: item.2, link: item.1,
                               followUp: followUps.indices.contains(index) ? followUps[index] : nil))
        }
    }
}
