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
        /// The catalogue key of the column's title.
        public let titleKey: String
        /// What the column shows, and its identity within its kind.
        public let sortKey: RecordQuery.SortKey
        /// Narrowest useful width; a column that cannot get it is left out.
        public let minimum: Int
        /// Share of the spare width; zero keeps the minimum.
        public let flex: Int
        /// Lower shows first and goes last when the terminal is narrow.
        public let priority: Int

        init(_ titleKey: String, sortKey: RecordQuery.SortKey, minimum: Int, flex: Int, priority: Int) {
            self.titleKey = titleKey
            self.sortKey = sortKey
            self.minimum = minimum
            self.flex = flex
            self.priority = priority
        }

        /// The title in the catalogue's language.
        public func title(_ words: Catalogue) -> String { words.text(titleKey) }
    }

    public static func columns(_ kind: RecordKind) -> [Column] {
        switch kind {
        case .meeting: [
            Column("ui.column.start", sortKey: .date, minimum: 16, flex: 0, priority: 0),
            Column("ui.column.kind", sortKey: .kind, minimum: 12, flex: 1, priority: 3),
            Column("ui.column.title", sortKey: .title, minimum: 16, flex: 4, priority: 1),
            Column("ui.column.place", sortKey: .place, minimum: 10, flex: 1, priority: 2),
            Column("ui.column.people", sortKey: .people, minimum: 6, flex: 0, priority: 4),
        ]
        case .contact: [
            Column("ui.column.name", sortKey: .name, minimum: 16, flex: 3, priority: 0),
            Column("ui.column.local_name", sortKey: .localName, minimum: 12, flex: 2, priority: 2),
            Column("ui.column.role", sortKey: .role, minimum: 12, flex: 1, priority: 1),
            Column("ui.column.community", sortKey: .community, minimum: 10, flex: 1, priority: 3),
            Column("ui.column.sensitivity", sortKey: .sensitivity, minimum: 11, flex: 0, priority: 4),
        ]
        case .grievance: [
            Column("ui.column.reference", sortKey: .reference, minimum: 13, flex: 0, priority: 0),
            Column("ui.column.raised", sortKey: .date, minimum: 10, flex: 0, priority: 3),
            Column("ui.column.status", sortKey: .status, minimum: 12, flex: 0, priority: 1),
            Column("ui.column.severity", sortKey: .severity, minimum: 8, flex: 0, priority: 2),
            Column("ui.column.category", sortKey: .category, minimum: 14, flex: 2, priority: 4),
            Column("ui.column.place", sortKey: .place, minimum: 10, flex: 1, priority: 5),
        ]
        case .feedback: [
            Column("ui.column.received", sortKey: .date, minimum: 10, flex: 0, priority: 0),
            Column("ui.column.channel", sortKey: .channel, minimum: 10, flex: 1, priority: 2),
            Column("ui.column.mood", sortKey: .sentiment, minimum: 4, flex: 0, priority: 3),
            Column("ui.column.topic", sortKey: .topic, minimum: 16, flex: 3, priority: 1),
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

    /// A list row of a record, its codes worded in the catalogue's language.
    public static func row(_ record: some StoredRecord, taxonomies t: Taxonomies, today: Day,
                           words: Catalogue = .standard(.en)) -> RecordRow {
        let language = words.language
        switch record {
        case let m as Meeting:
            return RecordRow(id: m.id, values: [
                "\(m.start.localDay) \(m.start.localTime)", t.meetingKinds.label(m.kind, in: language),
                (m.earlyWarning ? "⚑ " : "") + m.title, m.place, String(max(m.headcount.total, m.attendees.count)),
            ], warning: m.earlyWarning)
        case let c as Contact:
            return RecordRow(id: c.id, values: [
                c.name, c.localName, t.contactRoles.label(c.role, in: language), c.community,
                ChoiceList.sensitivity.label(c.sensitivity.rawValue, t, words),
            ], warning: false)
        case let g as Grievance:
            return RecordRow(id: g.id, values: [
                g.reference, g.raisedOn.description, ChoiceList.status.label(g.status.rawValue, t, words),
                ChoiceList.severity.label(g.severity.rawValue, t, words),
                t.grievanceCategories.label(g.category, in: language), g.place,
            ], warning: g.isOverdue(asOf: today))
        case let f as Feedback:
            return RecordRow(id: f.id, values: [
                f.receivedOn.description, t.feedbackChannels.label(f.channel, in: language),
                f.sentiment.map { $0 > 0 ? "+\($0)" : "\($0)" } ?? "",
                f.topic.isEmpty ? f.types.map { t.feedbackTypes.label($0, in: language) }.joined(separator: ", ") : f.topic,
            ], warning: false)
        default:
            return RecordRow(id: record.id, values: [], warning: false)
        }
    }
}
