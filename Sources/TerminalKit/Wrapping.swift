/// Where text breaks into rows of at most a given number of cells: after the spaces that
/// end a word where it can, inside a word only when the word alone is wider than a row.
/// Pages and forms wrap with it, so text reads the same wherever it is shown.
public enum Wrapping {
    /// The rows of one line (without newlines), as ranges of its characters. Every
    /// character is in exactly one row, so a cursor can be placed in them; the spaces at
    /// the end of a row may run past the width, since they show nothing.
    public static func rows(_ characters: [Character], width: Int) -> [Range<Int>] {
        let width = max(1, width)
        guard !characters.isEmpty else { return [0..<0] }
        var rows: [Range<Int>] = []
        var start = 0
        while start < characters.count {
            var used = 0
            var end = start
            var afterSpace: Int?
            while end < characters.count {
                let character = characters[end]
                let cells = CellWidth.of(character)
                if character != " ", used + cells > width { break }
                used += cells
                end += 1
                if character == " " { afterSpace = end }
            }
            // A word that does not fit starts the next row, unless it is the row's only word.
            if end < characters.count, let afterSpace { end = afterSpace }
            if end == start { end = start + 1 }
            rows.append(start..<end)
            start = end
        }
        return rows
    }

    /// Text cut into rows of `width` cells, the rows after the first indented by `indent`
    /// spaces, as an item of a list runs on under its first word.
    public static func hanging(_ text: String, width: Int, indent: Int = 2) -> [String] {
        lines(text, width: width).enumerated().map { number, row in
            number == 0 ? row : String(repeating: " ", count: indent) + row
        }
    }

    /// Text of several paragraphs cut into rows of at most `width` cells, the spaces where
    /// a row breaks left out.
    public static func lines(_ text: String, width: Int) -> [String] {
        var out: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let characters = Array(paragraph)
            for range in rows(characters, width: width) {
                var row = characters[range]
                while row.last == " ", range.upperBound < characters.count { row = row.dropLast() }
                out.append(String(row))
            }
        }
        return out
    }
}
