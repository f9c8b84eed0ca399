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
    static func draw(_ picker: PickerState, in area: Rect, into buffer: inout ScreenBuffer) -> Point? {
        let box = area.centred(width: min(area.width - 2, 66), height: min(area.height, max(6, picker.rowCount + 4)))
        guard box.width >= 10, box.height >= 5 else { return nil }
        let inside = Box.draw(box, title: picker.title, into: &buffer)
        let prompt = " Find: "
        let used = buffer.put(prompt, x: inside.x, y: inside.y, style: .key)
        let (typed, cursorX) = picker.filter.visible(width: max(2, inside.width - used - 1))
        buffer.put(typed, x: inside.x + used, y: inside.y)
        let listTop = inside.y + 1
        let visible = inside.height - 1
        let top = max(0, min(picker.cursor - visible / 2, picker.rowCount - visible))
        for row in 0..<visible {
            let index = top + row
            let y = listTop + row
            guard index < picker.rowCount else {
                if index == 0 {
                    buffer.put(fitting: " Nothing matches. Backspace to widen; Esc closes.", x: inside.x, y: y,
                               width: inside.width, style: .dim)
                }
                continue
            }
            let selected = index == picker.cursor
            let style: Style = selected ? .selection : .text
            buffer.fill(Rect(x: inside.x, y: y, width: inside.width, height: 1), style: style)
            guard index < picker.shown.count else {
                let name = picker.filter.text.trimmingCharacters(in: .whitespaces)
                buffer.put(fitting: " + New contact “\(name)”", x: inside.x, y: y, width: inside.width, style: style)
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
    static func draw(_ dialog: Dialog, in area: Rect, into buffer: inout ScreenBuffer) {
        let (title, text, items, cursor) = content(dialog)
        let width = min(area.width - 2, 64)
        let lines = DetailPage.wrap(text, width: max(8, width - 4))
        let height = min(area.height, lines.count + items.count + (items.isEmpty ? 2 : 3))
        let box = area.centred(width: width, height: height)
        guard box.width >= 10, box.height >= 3 else { return }
        let inside = Box.draw(box, title: title, into: &buffer)
        var y = inside.y
        for line in lines where y < inside.maxY {
            buffer.put(line, x: inside.x + 1, y: y, style: .text)
            y += 1
        }
        if !items.isEmpty { y += 1 }
        for (index, item) in items.enumerated() where y < inside.maxY {
            buffer.put(fitting: " " + item, x: inside.x, y: y, width: inside.width, style: index == cursor ? .selection : .text)
            y += 1
        }
    }

    private static func content(_ dialog: Dialog) -> (String, String, [String], Int) {
        switch dialog {
        case .delete(_, let name):
            return ("Delete?", "Delete \(name)? It is kept as deleted, so base learns of it too. "
                    + "y deletes · any other key keeps it.", [], 0)
        case .discard:
            return ("Throw away changes?", "This form has changes that are not saved. "
                    + "y throws them away · s saves · any other key goes back to the form.", [], 0)
        case .conflict(let conflict):
            let keys = conflict.deleted
                ? "t closes your form · Esc goes back to it (you can copy your text elsewhere)."
                : "k keeps yours (saves over the other) · t takes the other (drops your changes) · Esc goes back to your form."
            return ("Changed elsewhere", conflict.description + " " + keys, [], 0)
        case .restore(let forms, let cursor):
            return ("Restore unsaved forms?", "liaison ended while these forms were open; they were kept as typed. "
                    + "Enter restores · x throws away · Esc keeps them for later.", forms.map(\.title), cursor)
        }
    }
}

/// Every follow-up action: open ones first by due date, then those done.
enum FollowUpsScreen {
    static func draw(_ list: FollowUpListState, state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        guard list.loaded else {
            buffer.put("Reading the follow-up actions…", x: area.x + 1, y: area.y, style: .dim)
            return
        }
        guard !list.items.isEmpty else {
            buffer.put(fitting: "No follow-up actions yet: add them in a meeting's form.", x: area.x + 1, y: area.y,
                       width: area.width - 2, style: .dim)
            return
        }
        buffer.put(fitting: " State     Due         Action — who · meeting", x: area.x, y: area.y, width: area.width,
                   style: .header)
        for row in 0..<max(0, area.height - 1) {
            let index = list.top + row
            guard index < list.items.count else { break }
            let item = list.items[index]
            let followUp = item.followUp
            let overdue = !followUp.isDone && (followUp.due.map { $0 < state.today } ?? false)
            let mark = followUp.isDone ? "[done]   " : overdue ? "[OVERDUE]" : "[open]   "
            let text = " \(mark) \(followUp.due?.description ?? "          ")  \(followUp.action)"
                + (followUp.owner.isEmpty ? "" : " — \(followUp.owner)") + " · \(item.meetingDay) \(item.meetingTitle)"
            let style: Style = index == list.cursor ? .selection : overdue ? .warning : followUp.isDone ? .dim : .text
            buffer.put(fitting: text, x: area.x, y: area.y + 1 + row, width: area.width, style: style)
        }
    }
}
