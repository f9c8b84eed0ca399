import TerminalKit

/// Text of several lines being typed in place (a summary, a description, notes), edited
/// line by line with the same grapheme-aware editor as one-line fields.
public struct TextArea: Sendable, Equatable, Codable {
    public private(set) var lines: [LineEditor]
    /// The line the cursor is on.
    public private(set) var row: Int
    /// Whether Enter may start a new line.
    public let isMultiline: Bool

    public init(_ text: String = "", multiline: Bool = false) {
        isMultiline = multiline
        let parts = multiline ? text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                              : [text.replacingOccurrences(of: "\n", with: " ")]
        lines = parts.map { LineEditor($0) }
        row = lines.count - 1
    }

    private enum CodingKeys: String, CodingKey { case lines, row, isMultiline }

    /// Read back from a draft: at least one line, a one-line text holding one, and the
    /// cursor's line among them.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        isMultiline = try container.decode(Bool.self, forKey: .isMultiline)
        var lines = try container.decode([LineEditor].self, forKey: .lines)
        if lines.isEmpty { lines = [LineEditor()] }
        if !isMultiline, lines.count > 1 { lines = [LineEditor(lines.map(\.text).joined(separator: " "))] }
        self.lines = lines
        row = max(0, min(lines.count - 1, try container.decode(Int.self, forKey: .row)))
    }

    /// The whole text, lines joined by newlines.
    public var text: String { lines.map(\.text).joined(separator: "\n") }

    public var current: LineEditor { lines[row] }

    /// Replaces the text (from an outside editor), cursor at the end.
    public mutating func replace(with text: String) {
        self = TextArea(text, multiline: isMultiline)
    }

    /// A row of the text as shown `width` cells wide: a piece of one of its lines.
    public struct VisualRow: Sendable, Equatable {
        public var line: Int
        public var characters: Range<Int>
        /// The last row of its line, where the cursor may also stand after the last character.
        public var endsLine: Bool
    }

    /// The text wrapped by word into rows of `width` cells, line after line.
    public func visualRows(width: Int) -> [VisualRow] {
        lines.enumerated().flatMap { index, line in
            let ranges = Wrapping.rows(Array(line.text), width: width)
            return ranges.enumerated().map { VisualRow(line: index, characters: $1, endsLine: $0 == ranges.count - 1) }
        }
    }

    /// The row of `rows` the cursor is on.
    public func cursorRow(in rows: [VisualRow]) -> Int {
        let cursor = lines[row].cursor
        return rows.firstIndex { $0.line == row && ($0.characters.contains(cursor) || $0.endsLine) } ?? 0
    }

    /// Applies an editing key; false when the key is not for the text, or moves the cursor
    /// out of it (up from the first row, down from the last). Given the width the text is
    /// shown at, Up and Down move by the rows seen, a long line wrapped included.
    public mutating func handle(_ key: Key, width: Int? = nil) -> Bool {
        guard isMultiline else { return lines[0].handle(key) }
        if let width, key == .up || key == .down {
            let rows = visualRows(width: width)
            let at = cursorRow(in: rows)
            let target = at + (key == .up ? -1 : 1)
            guard rows.indices.contains(target) else { return false }
            let here = rows[at]
            let text = Array(lines[row].text)
            let column = CellWidth.of(String(text[here.characters.lowerBound..<max(here.characters.lowerBound, lines[row].cursor)]))
            let there = rows[target]
            let targetText = Array(lines[there.line].text)
            var offset = there.characters.lowerBound
            var used = 0
            let last = there.endsLine ? there.characters.upperBound : max(there.characters.lowerBound, there.characters.upperBound - 1)
            while offset < last, used + CellWidth.of(targetText[offset]) <= column {
                used += CellWidth.of(targetText[offset])
                offset += 1
            }
            lines[there.line].moveCursor(to: offset)
            row = there.line
            return true
        }
        switch key {
        case .enter:
            let line = lines[row]
            let head = String(line.text.prefix(line.cursor))
            let tail = String(line.text.dropFirst(line.cursor))
            lines[row] = LineEditor(head)
            var next = LineEditor(tail)
            next.moveCursor(to: 0)
            lines.insert(next, at: row + 1)
            row += 1
        case .up:
            guard row > 0 else { return false }
            move(to: row - 1)
        case .down:
            guard row < lines.count - 1 else { return false }
            move(to: row + 1)
        case .backspace where lines[row].cursor == 0 && row > 0:
            let joined = lines[row - 1].text.count
            var merged = LineEditor(lines[row - 1].text + lines[row].text)
            merged.moveCursor(to: joined)
            lines[row - 1] = merged
            lines.remove(at: row)
            row -= 1
        case .delete where lines[row].cursor == lines[row].text.count && row < lines.count - 1:
            let at = lines[row].cursor
            var merged = LineEditor(lines[row].text + lines[row + 1].text)
            merged.moveCursor(to: at)
            lines[row] = merged
            lines.remove(at: row + 1)
        default:
            return lines[row].handle(key)
        }
        return true
    }

    /// Moves to another line, keeping the cursor's column in cells as far as it goes.
    private mutating func move(to target: Int) {
        let column = CellWidth.of(String(lines[row].text.prefix(lines[row].cursor)))
        var offset = 0
        var used = 0
        for character in lines[target].text {
            let cells = CellWidth.of(character)
            if used + cells > column { break }
            used += cells
            offset += 1
        }
        lines[target].moveCursor(to: offset)
        row = target
    }
}
