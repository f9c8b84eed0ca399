import Foundation
import LiaisonCore
import TerminalKit

/// The aligned columns of `liaison list`. Widths are fixed per column, so rows print as
/// they are read and stay aligned in any script (widths count terminal cells).
struct RecordTable {
    let kind: RecordKind
    let store: Store

    /// The width of each column, in terminal cells.
    private var widths: [Int] {
        switch kind {
        case .contact: [8, 24, 18, 16, 12, 11]
        case .meeting: [8, 16, 16, 36, 12, 6]
        case .grievance: [14, 10, 12, 8, 22, 12]
        case .feedback: [8, 10, 12, 20, 4, 24]
        }
    }

    /// The title of each column, in the language.
    private var titles: [String] {
        let columns = switch kind {
        case .contact: ["id", "name", "local_name", "role", "community", "sensitivity"]
        case .meeting: ["id", "start", "kind", "title", "place", "people"]
        case .grievance: ["reference", "raised", "status", "severity", "category", "place"]
        case .feedback: ["id", "received", "channel", "types", "mood", "topic"]
        }
        return columns.map { words.text("cli.list.column.\($0)") }
    }

    var header: String { line(titles) }

    /// A row: codes (status, severity, sensitivity) stay codes, as `liaison move` and
    /// `--json` take them; taxonomy values read in the language.
    func row(_ record: some StoredRecord) throws -> String {
        let t = store.taxonomies
        let language = words.language
        let shortId = record.id.shortText
        switch record {
        case let c as Contact:
            let deleted = c.isDeleted ? words.text("cli.list.deleted.contact") : ""
            return line([shortId, marked(c.name, deleted, column: 1), c.localName, t.contactRoles.label(c.role, in: language), c.community,
                         c.sensitivity.rawValue])
        case let m as Meeting:
            let deleted = m.isDeleted ? words.text("cli.list.deleted.meeting") : ""
            return line([shortId, "\(m.start.localDay) \(m.start.localTime)", t.meetingKinds.label(m.kind, in: language),
                         marked(m.title, deleted, column: 3), m.place, String(max(m.headcount.total, m.attendees.count))])
        case let g as Grievance:
            let deleted = g.isDeleted ? words.text("cli.list.deleted.grievance") : ""
            return line([g.reference, g.raisedOn.description, g.status.rawValue, g.severity.rawValue,
                         marked(t.grievanceCategories.label(g.category, in: language), deleted, column: 4), g.place])
        case let f as Feedback:
            let deleted = f.isDeleted ? words.text("cli.list.deleted.feedback") : ""
            return line([shortId, f.receivedOn.description, t.feedbackChannels.label(f.channel, in: language),
                         f.types.map { t.feedbackTypes.label($0, in: language) }.joined(separator: ", "),
                         f.sentiment.map { $0 > 0 ? "+\($0)" : "\($0)" } ?? "", marked(f.topic, deleted, column: 5)])
        default:
            return ""
        }
    }

    /// `value` cut to leave room for `mark` in its column, then the mark: a deleted record's
    /// mark is never what a narrow column cuts off. It goes in the row's widest text.
    private func marked(_ value: String, _ mark: String, column: Int) -> String {
        guard !mark.isEmpty, widths.indices.contains(column) else { return value }
        return CellWidth.truncate(value, to: max(0, widths[column] - CellWidth.of(mark))) + mark
    }

    private func line(_ values: [String]) -> String {
        let widths = self.widths
        return values.indices.map { index in
            index == widths.count - 1 ? CellWidth.truncate(values[index], to: widths[index])
                                      : CellWidth.fit(values[index], to: widths[index])
        }.joined(separator: "  ")
    }
}

/// Builds labelled, aligned text for `liaison stats`.
struct Lines {
    private(set) var lines: [String] = []
    var text: String { lines.joined(separator: "\n") }

    mutating func field(_ label: String, _ value: String) {
        guard !value.isEmpty else { return }
        lines.append(CellWidth.fit(label, to: 18) + value)
    }

    mutating func section(_ label: String, _ items: [String], counted: Bool = true) {
        guard !items.isEmpty else { return }
        lines.append("")
        lines.append(counted ? "\(label) (\(items.count))" : label)
        lines.append(contentsOf: items.map { "  " + $0 })
    }
}
