import Foundation
import LiaisonCore
import TerminalKit

/// What the terminal shows for a state: the frame and where the cursor is (nil hides it).
public struct Frame: Sendable, Equatable {
    public var buffer: ScreenBuffer
    public var cursor: Point?
}

/// Screens are pure functions of the state into a frame: no I/O, no curses, no store.
public enum Screen {
    public static func render(_ state: AppState) -> Frame {
        var buffer = ScreenBuffer(size: state.size)
        buffer.laysOutRightToLeft = state.rightToLeft == .liaison
        guard !state.isTooSmall else {
            drawTooSmall(state.size, words: state.words, into: &buffer)
            return Frame(buffer: buffer, cursor: nil)
        }
        switch state.mode {
        case .starting:
            buffer.put(state.words.text("ui.screen.opening"), x: 1, y: 0, style: .dim)
            return Frame(buffer: buffer, cursor: nil)
        case .welcome(let welcome):
            let cursor = WelcomeScreen.draw(welcome, confirmingQuit: state.confirmingQuit, words: state.words, into: &buffer)
            return Frame(buffer: buffer, cursor: cursor)
        case .main:
            break
        }
        TopBar.draw(state, into: &buffer)
        let content = state.contentArea
        // The stack from the last layer that covers the content up: what is beneath it
        // cannot be seen. The cursor is the top layer's.
        let covering = state.layers.lastIndex { $0.coversContent }
        var cursor: Point?
        if covering == nil {
            if let kind = state.tab.kind, let list = state.lists[kind] {
                ListScreen.draw(list, state: state, in: content, into: &buffer)
            } else if state.tab == .export {
                cursor = ExportScreen.draw(state, in: content, into: &buffer)
            } else {
                DashboardScreen.draw(state, in: content, into: &buffer)
            }
        }
        for layer in state.layers[(covering ?? 0)...] {
            switch layer {
            case .help: HelpScreen.draw(state, in: content, into: &buffer)
            case .form(let form): cursor = FormScreen.draw(form, state: state, in: content, into: &buffer)
            case .record(let detail): DetailScreen.draw(detail, state: state, in: content, into: &buffer)
            case .followUps(let followUps): FollowUpsScreen.draw(followUps, state: state, in: content, into: &buffer)
            case .conflicts(let view): ConflictsScreen.draw(view, words: state.words, in: content, into: &buffer)
            case .menu(let menu): MenuScreen.draw(menu, words: state.words, in: content, into: &buffer)
            case .picker(let picker): cursor = PickerScreen.draw(picker, words: state.words, in: content, into: &buffer)
            case .dialog(let dialog): DialogScreen.draw(dialog, words: state.words, in: content, into: &buffer)
            case .prompt(let prompt): cursor = PromptScreen.draw(prompt, words: state.words, in: content, into: &buffer)
            case .search, .quitQuestion: break
            }
            if !layer.isTyping { cursor = nil }
        }
        let footerCursor = Footer.draw(state, into: &buffer)
        return Frame(buffer: buffer, cursor: footerCursor ?? cursor)
    }

    /// Below 40x10 only this notice, wrapped to what there is.
    static func drawTooSmall(_ size: Size, words: Catalogue = .standard(.en), into buffer: inout ScreenBuffer) {
        let text = words.text("ui.screen.too_small", [
            "width": String(size.width), "height": String(size.height),
            "least_width": String(AppState.minimumSize.width), "least_height": String(AppState.minimumSize.height),
        ])
        let rows = DetailPage.wrap(text, width: max(1, size.width - 2))
        let top = max(0, (size.height - rows.count) / 2)
        for (index, row) in rows.enumerated() {
            buffer.put(row, x: max(0, (size.width - CellWidth.of(row)) / 2), y: top + index, style: .warning)
        }
    }
}

/// The tabs, who works on this device, the screen's title and the changes not exported.
enum TopBar {
    static func draw(_ state: AppState, into buffer: inout ScreenBuffer) {
        let width = state.size.width
        buffer.fill(Rect(x: 0, y: 0, width: width, height: 1), style: .statusBar)
        let words = state.words
        let full = Tab.allCases.reduce(0) { total, tab in total + CellWidth.of(" \(tab.rawValue + 1) \(tab.title(words)) ") }
        var x = 0
        for tab in Tab.allCases {
            let active = tab == state.tab
            let label = active || full <= width ? " \(tab.rawValue + 1) \(tab.title(words)) " : " \(tab.rawValue + 1) "
            x += buffer.put(label, x: x, y: 0, style: active ? .tabActive : .statusBar)
        }
        // Who works here: beside the tabs when there is room, else on the second row.
        var who = ""
        if let officer = state.officer {
            let device = words.text("ui.top.device", ["id": String(officer.deviceId.uuidString.prefix(8))])
            let choices = ["\(officer.name) · \(officer.prefix) · \(device) ", "\(officer.name) · \(officer.prefix) "]
            if let fits = choices.first(where: { CellWidth.of($0) <= width - x - 2 }) {
                buffer.put(rightAligned: fits, maxX: width, y: 0, style: .statusBar)
            } else {
                who = "\(officer.name) · \(officer.prefix) · "
            }
        }
        // The second row: what this screen shows, and what waits to be exported.
        var right = ""
        var rightStyle = Style.dim
        if let pending = state.pendingChanges {
            right = pending == 0 ? words.text("ui.top.nothing_to_export") : words.plural("ui.top.not_exported", count: pending)
            rightStyle = pending == 0 ? .dim : .warning
        }
        // Real names of protected contacts are on screen while the vault is open.
        if state.vault.isUnlocked {
            right = words.text("ui.top.vault_open") + (right.isEmpty ? "" : " · " + right)
            rightStyle = .warning
        }
        // The title comes first: who works here goes when the title needs the room, then
        // what waits to be exported.
        let heading = title(state)
        let titleWidth = CellWidth.of(heading)
        var pendingWidth = CellWidth.of(right)
        if titleWidth + pendingWidth + 3 > width { pendingWidth = 0 }
        let whoWidth = !who.isEmpty && titleWidth + CellWidth.of(who) + pendingWidth + 3 <= width ? CellWidth.of(who) : 0
        if whoWidth > 0 { buffer.put(who, x: width - 1 - pendingWidth - whoWidth, y: 1, style: .dim) }
        buffer.put(fitting: heading, x: 1, y: 1, width: max(0, width - pendingWidth - whoWidth - 3), style: .title)
        if pendingWidth > 0, pendingWidth + 2 < width { buffer.put(rightAligned: right, maxX: width - 1, y: 1, style: rightStyle) }
    }

