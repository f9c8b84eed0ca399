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

    /// The whole text, lines joined by newlines.
    public var text: String { lines.map(\.text).joined(separator: "\n") }

    public var current: LineEditor { lines[row] }

    /// Replaces the text (from an outside editor), cursor at the end.
    public mutating func replace(with text: String) {
        self = TextArea(text, multiline: isMultiline)
    }

    /// Applies an editing key; false when the key is not for the text, or moves the cursor
    /// out of it (up from the first line, down from the last).
    public mutating func handle(_ key: Key) -> Bool {
        guard isMultiline else { return lines[0].handle(key) }
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
