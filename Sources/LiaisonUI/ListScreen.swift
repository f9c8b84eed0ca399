import LiaisonCore
import TerminalKit

/// A list of one kind: a header of the columns that fit, then a window of rows.
enum ListScreen {
    static func draw(_ list: ListState, state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        let columns = ListColumns.columns(list.kind)
        let layout = ListColumns.layout(list.kind, width: area.width - 2)
        var x = area.x + 1
        buffer.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), style: .header)
        for (index, width) in layout {
            var title = columns[index].title(state.words)
            if let sort = list.sort, sort.key == columns[index].sortKey { title += sort.descending ? " ▼" : " ▲" }
            buffer.put(fitting: title, x: x, y: area.y, width: width, style: Style(.header, bold: true))
            x += width + 1
        }
        let body = area.droppingTop(1)
        guard let total = list.total else {
            buffer.put(state.words.text("ui.list.reading"), x: body.x + 1, y: body.y, style: .dim)
            return
        }
        guard total > 0 else {
            let what = list.search.isEmpty && list.filter == .all
                ? empty(list.kind, state.words)
                : noMatch(list.kind, state.words)
            // Wrapped, so that what to do next is never cut.
            for (row, text) in DetailPage.wrap(what, width: max(8, body.width - 2)).enumerated() where row + 1 < body.height {
                buffer.put(text, x: body.x + 1, y: body.y + 1 + row, style: .dim)
            }
            return
        }
        for line in 0..<body.height {
            let index = list.top + line
            guard index < total else { break }
            let y = body.y + line
            let selected = index == list.cursor
            guard let row = list.row(at: index) else {
                buffer.put("…", x: body.x + 1, y: y, style: .dim)
                continue
            }
            let style: Style = selected ? .selection : row.warning ? .warning : .text
            buffer.fill(Rect(x: body.x, y: y, width: body.width, height: 1), style: style)
            var x = body.x + 1
            for (column, width) in layout {
                let value = row.values.indices.contains(column) ? row.values[column] : ""
                buffer.put(fitting: value, x: x, y: y, width: width, style: style)
                x += width + 1
            }
        }
    }

    /// What an empty list says.
    static func empty(_ kind: RecordKind, _ words: Catalogue) -> String {
        words.text("ui.list.empty.\(kind.rawValue)")
    }

    /// What a list says when the search or the filter leaves nothing.
    static func noMatch(_ kind: RecordKind, _ words: Catalogue) -> String {
        words.text("ui.list.no_match.\(kind.rawValue)")
    }
}

/// One record: its lines wrapped to the width, the cursor line highlighted, links
/// underlined.
enum DetailScreen {
    static func draw(_ detail: DetailState, state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        guard detail.page != nil else {
            buffer.put(state.words.text("ui.list.reading"), x: area.x + 1, y: area.y, style: .dim)
            return
        }
        let lines = detail.rows
        for row in 0..<area.height {
            let index = detail.top + row
            guard index < lines.count else { break }
            let (line, text) = (lines[index].line, lines[index].text)
            var style: Style = switch line.kind {
            case .heading: .header.bolded
            case .field, .item, .text, .blank: line.warning ? .warning : line.link != nil ? .link : .text
            }
            if index == detail.cursor { style = .selection }
            let y = area.y + row
            if index == detail.cursor { buffer.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: style) }
            buffer.put(fitting: text, x: area.x + 1, y: y, width: DetailState.textWidth(area.width), style: style)
        }
    }
}

/// The figures at a glance, in two columns when there is room.
enum DashboardScreen {
    static func draw(_ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        guard state.dashboard.indicators != nil else {
            buffer.put(state.words.text("ui.dashboard.working_out"), x: area.x + 1, y: area.y, style: .dim)
            return
        }
        let items = state.dashboard.items
        let cursor = state.dashboard.cursor
        if area.width >= 72 {
            let columnWidth = (area.width - 3) / 2
            let left = Rect(x: area.x + 1, y: area.y, width: columnWidth, height: area.height)
            let right = Rect(x: left.maxX + 1, y: area.y, width: area.width - columnWidth - 3, height: area.height)
            drawColumn(items.enumerated().filter { $0.element.section.isLeft }, words: state.words,
                       cursor: cursor, in: left, into: &buffer)
            drawColumn(items.enumerated().filter { !$0.element.section.isLeft }, words: state.words,
                       cursor: cursor, in: right, into: &buffer)
        } else {
            drawColumn(Array(items.enumerated()), words: state.words, cursor: cursor,
                       in: Rect(x: area.x + 1, y: area.y, width: area.width - 2, height: area.height), into: &buffer)
        }
    }

