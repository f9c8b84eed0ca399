import Foundation
import LiaisonCore

/// What a layer made of a command: it stays (its state may have changed), it closes, or
/// it hands back what the officer chose; or the command is not one it takes.
enum LayerOutcome<Choice> {
    case stay
    case close
    case chose(Choice)
    case notHandled
}

// Each layer's state takes the commands that concern it alone, as Bubble Tea's models
// do, and says what came of them; `AppState.update` turns that into what else changes
// and the effects to run, and stays the only code that changes the state.

extension DetailState {
    /// Moving on the page, and following the link of a line. `height` is the page's rows.
    mutating func perform(_ command: Command, height: Int) -> LayerOutcome<RecordLink?> {
        switch command {
        case .back: return .close
        case .down: cursor += 1
        case .up: cursor -= 1
        case .pageDown:
            cursor += height
            top += height
        case .pageUp:
            cursor -= height
            top -= height
        case .first: cursor = 0
        case .last: cursor = rows.count - 1
        case .open: return .chose(rows.indices.contains(cursor) ? rows[cursor].line.link : nil)
        case .nextLink, .previousLink:
            // The first row of each line that opens a record, going round at the ends.
            let links = rows.indices.filter { rows[$0].line.link != nil && ($0 == 0 || rows[$0 - 1].line != rows[$0].line) }
            guard !links.isEmpty else { return .stay }
            if command == .nextLink {
                cursor = links.first { $0 > cursor } ?? links[0]
            } else {
                cursor = links.last { $0 < cursor } ?? links[links.count - 1]
            }
        default: return .notHandled
        }
        keepInView(height: height)
        return .stay
    }

    /// Keeps the cursor on a row and the rows around it on the screen.
    mutating func keepInView(height: Int) {
        cursor = max(0, min(cursor, rows.count - 1))
        top = max(0, min(top, rows.count - height))
        if cursor < top { top = cursor }
        if cursor >= top + height { top = cursor - height + 1 }
    }
}

extension MenuState {
    /// Moving among the choices; Enter chooses one.
    mutating func perform(_ command: Command) -> LayerOutcome<QuickFilter> {
        switch command {
        case .down: cursor = min(options.count - 1, cursor + 1)
        case .up: cursor = max(0, cursor - 1)
        case .back, .quit: return .close
        case .open: return options.indices.contains(cursor) ? .chose(options[cursor]) : .close
        default: return .notHandled
        }
        return .stay
    }
}

/// What the officer asked of a follow-up action in the list of them all.
enum FollowUpRequest {
    case markDone(UUID, done: Bool)
    case openMeeting(UUID)
}

extension FollowUpListState {
    /// Moving in the list, marking an action done, opening its meeting.
    mutating func perform(_ command: Command, height: Int) -> LayerOutcome<FollowUpRequest> {
        let count = items.count
        switch command {
        case .down: cursor += 1
        case .up: cursor -= 1
        case .pageDown: cursor += height - 1
        case .pageUp: cursor -= height - 1
        case .first: cursor = 0
        case .last: cursor = count - 1
        case .back, .quit: return .close
        case .markDone:
            guard items.indices.contains(cursor) else { return .stay }
            let item = items[cursor].followUp
            return .chose(.markDone(item.id, done: !item.isDone))
        case .open:
            guard items.indices.contains(cursor) else { return .stay }
            return .chose(.openMeeting(items[cursor].meetingId))
        default: return .notHandled
        }
        cursor = max(0, min(cursor, count - 1))
        let rows = max(1, height - 1)
        if cursor < top { top = cursor }
        if cursor >= top + rows { top = cursor - rows + 1 }
        return .stay
    }
}

extension PickerState {
    /// Moving among the choices, ticking one in a list that takes several, choosing.
    mutating func perform(_ command: Command) -> LayerOutcome<PickerState> {
        switch command {
        case .down: cursor = max(0, min(rowCount - 1, cursor + 1))
        case .up: cursor = max(0, cursor - 1)
        case .toggle where multiple: toggleUnderCursor()
        case .back: return .close
        case .open: return .chose(self)
        default: return .notHandled
        }
        return .stay
    }
}

/// Help over a screen: the first row shown.
enum HelpScroll {
    /// The first row after a command, or nil when help closes; `page` is a screenful.
    static func perform(_ command: Command, top: Int, page: Int) -> LayerOutcome<Int> {
        switch command {
        case .down: .chose(top + 1)
        case .up: .chose(max(0, top - 1))
        case .pageDown: .chose(top + max(1, page))
        case .pageUp: .chose(max(0, top - max(1, page)))
        case .back, .help, .quit: .close
        default: .notHandled
        }
    }
}
