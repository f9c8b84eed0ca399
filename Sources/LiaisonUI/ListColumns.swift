import Foundation
import LiaisonCore
import TerminalKit

/// One row of a list, formatted once when its page is read.
public struct RecordRow: Sendable, Equatable {
    public var id: UUID
    /// One value per column of the kind, in `ListColumns.columns(kind)` order.
    public var values: [String]
    /// Shown in the warning style: an overdue grievance, an early-warning meeting.
    public var warning: Bool
}

/// The columns of each kind's list and how they share the width.
public enum ListColumns {
    public struct Column: Sendable, Equatable {
        public let title: String
        public let sortKey: RecordQuery.SortKey
        /// Narrowest useful width; a column that cannot get it is left out.
        public let minimum: Int
        /// Share of the spare width; zero keeps the minimum.
        public let flex: Int
        /// Lower shows first and goes last when the terminal is narrow.
        public let priority: Int
    }

    public static func columns(_ kind: RecordKind) -> [Column] {
        switch kind {
        case .meeting: [
            Column(title: "Start", sortKey: .date, minimum: 16, flex: 0, priority: 0),
            Column(title: "Kind", sortKey: .kind, minimum: 12, flex: 1, priority: 3),
            Column(title: "Title", sortKey: .title, minimum: 16, flex: 4, priority: 1),
            Column(title: "Place", sortKey: .place, minimum: 10, flex: 1, priority: 2),
            Column(title: "People", sortKey: .people, minimum: 6, flex: 0, priority: 4),
        ]
        case .contact: [
            Column(title: "Name", sortKey: .name, minimum: 16, flex: 3, priority: 0),
            Column(title: "Local name", sortKey: .localName, minimum: 12, flex: 2, priority: 2),
            Column(title: "Role", sortKey: .role, minimum: 12, flex: 1, priority: 1),
            Column(title: "Community", sortKey: .community, minimum: 10, flex: 1, priority: 3),
            Column(title: "Sensitivity", sortKey: .sensitivity, minimum: 11, flex: 0, priority: 4),
        ]
        case .grievance: [
            Column(title: "Reference", sortKey: .reference, minimum: 13, flex: 0, priority: 0),
            Column(title: "Raised", sortKey: .date, minimum: 10, flex: 0, priority: 3),
            Column(title: "Status", sortKey: .status, minimum: 12, flex: 0, priority: 1),
            Column(title: "Severity", sortKey: .severity, minimum: 8, flex: 0, priority: 2),
            Column(title: "Category", sortKey: .category, minimum: 14, flex: 2, priority: 4),
            Column(title: "Place", sortKey: .place, minimum: 10, flex: 1, priority: 5),
        ]
        case .feedback: [
            Column(title: "Received", sortKey: .date, minimum: 10, flex: 0, priority: 0),
            Column(title: "Channel", sortKey: .channel, minimum: 10, flex: 1, priority: 2),
            Column(title: "Mood", sortKey: .sentiment, minimum: 4, flex: 0, priority: 3),
            Column(title: "Topic", sortKey: .topic, minimum: 16, flex: 3, priority: 1),
        ]
        }
    }

    /// The columns that fit in `width` cells (with one space between), and the width each
    /// gets: the columns by priority while their minimums fit, the spare width shared by
    /// flex. The indexes are into `columns(kind)`, in their order.
    public static func layout(_ kind: RecordKind, width: Int) -> [(index: Int, width: Int)] {
        let all = columns(kind)
        var chosen: [Int] = []
        var used = 0
        for index in all.indices.sorted(by: { all[$0].priority < all[$1].priority }) {
            let needed = all[index].minimum + (chosen.isEmpty ? 0 : 1)
            if used + needed <= width { chosen.append(index); used += needed }
        }
        if chosen.isEmpty, width > 0, let first = all.indices.first { return [(first, width)] }
        chosen.sort()
        let spare = width - used
        let flexTotal = chosen.reduce(0) { $0 + all[$1].flex }
        var widths = chosen.map { all[$0].minimum }
        if flexTotal > 0 {
            var given = 0
            for (position, index) in chosen.enumerated() where all[index].flex > 0 {
                let share = spare * all[index].flex / flexTotal
                widths[position] += share
                given += share
            }
            if let last = chosen.lastIndex(where: { all[$0].flex > 0 }) { widths[last] += spare - given }
        } else if !widths.isEmpty {
            widths[widths.count - 1] += spare
        }
        return zip(chosen, widths).map { ($0, $1) }
    }

    // MARK: - Rows

    /// A list row of a record.
    public static func row(_ record: some StoredRecord, taxonomies t: Taxonomies, today: Day) -> RecordRow {
        switch record {
        case let m as Meeting:
            RecordRow(id: m.id, values: [
                "\(m.start.localDay) \(m.start.localTime)", t.meetingKinds.label(m.kind),
                (m.earlyWarning ? "⚑ " : "") + m.title, m.place, String(max(m.headcount.total, m.attendees.count)),
            ], warning: m.earlyWarning)
        case let c as Contact:
            RecordRow(id: c.id, values: [
                c.name, c.localName, t.contactRoles.label(c.role), c.community, c.sensitivity.rawValue,
            ], warning: false)
        case let g as Grievance:
            RecordRow(id: g.id, values: [
                g.reference, g.raisedOn.description, g.status.label, g.severity.rawValue,
                t.grievanceCategories.label(g.category), g.place,
            ], warning: g.isOverdue(asOf: today))
        case let f as Feedback:
            RecordRow(id: f.id, values: [
                f.receivedOn.description, t.feedbackChannels.label(f.channel),
                f.sentiment.map { $0 > 0 ? "+\($0)" : "\($0)" } ?? "",
                f.topic.isEmpty ? f.types.map(t.feedbackTypes.label).joined(separator: ", ") : f.topic,
            ], warning: false)
        default:
            RecordRow(id: record.id, values: [], warning: false)
        }
    }
}
