import Foundation
import LiaisonCore
import TerminalKit

/// The conflicts waiting at base, one at a time: for each field in question base's value
/// beside the field's, and the side chosen for it.
public struct ConflictsState: Sendable, Equatable {
    public var views: [ConflictView] = []
    public var loaded = false
    /// The conflict shown.
    public var index = 0
    /// The field under the cursor.
    public var cursor = 0
    /// The sides chosen so far, by conflict number and field.
    public var choices: [Int64: [String: ConflictSide]] = [:]
    /// The resolution is being written.
    public var working = false

    public init() {}

    var current: ConflictView? { views.indices.contains(index) ? views[index] : nil }

    /// The fields of the conflict shown that have no side yet.
    var unchosen: [ConflictView.Row] {
        guard let current else { return [] }
        return current.rows.filter { choices[current.conflict.id]?[$0.key] == nil }
    }

    func chosen(_ row: ConflictView.Row) -> ConflictSide? {
        current.flatMap { choices[$0.conflict.id]?[row.key] }
    }
}

/// What the officer asked of the conflicts.
enum ConflictRequest {
    case resolve(Int64, [String: ConflictSide])
    /// Every field needs a side first.
    case incomplete
}

extension ConflictsState {
    mutating func perform(_ command: Command) -> LayerOutcome<ConflictRequest> {
        let rows = current?.rows.count ?? 0
        switch command {
        case .down: cursor = min(max(0, rows - 1), cursor + 1)
        case .up: cursor = max(0, cursor - 1)
        case .pageDown, .nextLink:
            index = min(max(0, views.count - 1), index + 1)
            cursor = 0
        case .pageUp, .previousLink:
            index = max(0, index - 1)
            cursor = 0
        case .keepMine, .takeTheirs:
            guard let current, current.rows.indices.contains(cursor) else { return .stay }
            choices[current.conflict.id, default: [:]][current.rows[cursor].key] = command == .keepMine ? .base : .field
            // On to the next field without a side, as a form moves on.
            if cursor + 1 < rows { cursor += 1 }
        case .confirm, .save:
            guard let current, !working else { return .stay }
            guard unchosen.isEmpty else { return .chose(.incomplete) }
            return .chose(.resolve(current.conflict.id, choices[current.conflict.id] ?? [:]))
        case .back, .quit: return .close
        default: return .notHandled
        }
        return .stay
    }
}

extension AppState {
    /// `c` on the Export tab: the conflicts waiting for a choice.
    mutating func showConflicts() -> [Effect] {
        conflictsView = ConflictsState()
        return [.loadConflicts]
    }

    mutating func performInConflicts(_ command: Command) -> [Effect] {
        guard var view = conflictsView else { return [] }
        if command == .refresh { return [.loadConflicts] }
        switch view.perform(command) {
        case .stay:
            conflictsView = view
        case .close:
            conflictsView = nil
        case .chose(.incomplete):
            conflictsView = view
            let fields = view.unchosen.map(\.label).joined(separator: ", ")
            status = StatusLine(text: words.text("ui.conflicts.choose_all", ["fields": fields]), isError: true)
        case .chose(.resolve(let id, let choices)):
            view.working = true
            conflictsView = view
            return [.resolveConflict(id, choices)]
        case .notHandled:
            break
        }
        return []
    }

    mutating func conflictsMessage(_ message: Message) -> [Effect] {
        switch message {
        case .conflictsLoaded(let views):
            guard var view = conflictsView else { return [] }
            let shown = view.current?.conflict.id
            view.views = views
            view.loaded = true
            view.working = false
            // The same conflict stays in view when it is still open; else the one in its place.
            view.index = views.firstIndex { $0.conflict.id == shown } ?? min(view.index, max(0, views.count - 1))
            view.cursor = min(view.cursor, max(0, (view.current?.rows.count ?? 1) - 1))
            view.choices = view.choices.filter { id, _ in views.contains { $0.conflict.id == id } }
            conflictsView = view
            return []
        case .conflictResolved(let sentence, let isError):
            status = StatusLine(text: sentence, isError: isError)
            if var view = conflictsView {
                view.working = false
                conflictsView = view
            }
            return isError ? [] : [.loadConflicts, .loadHeader]
        default:
            return []
        }
    }
}