    /// The title of the top layer that covers the content, or of the tab.
    static func title(_ state: AppState) -> String {
        let words = state.words
        switch state.layers.last(where: { $0.coversContent }) {
        case .help: return words.text("ui.title.help")
        case .form(let form): return form.title
        case .record(let detail): return detail.page?.title ?? reading(detail.link.kind, words)
        case .followUps: return words.text("ui.title.follow_ups")
        case .conflicts(let view): return words.plural("ui.title.conflicts", count: view.views.count)
        default: break
        }
        if state.tab == .export {
            // At base the tab takes officers' bundles in; only a device carries one back.
            return words.text(state.export.summary?.isBase == true ? "ui.title.export_at_base" : "ui.title.export")
        }
        guard let kind = state.tab.kind, let list = state.lists[kind] else {
            return words.text("ui.title.dashboard", ["day": words.day(state.today)])
        }
        var parts = [state.tab.title(words)]
        if let total = list.total {
            parts.append(total == 0 ? words.text("ui.title.none") : words.text("ui.title.position", [
                "position": words.number(min(list.cursor + 1, total)), "total": words.number(total),
            ]))
        }
        if list.filter != .all { parts.append(list.filter.name(words)) }
        if !list.search.isEmpty { parts.append(words.text("ui.title.search", ["text": list.search])) }
        return parts.joined(separator: " · ")
    }

    /// The title while a record's page is read.
    private static func reading(_ kind: RecordKind, _ words: Catalogue) -> String {
        words.text("ui.title.reading.\(kind.rawValue)")
    }
}

/// The keys of the current screen, from the key tables; or the search being typed, a
/// question, or a status sentence.
enum Footer {
    /// Draws the footer and returns the cursor when the footer has one.
    static func draw(_ state: AppState, into buffer: inout ScreenBuffer) -> Point? {
        let y = state.size.height - 1
        let width = state.size.width
        buffer.fill(Rect(x: 0, y: y, width: width, height: 1), style: .statusBar)
        if case .search(let editor) = state.top, let kind = state.tab.kind {
            let prompt = " " + searchPrompt(kind, state.words) + " "
            let used = buffer.put(prompt, x: 0, y: y, style: .key)
            let (text, cursorX) = editor.visible(width: max(2, width - used - 24))
            buffer.put(text, x: used, y: y, style: .statusBar, asTyped: true)
            let hint = KeyTable.footer(.search, words: state.words).map { "\($0.keys) \($0.label.lowercased())" }.joined(separator: " · ")
            buffer.put(rightAligned: hint + " ", maxX: width, y: y, style: .statusBar)
            return Point(x: used + cursorX, y: y)
        }
        if let status = state.status {
            buffer.put(fitting: " " + status.text, x: 0, y: y, width: width, style: status.isError ? .error : .statusBar)
            return nil
        }
        let kind = state.top?.record?.link.kind
        var keys = KeyTable.footer(state.keyContext, words: state.words, kind: kind)
        // Space ticks only where several may be chosen.
        if case .picker(let picker)? = state.top, !picker.multiple { keys.removeAll { $0.command == .toggle } }
        if case .form(let form)? = state.top {
            // Enter says what it does on this field.
            if let at = keys.firstIndex(where: { $0.command == .open }) {
                keys[at].label = state.words.text(form.focused.kind.enterFooter)
            }
            // In a field where text is typed, Ctrl-U (clear) comes after the form's first keys.
            if form.focused.kind.isTyped {
                keys.insert(contentsOf: KeyTable.footer(.text, words: state.words), at: min(4, keys.count))
            }
        }
        drawKeys(keys, y: y, into: &buffer)
        return nil
    }

    /// What the footer says while a list of a kind is searched.
    private static func searchPrompt(_ kind: RecordKind, _ words: Catalogue) -> String {
        words.text("ui.footer.search.\(kind.rawValue)")
    }

    static func drawKeys(_ keys: [FooterKey], y: Int, into buffer: inout ScreenBuffer) {
        var x = 1
        for (key, label, _) in keys {
            let needed = CellWidth.of(key) + 1 + CellWidth.of(label) + 2
            guard x + needed <= buffer.size.width else { break }
            x += buffer.put(key, x: x, y: y, style: .key)
            x += buffer.put(" " + label + "  ", x: x, y: y, style: .statusBar)
        }
    }
}
