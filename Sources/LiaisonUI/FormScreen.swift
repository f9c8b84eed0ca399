import LiaisonCore
import TerminalKit

/// Where each field of a form sits, in rows from the form's top: shared by the screen and
/// by the update function, which scrolls to keep the focused field shown.
enum FormLayout {
    struct Span: Equatable {
        var field: Int
        var y: Int
        var height: Int
    }

    /// The label column is as wide as the form's longest label (French runs longer than
    /// English), within these bounds.
    static let labelWidths = 16...24
    /// Rows a text of several lines shows at most; the rest scrolls within it.
    static let textRows = 4

    /// Where the values of `form` start, and how wide they are, on a screen `width` cells wide.
    static func valueColumn(_ form: FormState, _ width: Int) -> (x: Int, width: Int) {
        let longest = form.fields.filter { $0.kind != .heading && $0.kind != .save }
            .map { CellWidth.of($0.label + ($0.required ? " *" : "")) }.max() ?? 0
        let labelWidth = min(max(longest, labelWidths.lowerBound), labelWidths.upperBound)
        let x = min(labelWidth + 2, max(2, width / 3))
        return (x, max(4, width - x - 1))
    }

    /// Whether a field's label is too wide for the label column (a narrow terminal): it
    /// then takes a row of its own above the value, rather than be cut into another's.
    static func isStacked(_ field: FormField, column: (x: Int, width: Int)) -> Bool {
        switch field.kind {
        case .heading, .attendee, .addAttendee, .addFollowUp, .save: return false
        default: return CellWidth.of(field.label + (field.required ? " *" : "")) > column.x - 2
        }
    }

    static func rows(_ form: FormState, width: Int) -> [Span] {
        var spans: [Span] = []
        var y = 0
        let column = valueColumn(form, width)
        for (index, field) in form.fields.enumerated() {
            if (field.kind == .heading && field.text.text.isEmpty && index > 0) || field.kind == .save { y += 1 }
            var height = field.kind == .multiline
                ? min(field.text.visualRows(width: column.width - 1).count, textRows) : 1
            if isStacked(field, column: column) { height += 1 }
            if field.kind == .save, let problem = form.formProblem {
                height += min(3, DetailPage.wrap("! " + problem, width: column.width).count)
            }
            if let problem = form.visibleProblem(index) {
                height += min(2, DetailPage.wrap("! " + problem, width: column.width).count)
            }
            spans.append(Span(field: index, y: y, height: height))
            y += height
        }
        return spans
    }
}

