/// Text that came from outside (a bundle, a store file, standard input, an argument, the
/// environment) made safe to print on a terminal: control characters cannot move the
/// cursor, clear a line or forge what follows.
public enum TextSafety {
    /// `text` with every control character (C0, DEL, C1) and every bidirectional override
    /// written as a visible `\u{…}` escape, cut to `limit` characters with an ellipsis.
    public static func cleaned(_ text: some StringProtocol, limit: Int = 200) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            guard count < limit else {
                result += "…"
                break
            }
            if isUnsafe(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return result
    }

    /// `text` cleaned and between quotation marks, as error sentences quote what was given.
    public static func quoted(_ text: some StringProtocol, limit: Int = 200) -> String {
        "“" + cleaned(text, limit: limit) + "”"
    }

    /// True for control characters and for the marks that reorder or hide text around them.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