/// Draws the conflict shown: its heading, then a row per field with base's value and the
/// field's side by side, the chosen one marked.
enum ConflictsScreen {
    static func draw(_ view: ConflictsState, words: Catalogue, in area: Rect, into buffer: inout ScreenBuffer) {
        guard view.loaded else {
            buffer.put(words.text("ui.conflicts.reading"), x: area.x + 1, y: area.y, style: .dim)
            return
        }
        guard let current = view.current else {
            buffer.put(fitting: words.text("ui.conflicts.none"), x: area.x + 1, y: area.y, width: area.width - 2, style: .dim)
            return
        }
        var y = area.y
        // Which of how many first, so it is never the part cut off.
        let position = words.text("ui.conflicts.position", ["n": String(view.index + 1), "count": String(view.views.count)])
        for line in clipped(DetailPage.wrap(position + " · " + current.heading, width: max(1, area.width - 2)), rows: 2) {
            buffer.put(fitting: line, x: area.x + 1, y: y, width: area.width - 2, style: .title)
            y += 1
        }
        let labelWidth = min(max(8, current.rows.map { CellWidth.of($0.label) }.max() ?? 8), max(8, area.width / 4))
        let sideWidth = max(4, (area.width - labelWidth - 6) / 2)
        let baseX = area.x + 2 + labelWidth + 1
        let fieldX = baseX + sideWidth + 1
        buffer.put(fitting: CellWidth.fit(words.text("ui.conflicts.header.field"), to: labelWidth), x: area.x + 2, y: y,
                   width: labelWidth, style: .header)
        buffer.put(fitting: words.text("ui.conflicts.header.base"), x: baseX, y: y, width: sideWidth, style: .header)
        buffer.put(fitting: words.text("ui.conflicts.header.from_field", ["officer": current.conflict.officer]), x: fieldX, y: y,
                   width: area.maxX - fieldX, style: .header)
        y += 1
        let hint = DetailPage.wrap(view.working ? words.text("ui.conflicts.working")
            : view.unchosen.isEmpty ? words.text("ui.conflicts.ready") : words.text("ui.conflicts.hint"), width: max(1, area.width - 2))
        let hintRows = min(2, hint.count)
        for (index, row) in current.rows.enumerated() {
            // Values wrap on up to four rows each; a longer one says it goes on. The side
            // chosen is marked with a tick, not by colour alone.
            let chosen = view.chosen(row) ?? row.chosen
            let base = clipped(DetailPage.wrap(row.base, width: max(1, sideWidth - 2)), rows: 4)
                .enumerated().map { ($0.offset == 0 && chosen == .base ? "✓ " : "  ") + $0.element }
            let field = clipped(DetailPage.wrap(row.field, width: max(1, area.maxX - fieldX - 2)), rows: 4)
                .enumerated().map { ($0.offset == 0 && chosen == .field ? "✓ " : "  ") + $0.element }
            let height = max(base.count, field.count, 1)
            guard y + height <= area.maxY - hintRows else { break }
            let marker = index == view.cursor ? "▸" : " "
            buffer.put(marker, x: area.x, y: y, style: .title)
            buffer.put(fitting: row.label, x: area.x + 2, y: y, width: labelWidth, style: index == view.cursor ? .selection : .header)
            for (offset, line) in base.enumerated() {
                buffer.put(fitting: line, x: baseX, y: y + offset, width: sideWidth, style: chosen == .base ? .selection : chosen == nil ? .text : .dim)
            }
            for (offset, line) in field.enumerated() {
                buffer.put(fitting: line, x: fieldX, y: y + offset, width: area.maxX - fieldX,
                           style: chosen == .field ? .selection : chosen == nil ? .text : .dim)
            }
            y += height
        }
        for (offset, line) in clipped(hint, rows: hintRows).enumerated() {
            buffer.put(fitting: line, x: area.x + 1, y: area.maxY - hintRows + offset, width: area.width - 2, style: .dim)
        }
    }

    /// At most `rows` lines; the last says with … that the text goes on.
    static func clipped(_ lines: [String], rows: Int) -> [String] {
        guard lines.count > rows, rows > 0 else { return lines }
        var kept = Array(lines.prefix(rows))
        kept[rows - 1] = String(kept[rows - 1].dropLast(min(2, kept[rows - 1].count))) + " …"
        return kept
    }
}