/// A form: labels on the left (required ones marked *), values on the right, problems
/// under the field they belong to.
enum FormScreen {
    static func draw(_ form: FormState, state: AppState, in area: Rect, into buffer: inout ScreenBuffer) -> Point? {
        let words = state.words
        let choose = "   " + words.text("ui.form.enter_to_choose")
        let column = FormLayout.valueColumn(form, area.width)
        let spans = FormLayout.rows(form, width: area.width)
        let total = spans.last.map { $0.y + $0.height } ?? 0
        var cursor: Point?
        for span in spans {
            let spanTop = area.y + span.y - form.top
            guard spanTop + span.height > area.y, spanTop < area.maxY else { continue }
            let field = form.fields[span.field]
            let focused = span.field == form.focus
            let stacked = FormLayout.isStacked(field, column: column)
            var rows = Rows(area: area, buffer: buffer)
            defer { buffer = rows.buffer }
            if field.kind != .attendee, field.kind != .addAttendee, field.kind != .addFollowUp, field.kind != .save {
                let label = field.label + (field.required ? " *" : "")
                let style: Style = field.kind == .heading ? .title : focused ? Style(.text, bold: true) : .dim
                // A heading alone on its row takes the row, as does a label too wide for its
                // column; one with a value beside it, the label column.
                let alone = field.kind == .heading && field.text.text.isEmpty || stacked
                rows.put(CellWidth.truncate(label, to: alone ? area.width - 2 : column.x - 2), x: area.x + 1, y: spanTop,
                         style: style)
            }
            let top = spanTop + (stacked ? 1 : 0)
            let valueStyle: Style = focused ? .selection : Style(.text, underline: true)
            switch field.kind {
            case .heading:
                if !field.text.text.isEmpty {
                    rows.put(fitting: field.text.text, x: column.x, y: top, width: column.width, style: .dim)
                } else if let sum = sectionTotal(of: span.field, in: form) {
                    rows.put(fitting: words.text("ui.form.total", ["total": words.number(sum)]), x: column.x, y: top,
                             width: column.width, style: .dim)
                }
            case .fixed:
                rows.put(fitting: field.text.text + (focused ? "   " + words.text("ui.form.kept_as_is") : ""), x: column.x, y: top,
                         width: column.width, style: focused ? .selection : .dim)
            case .text, .list, .number, .decimal:
                let (text, cursorX) = field.text.current.visible(width: column.width)
                rows.fill(column.x, top, column.width, valueStyle)
                rows.put(text, x: column.x, y: top, style: valueStyle, asTyped: focused)
                if focused { cursor = rows.point(column.x + cursorX, top) }
            case .dateTime, .day, .duration:
                let width = min(22, column.width)
                let (text, cursorX) = field.text.current.visible(width: width)
                rows.fill(column.x, top, width, valueStyle)
                rows.put(text, x: column.x, y: top, style: valueStyle, asTyped: focused)
                if focused { cursor = rows.point(column.x + cursorX, top) }
                let understood = understanding(field, form: form, today: state.today, words: words)
                rows.put(fitting: understood.text, x: column.x + width + 1, y: top, width: column.width - width - 1,
                         style: understood.isProblem ? .warning : .dim)
            case .multiline:
                // Wrapped by word, a cell kept at the end of each row for the cursor; the rows
                // around the cursor are shown.
                let shown = field.text.visualRows(width: column.width - 1)
                let height = min(shown.count, FormLayout.textRows)
                let at = field.text.cursorRow(in: shown)
                let first = focused ? max(0, min(at - height + 1, shown.count - height)) : 0
                for offset in 0..<height {
                    let piece = shown[first + offset]
                    let characters = Array(field.text.lines[piece.line].text)
                    rows.fill(column.x, top + offset, column.width, valueStyle)
                    rows.put(String(characters[piece.characters]), x: column.x, y: top + offset, style: valueStyle,
                             asTyped: focused)
                    if focused, first + offset == at {
                        let end = max(piece.characters.lowerBound, min(field.text.current.cursor, characters.count))
                        let before = CellWidth.of(String(characters[piece.characters.lowerBound..<end]))
                        cursor = rows.point(column.x + min(before, column.width - 1), top + offset)
                    }
                }
                if shown.count > height {
                    rows.put(words.plural("ui.form.lines", count: shown.count), x: area.x + 1, y: top + 1, style: .dim)
                }
            case .choice(let choices):
                let label = choices.label(field.code, state.taxonomies, state.words) + followed(field, form, state.words)
                rows.fill(column.x, top, column.width, valueStyle)
                rows.put(fitting: (label.isEmpty ? "—" : label) + (focused ? choose : ""), x: column.x, y: top,
                         width: column.width, style: valueStyle)
            case .choices(let choices):
                let labels = field.codes.map { choices.label($0, state.taxonomies, state.words) }.joined(separator: ", ")
                rows.fill(column.x, top, column.width, valueStyle)
                rows.put(fitting: (labels.isEmpty ? "—" : labels) + (focused ? choose : ""), x: column.x, y: top,
                         width: column.width, style: valueStyle)
            case .flag:
                rows.put((field.flag ? "[x] " + words.text("value.yes") : "[ ] " + words.text("value.no"))
                         + followed(field, form, words), x: column.x, y: top,
                         style: focused ? .selection : .text)
            case .person:
                rows.fill(column.x, top, column.width, valueStyle)
                rows.put(fitting: (field.value.isEmpty ? "—" : field.value) + (focused ? choose : ""), x: column.x, y: top,
                         width: column.width, style: valueStyle)
            case .contact:
                rows.fill(column.x, top, column.width, valueStyle)
                rows.put(fitting: state.contactName(field.link) + (focused ? choose : ""), x: column.x, y: top,
                         width: column.width, style: valueStyle)
            case .attendee:
                let role = state.taxonomies.attendeeRoles.label(field.code, in: words.language)
                rows.put(fitting: "• \(state.contactName(field.link))  · \(role)", x: area.x + 3, y: top, width: area.width - 4,
                         style: focused ? .selection : .text)
            case .addAttendee:
                rows.put(fitting: "+ " + (focused ? words.text("ui.picker.add_attendee") : words.text("ui.form.add_attendee")),
                         x: area.x + 3, y: top, width: area.width - 4, style: focused ? .selection : .dim)
            case .addFollowUp:
                rows.put(fitting: "+ " + (focused ? words.text("ui.form.add_follow_up_enter") : words.text("ui.form.add_follow_up")),
                         x: area.x + 3, y: top, width: area.width - 4, style: focused ? .selection : .dim)
            case .save:
                rows.put(" " + words.text("ui.form.save_button") + " ", x: column.x, y: top, style: focused ? .selection : Style(.text, bold: true))
            }
            if let problem = form.visibleProblem(span.field) ?? (field.kind == .save ? form.formProblem : nil) {
                let lines = DetailPage.wrap("! " + problem, width: column.width).prefix(field.kind == .save ? 3 : 2)
                let below = spanTop + span.height - lines.count
                for (offset, line) in lines.enumerated() {
                    rows.put(line, x: column.x, y: below + offset, style: .error)
                }
            }
        }
        if form.top > 0 { buffer.put(rightAligned: words.text("ui.form.more_above") + " ", maxX: area.maxX, y: area.y, style: .dim) }
        if total - form.top > area.height {
            buffer.put(rightAligned: words.text("ui.form.more_below") + " ", maxX: area.maxX, y: area.maxY - 1, style: .dim)
        }
        return cursor
    }

