import Foundation

/// Turns text into the form the full-text index holds, and what people type into an
/// FTS5 query, so that search ignores case and accents in every script.
public enum SearchText {
    /// Lower-cased, with accents and other combining marks removed (é → e, أ → ا, ё → е),
    /// Arabic letters people write for one another taken as one (ة as ه, ى and ی as ي,
    /// ک as ك), and each CJK character standing as a word of its own so that part of a
    /// Chinese name can be found.
    public static func fold(_ text: String) -> String {
        // Plain ASCII has no marks, no letters written for one another and no ideographs:
        // lowering it is all the folding it needs (most of what a store indexes).
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        // Most other text folds a scalar at a time (see `PlainScalars`), newlines and all.
        if PlainScalars.all(text) {
            var folded: [UInt8] = []
            folded.reserveCapacity(text.utf8.count + 16)
            for scalar in text.unicodeScalars {
                let value = scalar.value
                if value < 0x80 {
                    folded.append(UInt8(truncatingIfNeeded: value) | (value >= 0x41 && value <= 0x5A ? 0x20 : 0))
                } else if isIdeographic(scalar) {
                    folded.append(0x20)
                    UTF8.encode(scalar) { folded.append($0) }
                    folded.append(0x20)
                } else if let plain = plainFolds[value] {
                    folded.append(contentsOf: plain.utf8)
                } else {
                    UTF8.encode(scalar) { folded.append($0) }
                }
            }
            return String(decoding: folded, as: UTF8.self)
        }
        // Folding works within a line: only the lines that need it take the long way.
        if text.utf8.contains(0x0A) {
            return text.split(separator: "\n", omittingEmptySubsequences: false).map { fold(String($0)) }.joined(separator: "\n")
        }
        return normalisedFold(text)
    }

    /// How each plain scalar other than ASCII and ideographs folds, worked out once by
    /// folding it alone the long way.
    private static let plainFolds: [UInt32: String] = {
        var folds: [UInt32: String] = [:]
        for range in [0x80..<0x300, 0x400..<0x500, 0x600..<0x700, 0x1200..<0x1380, 0x2010..<0x2028] {
            for value in range {
                guard let scalar = Unicode.Scalar(UInt32(value)), PlainScalars.contains(scalar) else { continue }
                folds[UInt32(value)] = normalisedFold(String(scalar))
            }
        }
        return folds
    }()

    /// Folds one line through Unicode normalisation: what `fold` does for any text.
    static func normalisedFold(_ text: String) -> String {
        var kept = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark: continue
            default: break
            }
            if scalar == "\u{0640}" { continue } // Arabic tatweel stretches a word; it is no letter
            kept.append(sameLetter[scalar] ?? scalar)
        }
        let composed = String(kept).precomposedStringWithCanonicalMapping.lowercased()
        guard composed.unicodeScalars.contains(where: isIdeographic) else { return composed }
        var spaced = String.UnicodeScalarView()
        for scalar in composed.unicodeScalars {
            if isIdeographic(scalar) {
                spaced.append(" ")
                spaced.append(scalar)
                spaced.append(" ")
            } else {
                spaced.append(scalar)
            }
        }
        return String(spaced)
    }

    /// Letters written in place of one another: ta marbuta as ha (خديجه for خديجة), alef
    /// maqsura as ya, and the Persian forms of ya and kaf.
    static let sameLetter: [Unicode.Scalar: Unicode.Scalar] = [
        "\u{0629}": "\u{0647}", "\u{0649}": "\u{064A}", "\u{06CC}": "\u{064A}", "\u{06A9}": "\u{0643}",
    ]

    /// The FTS5 expression for a search typed by a person: every word must match, each as
    /// a prefix (`ami` finds `Amina`); nil when nothing in it can be searched.
    public static func matchExpression(_ typed: String) -> String? {
        let phrases = typed.split(whereSeparator: { $0.isWhitespace }).compactMap { word -> String? in
            let tokens = fold(String(word))
                .split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            guard !tokens.isEmpty else { return nil }
            return "\"" + tokens.joined(separator: " ") + "\"*"
        }
        return phrases.isEmpty ? nil : phrases.joined(separator: " ")
    }

    /// Han, kana and Hangul, which are written without spaces between words.
    static func isIdeographic(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF,
             0x20000...0x3134F:
            return true
        default:
            return false
        }
    }
}
