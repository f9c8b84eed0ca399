import Foundation

/// Makes typed or imported text safe to store: Unicode NFC, no control characters, no
/// stray white space. Nothing else about the text changes.
public enum TextCleaner {
    /// A one-line value (a name, a title, a place): line breaks and tabs become spaces,
    /// other control characters go, and the ends are trimmed.
    public static func singleLine(_ text: String) -> String {
        // Printable ASCII is already one clean line: only its ends may need trimming.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return trimmed(text, newlines: false) }
        // Most other text has nothing to replace or remove either.
        if isClean(text, newlines: false) { return trimmed(nfc(text), newlines: false) }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar == "\r" || scalar == "\t" || scalar == "\u{2028}" || scalar == "\u{2029}" {
                scalars.append(" ")
            } else if !isControl(scalar) {
                scalars.append(scalar)
            }
        }
        // Normalised once the control characters are gone: one between a letter and its
        // accent would have kept them apart.
        return trimmed(nfc(String(scalars)), newlines: false)
    }

    /// A multi-line value (a summary, notes): line ends become `\n`, tabs become spaces,
    /// other control characters go, and trailing white space is trimmed.
    public static func multiLine(_ text: String) -> String {
        // Printable ASCII in lines ended by \n is already clean: only its ends may need trimming.
        if text.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A }) { return trimmed(text, newlines: true) }
        if isClean(text, newlines: true) { return trimmed(nfc(text), newlines: true) }
        var scalars = String.UnicodeScalarView()
        var previousWasReturn = false
        for scalar in text.unicodeScalars {
            defer { previousWasReturn = scalar == "\r" }
            switch scalar {
            case "\r", "\u{2028}", "\u{2029}": scalars.append("\n")
            case "\n": if !previousWasReturn { scalars.append("\n") }
            case "\t": scalars.append(" ")
            default: if !isControl(scalar) { scalars.append(scalar) }
            }
        }
        return trimmed(nfc(String(scalars)), newlines: true)
    }

    /// `text` in Unicode NFC; text of plain scalars already is (see `PlainScalars`).
    private static func nfc(_ text: String) -> String {
        PlainScalars.all(text) ? text : text.precomposedStringWithCanonicalMapping
    }

    /// Whether `text` holds nothing the cleaner replaces or removes: no control character
    /// but `\n` (when `newlines` are kept), and no other line or paragraph separator.
    private static func isClean(_ text: String, newlines: Bool) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            if scalar == "\n" { return newlines }
            return !isControl(scalar) && scalar != "\u{2028}" && scalar != "\u{2029}"
        }
    }

    /// `text` without white space at its ends, and with `newlines` without line ends
    /// either: what Foundation's `whitespaces` and `whitespacesAndNewlines` trim.
    static func trimmed(_ text: String, newlines: Bool) -> String {
        func blank(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x09: return true
            case 0x0A...0x0D, 0x85: return newlines
            case 0x20, 0x200B: return true  // Foundation's sets hold the zero-width space too
            case 0x21..<0x80: return false
            default:
                switch scalar.properties.generalCategory {
                case .spaceSeparator: return true
                case .lineSeparator, .paragraphSeparator: return newlines
                default: return false
                }
            }
        }
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last, blank(first) || blank(last) else { return text }
        guard let start = scalars.firstIndex(where: { !blank($0) }),
              let end = scalars.lastIndex(where: { !blank($0) }) else { return "" }
        return String(scalars[start...end])
    }

    /// C0 and C1 control characters and DEL; format characters such as the right-to-left
    /// mark are kept, since names in Arabic need them.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
