/// How many terminal cells text takes, with `wcwidth` semantics: CJK and emoji take two
/// cells, combining marks none, everything else printable one. Layout and drawing both use
/// this one function, so what is measured is what is drawn.
public enum CellWidth {
    /// Cells taken by one Unicode scalar: 0, 1 or 2.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x7F { return value >= 0x20 ? 1 : 0 }
        if value < 0xA0 { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return 0
        case .format: return value == 0xAD ? 1 : 0
        default: break
        }
        if (0x1160...0x11FF).contains(value) || value == 0x200B { return 0 }
        return isWide(value) ? 2 : 1
    }

    /// Cells taken by one user-perceived character: its base's width, two for an emoji
    /// presentation sequence, never more than two.
    public static func of(_ character: Character) -> Int {
        var total = 0
        var emojiPresentation = false
        for scalar in character.unicodeScalars {
            if scalar.value == 0xFE0F { emojiPresentation = true }
            total += of(scalar)
        }
        if emojiPresentation, let first = character.unicodeScalars.first, first.properties.isEmoji { return 2 }
        return min(total, 2)
    }

    /// Cells taken by a string.
    public static func of(_ text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    /// The text cut to at most `width` cells at a character boundary, ending in `…` when cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        guard of(text) > width else { return text }
        var out = ""
        var used = 0
        for character in text {
            let cells = of(character)
            if used + cells > width - 1 { break }
            out.append(character)
            used += cells
        }
        return out + "…"
    }

    /// The text cut or padded with spaces to exactly `width` cells.
    public static func fit(_ text: String, to width: Int) -> String {
        let cut = truncate(text, to: width)
        return cut + String(repeating: " ", count: max(0, width - of(cut)))
    }

    static func isWide(_ value: UInt32) -> Bool {
        var low = 0
        var high = wideRanges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = wideRanges[middle]
            if value < range.lowerBound {
                high = middle - 1
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }
}

/// A one-line chart of values: `▁▃▅▇`, a space where there is no value.
public enum Sparkline {
    public static func of(_ values: [Double?], range: ClosedRange<Double>? = nil) -> String {
        let present = values.compactMap { $0 }
        guard let low = range?.lowerBound ?? present.min(), let high = range?.upperBound ?? present.max() else {
            return String(repeating: " ", count: values.count)
        }
        let bars = Array("▁▂▃▄▅▆▇█")
        return String(values.map { value -> Character in
            guard let value, value.isFinite else { return " " }
            guard high > low, (high - low).isFinite else { return bars[bars.count / 2] }
            // Clamped before it becomes an index, so that no value, however wild, traps.
            let position = min(1, max(0, (value - low) / (high - low)))
            return bars[Int((position * Double(bars.count - 1)).rounded())]
        })
    }
}