    /// Sections with their items, scrolled so the cursor shows.
    private static func drawColumn(_ items: [(offset: Int, element: DashboardItem)], words: Catalogue, cursor: Int,
                                   in area: Rect, into buffer: inout ScreenBuffer) {
        var lines: [(text: String, value: String, style: Style, index: Int?)] = []
        var section: DashboardItem.Section?
        for (index, item) in items {
            if item.section != section {
                if section != nil { lines.append(("", "", .text, nil)) }
                section = item.section
                lines.append((item.section.title(words), "", .header.bolded, nil))
            }
            guard item.value.isEmpty, CellWidth.of(item.label) > area.width else {
                lines.append((item.label, item.value, item.style, index))
                continue
            }
            // A line of its own (an early warning) wraps rather than lose its end, on three
            // rows at most, so that a long note does not push the other alerts away.
            let indent = item.label.prefix { $0 == " " }.count
            let text = String(item.label.dropFirst(indent))
            let rows = Wrapping.hanging(text, width: max(8, area.width - indent - 3))
            for (number, row) in rows.prefix(3).enumerated() {
                let cut = number == 2 && rows.count > 3
                lines.append((String(repeating: " ", count: indent) + row + (cut ? "…" : ""), "", item.style, index))
            }
        }
        let cursorLine = lines.lastIndex { $0.index == cursor } ?? 0
        let top = max(0, cursorLine - area.height + 1)
        for row in 0..<area.height {
            guard top + row < lines.count else { break }
            let line = lines[top + row]
            let y = area.y + row
            let selected = line.index == cursor && line.index != nil
            let style: Style = selected ? .selection : line.style
            let valueWidth = min(CellWidth.of(line.value), max(0, area.width - 12))
            if selected { buffer.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: style) }
            buffer.put(fitting: line.text, x: area.x, y: y, width: max(0, area.width - valueWidth - 1),
                       style: line.index == nil ? line.style : (selected ? style : .text))
            if valueWidth > 0 {
                buffer.put(fitting: line.value, x: area.maxX - valueWidth, y: y, width: valueWidth, style: style)
            }
        }
    }
}

/// Every key of the current screen and of every screen, from the key tables.
enum HelpScreen {
    /// The keys of a screen, and those of every screen; where text is typed, the typing keys
    /// take the place of the global ones, which do not apply there.
    static func lines(_ context: KeyContext, words: Catalogue = .standard(.en))
        -> (screen: [(String, String)], global: [(String, String)]) {
        let other = context == .form ? KeyTable.bindings(.text) : KeyTable.global(for: context)
        let worded = { (binding: Binding) -> (String, String) in (binding.keyLabel, binding.help(words)) }
        return (KeyTable.bindings(context).map(worded), other.map(worded))
    }

    static func draw(_ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        // The keys of the layer help was opened over.
        let context = state.beneathHelp
        let words = state.words
        let (screen, global) = lines(context, words: words)
        let headings = KeyTable.helpHeadings(context, words: words)
        let sections = [(headings.screen, screen), (headings.other, global)]
        if area.width >= 80 {
            let half = (area.width - 3) / 2
            for (number, section) in sections.enumerated() {
                let column = Rect(x: area.x + 1 + number * (half + 1), y: area.y, width: half, height: area.height)
                drawSection(section.0, section.1, top: state.helpTop ?? 0, in: column, into: &buffer)
            }
        } else {
            let all = sections[0].1 + [("", "")] + [(sections[1].0, "")] + sections[1].1
            drawSection(sections[0].0, all, top: state.helpTop ?? 0,
                        in: Rect(x: area.x + 1, y: area.y, width: area.width - 2, height: area.height), into: &buffer)
        }
    }

    /// A section of help: each key beside what it does, both wrapped to their columns so
    /// that nothing is cut, in any language.
    private static func drawSection(_ title: String, _ rows: [(String, String)], top: Int, in area: Rect,
                                    into buffer: inout ScreenBuffer) {
        buffer.put(fitting: title, x: area.x, y: area.y, width: area.width, style: .header.bolded)
        let keyWidth = min(12, area.width / 3)
        var lines: [(keys: String, help: String, heading: Bool)] = []
        for (keys, help) in rows {
            if help.isEmpty, !keys.isEmpty {
                lines.append((keys, "", true))
                continue
            }
            let keyRows = DetailPage.wrap(keys, width: keyWidth)
            let helpRows = DetailPage.wrap(help, width: max(8, area.width - keyWidth - 2))
            for index in 0..<max(keyRows.count, helpRows.count) {
                lines.append((keyRows.indices.contains(index) ? keyRows[index] : "",
                              helpRows.indices.contains(index) ? helpRows[index] : "", false))
            }
        }
        let shown = lines.dropFirst(min(top, max(0, lines.count - (area.height - 1))))
        for (row, line) in shown.enumerated() where row + 1 < area.height {
            let y = area.y + 1 + row
            if line.heading {
                buffer.put(fitting: line.keys, x: area.x, y: y, width: area.width, style: .header.bolded)
                continue
            }
            buffer.put(fitting: line.keys, x: area.x + 1, y: y, width: keyWidth, style: Style(.text, bold: true))
            buffer.put(fitting: line.help, x: area.x + 2 + keyWidth, y: y, width: area.width - keyWidth - 2)
        }
    }
}

/// A box of choices over the screen.
enum MenuScreen {
    static func draw(_ menu: MenuState, words: Catalogue, in area: Rect, into buffer: inout ScreenBuffer) {
        let widest = menu.options.map { CellWidth.of($0.name(words)) }.max() ?? 10
        let box = area.centred(width: max(CellWidth.of(menu.title) + 6, widest + 6), height: menu.options.count + 2)
        guard box.width >= 6, box.height >= 3 else { return }
        let inside = Box.draw(box, title: menu.title, into: &buffer)
        let visible = inside.height
        let top = max(0, min(menu.cursor - visible / 2, menu.options.count - visible))
        for row in 0..<visible {
            let index = top + row
            guard index < menu.options.count else { continue }
            buffer.put(fitting: " " + menu.options[index].name(words), x: inside.x, y: inside.y + row, width: inside.width,
                       style: index == menu.cursor ? .selection : .text)
        }
    }
}
