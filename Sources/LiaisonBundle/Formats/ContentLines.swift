/// Content lines as vCard (RFC 6350) and iCalendar (RFC 5545) write them, straight into
/// bytes: TEXT values escaped, lines folded at 75 octets without splitting a character,
/// CRLF at the end of each.
struct ContentLines {
    var bytes: [UInt8] = []
    private var column = 0

    init() { bytes.reserveCapacity(4096) }

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// `NAME:value` with the value escaped as TEXT; nothing when the value is empty.
    mutating func text(_ name: String, _ value: String) {
        guard !value.isEmpty else { return }
        begin(name)
        append(value, escaped: true)
        end()
    }

    /// `NAME:value` with the value as it is (a date, a code, a URI); nothing when empty.
    mutating func value(_ name: String, _ value: String) {
        guard !value.isEmpty else { return }
        begin(name)
        append(value, escaped: false)
        end()
    }

    /// `NAME:a;b;c`, a structured value whose parts are escaped TEXT.
    mutating func parts(_ name: String, _ parts: [String]) {
        begin(name)
        for (index, part) in parts.enumerated() {
            if index > 0 { put(UInt8(ascii: ";")) }
            append(part, escaped: true)
        }
        end()
    }

    /// A parameter value, quoted when it holds a character that would end it; a double
    /// quote cannot appear in one at all, so it becomes a single one.
    static func parameter(_ value: String) -> String {
        let cleaned = String(value.unicodeScalars.map { scalar -> Character in
            switch scalar {
            case "\"": "'"
            case "\n", "\r": " "
            default: Character(scalar)
            }
        })
        return cleaned.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: ":") })
            ? "\"\(cleaned)\"" : cleaned
    }

    private mutating func begin(_ name: String) {
        column = 0
        append(name, escaped: false)
        put(UInt8(ascii: ":"))
    }

    private mutating func end() {
        bytes.append(contentsOf: [0x0D, 0x0A])
        column = 0
    }

    /// Appends text a character's bytes at a time, so a fold never splits one.
    private mutating func append(_ text: String, escaped: Bool) {
        var text = text
        text.withUTF8 { utf8 in
            var index = 0
            while index < utf8.count {
                let lead = utf8[index]
                if lead < 0x80 {
                    index += 1
                    if escaped {
                        switch lead {
                        case UInt8(ascii: "\\"), UInt8(ascii: ","), UInt8(ascii: ";"):
                            put(UInt8(ascii: "\\"), lead)
                            continue
                        case 0x0A:
                            put(UInt8(ascii: "\\"), UInt8(ascii: "n"))
                            continue
                        case 0x0D:
                            continue
                        default:
                            break
                        }
                    }
                    put(lead)
                    continue
                }
                // A multi-byte character: the lead byte and its continuation bytes together.
                var end = index + 1
                while end < utf8.count, utf8[end] & 0xC0 == 0x80 { end += 1 }
                fold(end - index)
                bytes.append(contentsOf: utf8[index..<end])
                column += end - index
                index = end
            }
        }
    }

    private mutating func put(_ byte: UInt8) {
        fold(1)
        bytes.append(byte)
        column += 1
    }

    private mutating func put(_ first: UInt8, _ second: UInt8) {
        fold(2)
        bytes.append(first)
        bytes.append(second)
        column += 2
    }

    /// Starts a continuation line when `count` more bytes would pass 75 octets.
    private mutating func fold(_ count: Int) {
        if column + count > 75 {
            bytes.append(contentsOf: [0x0D, 0x0A, 0x20])
            column = 1
        }
    }
}
