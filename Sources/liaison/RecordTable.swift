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
