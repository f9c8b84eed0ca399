/// One terminal cell: a user-perceived character and its style. A character two cells
/// wide sits in its first cell; the second holds an empty continuation.
public struct Cell: Sendable, Hashable {
    /// The character drawn, with its combining marks; empty in the second half of a wide one.
    public var grapheme: String
    public var style: Style

    public init(_ grapheme: String = " ", style: Style = .text) {
        self.grapheme = grapheme
        self.style = style
    }

    public static let blank = Cell()
    public var isContinuation: Bool { grapheme.isEmpty }
}

/// A frame: a grid of cells that screens draw into and a terminal shows. Drawing clips to
/// the buffer and never splits a wide character.
public struct ScreenBuffer: Sendable, Equatable {
    public let size: Size
    private var cells: [Cell]
    /// Whether text written right to left is laid out for display as it is drawn (see
    /// `Bidi`); off for terminals that do their own.
    public var laysOutRightToLeft = false

    public init(size: Size) {
        self.size = Size(width: max(0, size.width), height: max(0, size.height))
        cells = Array(repeating: .blank, count: self.size.width * self.size.height)
    }

    public init(width: Int, height: Int) {
        self.init(size: Size(width: width, height: height))
    }

    public var area: Rect { Rect(x: 0, y: 0, width: size.width, height: size.height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * size.width + x] }
        set { cells[y * size.width + x] = newValue }
    }

    // MARK: - Drawing

    /// Draws text from (x, y), clipped to `limit` cells and to the buffer, and returns the
    /// cells used. Control characters show as spaces; a wide character that would not fit
    /// whole leaves a space instead. Right-to-left runs are turned for display unless
    /// `asTyped` (text being edited, whose cursor counts in typing order).
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .text, limit: Int? = nil,
                             asTyped: Bool = false) -> Int {
        guard y >= 0, y < size.height, x < size.width else { return 0 }
        let end = min(size.width, limit.map { x + max(0, $0) } ?? size.width)
        // Cut to the room in typing order first: laid out, a right-to-left run's start is
        // on its right, and cutting after would keep its end.
        let laidOut = laysOutRightToLeft && !asTyped && text.unicodeScalars.contains(where: Bidi.isRightToLeft)
        let text = laidOut ? Bidi.visual(Self.prefix(text, cells: end - x)) ?? text : text
        var column = x
        for character in text {
            guard column < end else { break }
            var width = CellWidth.of(character)
            var grapheme = String(character)
            if character.unicodeScalars.first.map({ $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }) ?? false {
                grapheme = " "
                width = 1
            }
            if width == 0 { continue }
            if column + width > end {
                while column < end { setCell(column, y, Cell(" ", style: style)); column += 1 }
                break
            }
            if column >= 0 {
                setCell(column, y, Cell(grapheme, style: style))
                if width == 2 { setCell(column + 1, y, Cell("", style: style)) }
            }
            column += width
        }
        return max(0, column - x)
    }

    /// As many whole characters of `text` as fit in `cells`.
    static func prefix(_ text: String, cells: Int) -> String {
        var used = 0
        var out = ""
        for character in text {
            used += CellWidth.of(character)
            if used > cells { break }
            out.append(character)
        }
        return out
    }

    /// Draws text cut to `width` cells with an ellipsis when longer, then pads with spaces
    /// in the same style up to `width`.
    public mutating func put(fitting text: String, x: Int, y: Int, width: Int, style: Style = .text) {
        guard width > 0 else { return }
        let used = put(CellWidth.truncate(text, to: width), x: x, y: y, style: style, limit: width)
        fill(Rect(x: x + used, y: y, width: width - used, height: 1), style: style)
    }

    /// Text aligned to the right edge of a span ending before `maxX`.
    public mutating func put(rightAligned text: String, maxX: Int, y: Int, style: Style = .text) {
        let width = CellWidth.of(text)
        put(text, x: maxX - width, y: y, style: style, limit: width)
    }

    /// Fills a rectangle with spaces in a style.
    public mutating func fill(_ rect: Rect, style: Style = .text) {
        let clipped = rect.intersection(area)
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX { setCell(x, y, Cell(" ", style: style)) }
        }
    }

    /// Sets a cell, first blanking the other half of any wide character it cuts through.
    private mutating func setCell(_ x: Int, _ y: Int, _ cell: Cell) {
        guard x >= 0, x < size.width else { return }
        let index = y * size.width + x
        let old = cells[index]
        if old.isContinuation, !cell.isContinuation, x > 0 {
            cells[index - 1] = Cell(" ", style: cells[index - 1].style)
        }
        if !old.isContinuation, CellWidth.of(old.grapheme) == 2, x + 1 < size.width {
            cells[index + 1] = Cell(" ", style: cells[index + 1].style)
        }
        cells[index] = cell
    }

    // MARK: - Reading back

    /// The text of one row, wide characters once, trailing spaces kept.
    public func text(row y: Int) -> String {
        var line = ""
        for x in 0..<size.width where !self[x, y].isContinuation { line += self[x, y].grapheme }
        return line
    }

    /// Every row as text without trailing spaces, as a person would read the screen.
    public var lines: [String] {
        (0..<size.height).map { y in
            var line = text(row: y)
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    // MARK: - Difference

    /// A run of changed cells on one row that share a style, ready to be sent at once.
    public struct Span: Sendable, Equatable {
        public var x: Int
        public var y: Int
        public var text: String
        public var style: Style
        /// Cells the text covers.
        public var width: Int
    }

    /// What must be sent to turn `previous` into this frame; everything when there is no
    /// previous frame or its size differs. Runs never start on the second half of a wide
    /// character.
    public func changes(from previous: ScreenBuffer?) -> [Span] {
        let old = previous.flatMap { $0.size == size ? $0 : nil }
        var spans: [Span] = []
        var changed = [Bool](repeating: false, count: size.width)
        for y in 0..<size.height {
            let row = y * size.width
            for x in 0..<size.width { changed[x] = old.map { $0.cells[row + x] != cells[row + x] } ?? true }
            // A wide character is sent whole: a change to either half resends both.
            for x in 1..<max(1, size.width) where changed[x] && cells[row + x].isContinuation { changed[x - 1] = true }
            var x = 0
            while x < size.width {
                guard changed[x] else { x += 1; continue }
                var span = Span(x: x, y: y, text: "", style: cells[row + x].style, width: 0)
                while x < size.width, changed[x] || cells[row + x].isContinuation {
                    let cell = cells[row + x]
                    if !cell.isContinuation {
                        if cell.style != span.style && span.width > 0 { break }
                        span.text += cell.grapheme
                    }
                    span.width += 1
                    x += 1
                }
                spans.append(span)
            }
        }
        return spans
    }
}

extension Rect {
    /// The cells both rectangles cover.
    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x)
        let top = max(y, other.y)
        return Rect(x: left, y: top, width: min(maxX, other.maxX) - left, height: min(maxY, other.maxY) - top)
    }
}
