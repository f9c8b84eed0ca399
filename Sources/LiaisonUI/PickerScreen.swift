import Foundation
import LiaisonCore
import TerminalKit

/// A box over the screen with a frame and a title.
enum Box {
    /// Draws the frame and returns the inside.
    static func draw(_ box: Rect, title: String, into buffer: inout ScreenBuffer) -> Rect {
        buffer.fill(box)
        let horizontal = String(repeating: "─", count: max(0, box.width - 2))
        buffer.put("┌" + horizontal + "┐", x: box.x, y: box.y)
        buffer.put("└" + horizontal + "┘", x: box.x, y: box.maxY - 1)
        for y in (box.y + 1)..<max(box.y + 1, box.maxY - 1) {
            buffer.put("│", x: box.x, y: y)
            buffer.put("│", x: box.maxX - 1, y: y)
        }
        buffer.put(" " + CellWidth.truncate(title, to: max(1, box.width - 6)) + " ", x: box.x + 2, y: box.y, style: .title)
        return Rect(x: box.x + 1, y: box.y + 1, width: max(0, box.width - 2), height: max(0, box.height - 2))
    }
}

/// The list to choose from, with what is typed to narrow it.
enum PickerScreen {
    static func draw(_ picker: PickerState, words: Catalogue, in area: Rect, into buffer: inout ScreenBuffer) -> Point? {
        let box = area.centred(width: min(area.width - 2, 66), height: min(area.height, max(6, picker.rowCount + 4)))
        guard box.width >= 10, box.height >= 5 else { return nil }
        let inside = Box.draw(box, title: picker.title, into: &buffer)
        let prompt = " " + words.text("ui.picker.find") + " "
        let used = buffer.put(prompt, x: inside.x, y: inside.y, style: .key)
        let (typed, cursorX) = picker.filter.visible(width: max(2, inside.width - used - 1))
        buffer.put(typed, x: inside.x + used, y: inside.y, asTyped: true)
        let listTop = inside.y + 1
        let visible = inside.height - 1
        let top = max(0, min(picker.cursor - visible / 2, picker.rowCount - visible))
        for row in 0..<visible {
            let index = top + row
            let y = listTop + row
            guard index < picker.rowCount else {
                if index == 0 {
                    buffer.put(fitting: " " + words.text("ui.picker.nothing_matches"), x: inside.x, y: y,
                               width: inside.width, style: .dim)
                }
                continue
            }
            let selected = index == picker.cursor
            let style: Style = selected ? .selection : .text
            buffer.fill(Rect(x: inside.x, y: y, width: inside.width, height: 1), style: style)
            guard index < picker.shown.count else {
                let name = picker.filter.text.trimmingCharacters(in: .whitespaces)
                let row = words.text(picker.typedRow == .newContact ? "ui.picker.new_contact" : "ui.picker.as_typed", ["name": name])
                buffer.put(fitting: " " + row, x: inside.x, y: y, width: inside.width, style: style)
                continue
            }
            let option = picker.options[picker.shown[index]]
            let tick = picker.multiple ? (picker.chosen.contains(option.code) ? "[x] " : "[ ] ") : ""
            let used = buffer.put(" " + tick + option.label, x: inside.x, y: y, style: style, limit: inside.width)
            if !option.detail.isEmpty, used + 3 < inside.width {
                buffer.put(fitting: "  " + option.detail, x: inside.x + used, y: y, width: inside.width - used,
                           style: selected ? style : .dim)
            }
        }
        return Point(x: inside.x + used + cursorX, y: inside.y)
    }
}

