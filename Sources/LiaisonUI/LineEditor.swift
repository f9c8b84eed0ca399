import TerminalKit

/// One line of text being typed, in any script: the cursor moves by user-perceived
/// character, so a combining accent or a wide character is never split.
public struct LineEditor: Sendable, Equatable, Codable {
    public private(set) var text: String
    /// The cursor, as a count of characters before it.
    public private(set) var cursor: Int

    public init(_ text: String = "") {
        self.text = text
        cursor = text.count
    }

    private enum CodingKeys: String, CodingKey { case text, cursor }

    /// Read back from a draft, which the store holds as text anyone could have edited: the
    /// cursor is kept within the text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        text = try container.decode(String.self, forKey: .text)
        cursor = max(0, min(text.count, try container.decode(Int.self, forKey: .cursor)))
    }

    /// Puts the cursor before the character at `offset`, kept within the text.
    public mutating func moveCursor(to offset: Int) {
        cursor = max(0, min(text.count, offset))
    }

    /// Applies an editing key; false when the key is not an editing key.
    public mutating func handle(_ key: Key) -> Bool {
        if case .character(let character) = key {
            insert(character)
            return true
        }
        guard case .text(let command) = KeyTable.command(for: key, in: .text) else { return false }
        switch command {
        case .left:
            cursor = max(0, cursor - 1)
        case .right:
            cursor = min(text.count, cursor + 1)
        case .start:
            cursor = 0
        case .end:
            cursor = text.count
        case .deleteBackward:
            guard cursor > 0 else { return true }
            text.remove(at: index(cursor - 1))
            cursor -= 1
        case .deleteForward:
            guard cursor < text.count else { return true }
            text.remove(at: index(cursor))
        case .deleteToStart:
            text.removeSubrange(text.startIndex..<index(cursor))
            cursor = 0
        case .deleteToEnd:
            text.removeSubrange(index(cursor)...)
        case .deleteWord:
            let before = text[..<index(cursor)]
            let trimmed = before.reversed().drop(while: { $0 == " " }).drop(while: { $0 != " " })
            let start = trimmed.count
            text.removeSubrange(index(start)..<index(cursor))
            cursor = start
        }
        return true
    }

    public mutating func insert(_ character: Character) {
        let count = text.count
        text.insert(character, at: index(cursor))
        // A combining mark joins the character before it: the count may not grow.
        cursor += text.count - count
    }

    private func index(_ offset: Int) -> String.Index {
        text.index(text.startIndex, offsetBy: offset)
    }

    /// What to draw in a field `width` cells wide, scrolled so the cursor shows, and the
    /// cursor's cell within it.
    public func visible(width: Int) -> (text: String, cursorX: Int) {
        guard width > 1 else { return ("", 0) }
        let characters = Array(text)
        let beforeCursor = characters[..<cursor].reduce(0) { $0 + CellWidth.of($1) }
        // Keep the cursor inside the field, leaving its last cell for the cursor itself.
        var start = 0
        var skipped = 0
        while beforeCursor - skipped > width - 1, start < cursor {
            skipped += CellWidth.of(characters[start])
            start += 1
        }
        var shown = ""
        var used = 0
        for character in characters[start...] {
            let cells = CellWidth.of(character)
            if used + cells > width { break }
            shown.append(character)
            used += cells
        }
        return (shown, beforeCursor - skipped)
    }
}
