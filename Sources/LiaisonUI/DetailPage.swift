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

    /// The label column: as wide as the page's longest label and two cells more, within
    /// bounds, so that French labels are not cut and short English ones do not sprawl.
    public var labelWidth: Int {
        let longest = lines.filter { $0.kind == .field }.map { CellWidth.of($0.label) }.max() ?? 0
        return min(max(longest + 2, 14), 26)
    }

    /// The page as plain text, as `liaison show` prints it.
    public var text: String {
        let labelWidth = labelWidth
        return ([title] + lines.map { line in
            switch line.kind {
            case .field: CellWidth.fit(line.label, to: labelWidth) + line.text
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
        let labelWidth = min(labelWidth, max(8, width / 3))
        for line in lines {
            // A label too wide for its column (a narrow terminal) takes a row of its own,
            // the value under it, rather than be cut into another label's likeness.
            if line.kind == .field, CellWidth.of(line.label) >= labelWidth {
                out.append(Row(line: line, text: line.label))
                for piece in Self.wrap(line.text, width: max(8, width - 2)) {
                    out.append(Row(line: line, text: "  " + piece))
                }
                continue
            }
            let indent = line.kind == .field ? labelWidth : (line.kind == .heading || line.kind == .blank ? 0 : 2)
            let first = line.kind == .field ? CellWidth.fit(line.label, to: labelWidth) : String(repeating: " ", count: indent)
            let pieces = Self.wrap(line.text, width: max(8, width - indent))
            for (number, piece) in pieces.enumerated() {
                out.append(Row(line: line, text: (number == 0 ? first : String(repeating: " ", count: indent)) + piece))
            }
        }
        return out
    }

    /// Text cut into rows of at most `width` cells, at spaces where possible.
    static func wrap(_ text: String, width: Int) -> [String] {
        text.isEmpty ? [""] : Wrapping.lines(text, width: width)
    }
}

/// A follow-up action shown on a meeting's page, and whether it is done.
public struct FollowUpMark: Sendable, Equatable {
    public var id: UUID
    public var done: Bool
}

/// Builds detail pages from the store: the record's fields as its schema lists them, then
/// everything linked to it, and last its id and stamps.
public struct DetailPageBuilder {
    let store: Store
    let words: Catalogue
    /// Whether the key of this fingerprint is revoked here: a record that came in a bundle
    /// it signed says so.
    public var isRevoked: (String) -> Bool = { _ in false }

    public init(store: Store, words: Catalogue = .standard(.en)) {
        self.store = store
        self.words = words
    }

    public func page(_ link: RecordLink) throws -> DetailPage? {
        try store.record(link.kind, id: link.id).map(page)
    }

    public func page(_ record: AnyRecord) throws -> DetailPage {
        var out = PageLines()
        let t = store.taxonomies
        let today = store.today()
        switch record {
        case .contact(let c):
            out.title = words.text("page.title.contact", ["name": c.name])
            try fields(&out, c, today, titled: Contact.Field.name.rawValue)
            try linked(&out, .contact(c.id), t, today)
            try provenance(&out, c)
            out.meta(c, words)
        case .meeting(let m):
            out.title = words.text("page.title.meeting", ["name": m.title])
            try fields(&out, m, today, titled: Meeting.Field.title.rawValue) { key in
                // The warning's note belongs with the flag.
                key != Meeting.Field.earlyWarningNote.rawValue || m.earlyWarning
            }
            try linked(&out, .meeting(m.id), t, today)
            try provenance(&out, m)
            out.meta(m, words)
        case .grievance(let g):
            out.title = words.text("page.title.grievance", ["name": g.reference])
            // A due date shows while its step is still to come, by the rule of overdue.
            try fields(&out, g, today, titled: Grievance.Field.reference.rawValue) { key in
                Grievance.Field(rawValue: key).map(g.isAwaiting) ?? true
            }
            try provenance(&out, g)
            out.meta(g, words)
        case .feedback(let f):
            out.title = words.text("page.title.feedback", ["name": f.topic.isEmpty ? f.receivedOn.description : f.topic])
            try fields(&out, f, today)
            try provenance(&out, f)
            out.meta(f, words)
        }
        // A deleted record says so where the eye starts, not only at the page's foot.
        if record.isDeleted { out.title += words.text("page.title.deleted.\(record.kind.rawValue)") }
        return DetailPage(title: out.title, lines: out.lines)
    }

    /// Which officer, device and bundle the record came from, when it came in a bundle.
    private func provenance<R: Record>(_ out: inout PageLines, _ record: R) throws {
        guard let from = try store.provenance(R.kind, id: record.id) else { return }
        out.lines.append(.blank)
        out.lines.append(.init(kind: .text, label: "", text: words.text("page.provenance", [
            "officer": from.officer, "prefix": from.prefix, "sequence": String(from.sequence), "bundle": from.bundle,
            "time": words.instant(from.importedAt),
        ]), warning: false, link: nil))
        if isRevoked(from.signer) {
            out.lines.append(.init(kind: .text, label: "", text: words.text("page.provenance.revoked", ["fingerprint": from.signer]),
                                   warning: true, link: nil))
        }
    }

    /// The lines of every field the officer reads, in schema order: short values on a line
    /// of their own, long text under a heading, links that open, and child rows as lists.
    /// The field already in the page's title (`titled`) is left out, flags show only when
    /// set, and the counts of a section (a headcount) share one line.
    private func fields<R: SchemaRecord>(_ out: inout PageLines, _ record: R, _ today: Day, titled: String = "",
                                         shows: (String) -> Bool = { _ in true }) throws {
        let t = store.taxonomies
        var counts: (label: String, parts: [String])?
        for spec in R.schema where spec.shown != .never && spec.json != titled && shows(spec.json) {
            let label = words.text(spec.label)
            let value = spec.value(of: record)
            if case .number(let count?) = value, spec.picker == nil, !spec.optional {
                if let section = spec.section { counts = (words.text(section), []) }
                if counts != nil {
                    counts?.parts.append("\(label) \(words.number(count))")
                    continue
                }
            }
            if let group = counts {
                out.field(group.label, group.parts.joined(separator: " · "))
                counts = nil
            }
            switch (spec.type, value) {
            case (.line, .text(let text)): out.field(label, text)
            case (.block, .text(let text)): out.block(label, text)
            case (.list, .texts(let texts)): out.field(label, texts.joined(separator: ", "))
            case (.day, .day(let day?)):
                // A due date the officer does not set is late once past.
                let late = spec.role == .data && spec.shown == .onPage && day < today
                out.field(label, words.day(day) + (late ? "  " + words.text("page.overdue") : ""), warning: late)
            case (.moment, .moment(let moment)): out.field(label, words.moment(moment))
            case (.minutes, .number(let minutes?)): out.field(label, words.plural("value.minutes", count: minutes))
            case (.number, .number(let number?)):
                out.field(label, spec.picker.map { $0.label(String(number), t, words) } ?? words.number(number))
            case (.decimal, .decimal(let number?)): out.field(label, "\(number)")
            case (.flag, .flag(true)):
                out.field(label, words.text("value.yes"), warning: spec.json == Meeting.Field.earlyWarning.rawValue)
            case (.choice(let list), .code(let code?)):
                out.field(label, list.label(code, t, words), warning: list == .sensitivity && code == "protected")
            case (.choices(let list), .codes(let codes)):
                out.field(label, codes.map { list.label($0, t, words) }.joined(separator: ", "))
            case (.link(.contact), .id(let id)):
                if let id {
                    out.field(label, try store.contactNames([id], withLocalNames: true)[id] ?? words.text("value.unknown_contact"),
                              link: RecordLink(.contact, id))
                } else {
                    out.field(label, words.text("value.anonymous"))
                }
            case (.link(.meeting), .id(let id?)):
                out.field(label, try store.record(Meeting.self, id: id).map { "\(words.day($0.start.localDay))  \($0.title)" }
                          ?? id.uuidString, link: RecordLink(.meeting, id))
            case (.attendees, .attendees(let attendees)):
                let names = try store.contactNames(attendees.map(\.contactId), withLocalNames: true)
                out.section(label, attendees.map {
                    ("\(names[$0.contactId] ?? $0.contactId.uuidString)  (\(t.attendeeRoles.label($0.role, in: words.language)))",
                     RecordLink(.contact, $0.contactId), false)
                }, words)
            case (.followUps, .followUps(let followUps)):
                out.section(label, followUps.map { followUp in
                    let overdue = !followUp.isDone && (followUp.due.map { $0 < today } ?? false)
                    let mark = followUp.doneOn.map { words.text("page.follow_up.done", ["day": words.day($0)]) }
                        ?? words.text(overdue ? "page.follow_up.overdue" : "page.follow_up.open")
                    let text = mark + " " + followUp.action + (followUp.owner.isEmpty ? "" : " — \(followUp.owner)")
                        + (followUp.due.map { ", " + words.text("page.follow_up.due", ["day": words.day($0)]) } ?? "")
                    return (text, nil, overdue)
                }, words, followUps: followUps.map { FollowUpMark(id: $0.id, done: $0.isDone) })
            case (.history, .history(let events)):
                let status = ChoiceList.status
                out.section(label, events.map {
                    (words.instant($0.at) + "  \($0.from.map { status.label($0.rawValue, t, words) } ?? "—") → "
                        + "\(status.label($0.to.rawValue, t, words))  " + words.text("page.by", ["name": $0.by])
                        + ($0.note.isEmpty ? "" : ": \($0.note)"),
                     nil, false)
                }, words)
            default: continue
            }
        }
        if let group = counts { out.field(group.label, group.parts.joined(separator: " · ")) }
    }

    /// The meetings, grievances and feedback linked to a contact or a meeting.
    private func linked(_ out: inout PageLines, _ link: RecordQuery.Link, _ t: Taxonomies, _ today: Day) throws {
        var atMeeting = false
        if case .meeting = link { atMeeting = true }
        if !atMeeting {
            out.section(words.text("page.meetings"), try store.records(Meeting.self, RecordQuery(link: link, limit: 50)).map {
                ("\(words.day($0.start.localDay))  \($0.title)", RecordLink(.meeting, $0.id), false)
            }, words)
        }
        out.section(words.text(atMeeting ? "page.grievances_raised" : "page.grievances"), try store.records(
            Grievance.self, RecordQuery(link: link, limit: 50)).map {
            ("\($0.reference)  \(ChoiceList.status.label($0.status.rawValue, t, words))  "
                + t.grievanceCategories.label($0.category, in: words.language),
             RecordLink(.grievance, $0.id), $0.isOverdue(asOf: today))
        }, words)
        let types = { (codes: [String]) in codes.map { t.feedbackTypes.label($0, in: self.words.language) } }
        out.section(words.text(atMeeting ? "page.feedback_given" : "page.feedback"),
                    try store.records(Feedback.self, RecordQuery(link: link, limit: 50)).map {
            ("\(words.day($0.receivedOn))  \($0.topic.isEmpty ? types($0.types).joined(separator: ", ") : $0.topic)",
             RecordLink(.feedback, $0.id), false)
        }, words)
    }
}

/// Collects the lines of a page.
private struct PageLines {
    var title = ""
    var lines: [DetailPage.Line] = []

    /// The id and stamps, last: what the officer rarely needs.
    mutating func meta(_ record: some Record, _ words: Catalogue) {
        lines.append(.blank)
        let stamps = words.text("page.stamps", ["created": words.instant(record.createdAt),
                                                "updated": words.instant(record.updatedAt)])
        lines.append(.init(kind: .text, label: "", text: stamps, warning: false, link: nil))
        if let deleted = record.deletedAt {
            lines.append(.init(kind: .text, label: "", text: words.text("page.deleted_on", ["deleted": words.instant(deleted)]),
                               warning: true, link: nil))
        }
        lines.append(.init(kind: .text, label: "", text: words.text("page.id", ["id": record.id.uuidString]),
                           warning: false, link: nil))
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

    mutating func section(_ label: String, _ items: [(String, RecordLink?, Bool)], _ words: Catalogue,
                          followUps: [FollowUpMark] = []) {
        guard !items.isEmpty else { return }
        lines.append(.blank)
        lines.append(.init(kind: .heading, label: "",
                           text: words.text("page.section", ["label": label, "count": words.number(items.count)]),
                           warning: false, link: nil))
        for (index, item) in items.enumerated() {
            lines.append(.init(kind: .item, label: "", text: item.0, warning: item.2, link: item.1,
                               followUp: followUps.indices.contains(index) ? followUps[index] : nil))
        }
    }
}