/// A question in a box: what it asks, and the keys that answer.
enum DialogScreen {
    static func draw(_ dialog: Dialog, words: Catalogue, in area: Rect, into buffer: inout ScreenBuffer) {
        let (title, text, items, cursor) = content(dialog, words)
        let width = min(area.width - 2, 64)
        let lines = DetailPage.wrap(text, width: max(8, width - 4))
        // Each item on as many rows as it needs, its later rows indented.
        let itemRows = items.enumerated().flatMap { index, item in
            Wrapping.hanging(item, width: max(8, width - 6)).map { (index: index, text: $0) }
        }
        let height = min(area.height, lines.count + itemRows.count + (items.isEmpty ? 2 : 3))
        let box = area.centred(width: width, height: height)
        guard box.width >= 10, box.height >= 3 else { return }
        let inside = Box.draw(box, title: title, into: &buffer)
        var y = inside.y
        for line in lines where y < inside.maxY {
            buffer.put(line, x: inside.x + 1, y: y, style: .text)
            y += 1
        }
        if !items.isEmpty { y += 1 }
        // Keep the chosen item's rows in the box when there are more than fit.
        let room = max(1, inside.maxY - y)
        let last = itemRows.lastIndex { $0.index == cursor } ?? 0
        for item in itemRows.dropFirst(max(0, last - room + 1)) where y < inside.maxY {
            let style: Style = item.index == cursor ? .selection : .text
            buffer.fill(Rect(x: inside.x, y: y, width: inside.width, height: 1), style: style)
            buffer.put(fitting: " " + item.text, x: inside.x, y: y, width: inside.width, style: style)
            y += 1
        }
    }

    private static func content(_ dialog: Dialog, _ words: Catalogue) -> (String, String, [String], Int) {
        switch dialog {
        case .delete(_, let name):
            return (words.text("ui.dialog.delete.title"), words.text("ui.dialog.delete.text", ["name": name]), [], 0)
        case .discard:
            return (words.text("ui.dialog.discard.title"), words.text("ui.dialog.discard.text"), [], 0)
        case .conflict(let conflict):
            let keys = conflict.deleted ? words.text("ui.dialog.conflict.deleted_keys") : words.text("ui.dialog.conflict.keys")
            return (words.text("ui.dialog.conflict.title"), conflict.message(in: words) + " " + keys, [], 0)
        case .restore(let stacks, let cursor):
            let items = stacks.map { stack in
                stack.map { $0.draftLine(words) }.joined(separator: "\n" + words.text("ui.dialog.restore.over"))
            }
            return (words.text("ui.dialog.restore.title"), words.text("ui.dialog.restore.text"), items, cursor)
        }
    }
}

/// Every follow-up action: open ones first by due date, then those done.
enum FollowUpsScreen {
    static func draw(_ list: FollowUpListState, state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        let words = state.words
        guard list.loaded else {
            buffer.put(words.text("ui.follow_ups.reading"), x: area.x + 1, y: area.y, style: .dim)
            return
        }
        guard !list.items.isEmpty else {
            buffer.put(fitting: words.text("ui.follow_ups.none"), x: area.x + 1, y: area.y,
                       width: area.width - 2, style: .dim)
            return
        }
        // The state column is as wide as its widest mark, so the dates line up in every language.
        let (done, late, pending) = (words.text("ui.follow_ups.done"), words.text("page.follow_up.overdue"),
                                  words.text("page.follow_up.open"))
        let stateHeader = words.text("ui.follow_ups.header.state")
        let stateWidth = [done, late, pending, stateHeader].map { CellWidth.of($0) }.max() ?? 9
        let header = " " + CellWidth.fit(stateHeader, to: stateWidth) + " "
            + CellWidth.fit(words.text("ui.follow_ups.header.due"), to: 10) + "  " + words.text("ui.follow_ups.header.action")
        buffer.put(fitting: header, x: area.x, y: area.y, width: area.width, style: .header)
        for row in 0..<max(0, area.height - 1) {
            let index = list.top + row
            guard index < list.items.count else { break }
            let item = list.items[index]
            let followUp = item.followUp
            let overdue = !followUp.isDone && (followUp.due.map { $0 < state.today } ?? false)
            let mark = CellWidth.fit(followUp.isDone ? done : overdue ? late : pending, to: stateWidth)
            let text = " \(mark) \(followUp.due?.description ?? "          ")  \(followUp.action)"
                + (followUp.owner.isEmpty ? "" : " — \(followUp.owner)") + " · \(item.meetingDay) \(item.meetingTitle)"
            let style: Style = index == list.cursor ? .selection : overdue ? .warning : followUp.isDone ? .dim : .text
            buffer.put(fitting: text, x: area.x, y: area.y + 1 + row, width: area.width, style: style)
        }
    }
}