    /// The sum of the counts that open a section (a headcount) as typed so far; nil for a
    /// section that does not open with several counts, or with none typed yet.
    static func sectionTotal(of heading: Int, in form: FormState) -> Int? {
        let section = form.fields[(heading + 1)...].prefix { $0.kind == .number }
        guard section.count > 1 else { return nil }
        let typed = section.filter { !$0.value.isEmpty }
        let counts = typed.compactMap { Int($0.value) }.filter { Headcount.bounds.contains($0) }
        // A count that is not one (the field says what to fix) leaves no total to trust.
        guard !counts.isEmpty, counts.count == typed.count else { return nil }
        return counts.reduce(0, +)
    }

    /// `, from the category` after a value that follows another field's until it is chosen.
    static func followed(_ field: FormField, _ form: FormState, _ words: Catalogue) -> String {
        guard field.chosen != true, let follows = field.follows else { return "" }
        return words.text("ui.form.follows.\(follows)")
    }

    /// What a typed date, time or duration was read as, or what to write instead.
    static func understanding(_ field: FormField, form: FormState, today: Day,
                              words: Catalogue = .standard(.en)) -> (text: String, isProblem: Bool) {
        let value = field.value
        guard !value.isEmpty else { return ("", false) }
        switch field.kind {
        case .dateTime:
            guard let time = TimeInput.dateTime(value, reference: form.referenceTime) else {
                return (words.text("ui.form.example.date_time"), true)
            }
            return ("= " + words.moment(time), false)
        case .day:
            guard let day = TimeInput.day(value, today: form.referenceTime.localDay) else {
                return (words.text("ui.form.example.day"), true)
            }
            return ("= " + words.day(day), false)
        case .duration:
            guard let minutes = TimeInput.minutes(value) else { return (words.text("ui.form.example.duration"), true) }
            return ("= " + words.duration(minutes: minutes), false)
        default:
            return ("", false)
        }
    }

    /// Draws only inside the form's area, so a field half scrolled out is cut cleanly.
    private struct Rows {
        let area: Rect
        var buffer: ScreenBuffer

        func inside(_ y: Int) -> Bool { y >= area.y && y < area.maxY }

        mutating func put(_ text: String, x: Int, y: Int, style: Style = .text, asTyped: Bool = false) {
            guard inside(y) else { return }
            buffer.put(text, x: x, y: y, style: style, limit: max(0, area.maxX - x), asTyped: asTyped)
        }

        mutating func put(fitting text: String, x: Int, y: Int, width: Int, style: Style) {
            guard inside(y), width > 0 else { return }
            buffer.put(fitting: text, x: x, y: y, width: width, style: style)
        }

        mutating func fill(_ x: Int, _ y: Int, _ width: Int, _ style: Style) {
            guard inside(y) else { return }
            buffer.fill(Rect(x: x, y: y, width: width, height: 1), style: style)
        }

        func point(_ x: Int, _ y: Int) -> Point? { inside(y) ? Point(x: x, y: y) : nil }
    }
}
