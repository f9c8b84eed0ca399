import Foundation

/// Makes typed or imported text safe to store: Unicode NFC, no control characters, no
/// stray white space. Nothing else about the text changes.
public enum TextCleaner {
    /// A one-line value (a name, a title, a place): line breaks and tabs become spaces,
    /// other control characters go, and the ends are trimmed.
    public static func singleLine(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar == "\n" || scalar == "\r" || scalar == "\t" || scalar == "\u{2028}" || scalar == "\u{2029}" {
                scalars.append(" ")
            } else if !isControl(scalar) {
                scalars.append(scalar)
            }
        }
        return String(scalars).trimmingCharacters(in: .whitespaces)
    }

    /// A multi-line value (a summary, notes): line ends become `\n`, tabs become spaces,
    /// other control characters go, and trailing white space is trimmed.
    public static func multiLine(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var previousWasReturn = false
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            defer { previousWasReturn = scalar == "\r" }
            switch scalar {
            case "\r", "\u{2028}", "\u{2029}": scalars.append("\n")
            case "\n": if !previousWasReturn { scalars.append("\n") }
            case "\t": scalars.append(" ")
            default: if !isControl(scalar) { scalars.append(scalar) }
            }
        }
        return String(scalars).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// C0 and C1 control characters and DEL; format characters such as the right-to-left
    /// mark are kept, since names in Arabic need them.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
