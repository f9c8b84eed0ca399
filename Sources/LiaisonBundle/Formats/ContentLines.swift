/// Content lines as vCard (RFC 6350) and iCalendar (RFC 5545) write them: values escaped,
/// lines folded at 75 octets without splitting a character, CRLF at the end.
enum ContentLines {
    /// Escapes a TEXT value: backslash, comma, semicolon and line breaks.
    static func text(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ",": out += "\\,"
            case ";": out += "\\;"
            case "\n": out += "\\n"
            case "\r": break
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Quotes a parameter value when it holds a character that would end it; a double quote
    /// cannot appear in a parameter at all, so it becomes a single one.
    static func parameter(_ value: String) -> String {
        let cleaned = String(value.unicodeScalars.compactMap { scalar -> Character? in
            switch scalar {
            case "\"": "'"
            case "\n", "\r": " "
            default: Character(scalar)
            }
        })
        return cleaned.contains(where: { ",;:".contains($0) }) ? "\"\(cleaned)\"" : cleaned
    }

    /// `NAME[;PARAMS]:value` folded to lines of at most 75 octets, each ending in CRLF.
    static func line(_ name: String, _ value: String) -> String {
        let whole = name + ":" + value
        guard whole.utf8.count > 75 else { return whole + "\r\n" }
        var out = ""
        var width = 0
        for scalar in whole.unicodeScalars {
            let size = String(scalar).utf8.count
            if width + size > 75 {
                out += "\r\n "
                width = 1
            }
            out.unicodeScalars.append(scalar)
            width += size
        }
        return out + "\r\n"
    }
}
