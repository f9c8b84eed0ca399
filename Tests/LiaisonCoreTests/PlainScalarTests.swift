import Foundation
import Testing
@testable import LiaisonCore

/// Text of plain scalars skips Unicode normalisation: it must come out exactly as the
/// normalising way makes it.
struct PlainScalarTests {
    static let plain: [Unicode.Scalar] = (0..<0xA000).compactMap { Unicode.Scalar(UInt32($0)) }.filter(PlainScalars.contains)

    @Test func eachPlainScalarIsNFCAndFoldsAsTheNormalisingWay() {
        #expect(Self.plain.count > 20_000)
        for scalar in Self.plain {
            let text = String(scalar)
            #expect(text.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(text.unicodeScalars))
            if scalar != "\n" { #expect(SearchText.fold(text) == SearchText.normalisedFold(text), "U+\(String(scalar.value, radix: 16))") }
        }
    }

    @Test func textOfPlainScalarsIsNFCAndFoldsAsTheNormalisingWay() {
        var random = SplitMix64(seed: 11)
        // Mostly from the blocks names are written in, so that neighbours meet.
        let near = Self.plain.filter { $0.value < 0x700 || (0x1200...0x137F).contains($0.value) }
        for _ in 0..<5_000 {
            let length = random.int(1...12)
            let scalars = (0..<length).map { _ in random.chance(0.8) ? random.pick(near) : random.pick(Self.plain) }
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars)
            let line = String(text).replacingOccurrences(of: "\n", with: " ")
            #expect(line.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(line.unicodeScalars))
            #expect(SearchText.fold(line) == SearchText.normalisedFold(line), "\(line.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    /// The table looked up is what the scalars' properties say.
    @Test func theTableOfPlainScalarsIsWhatTheirPropertiesSay() {
        for value in UInt32(0x300)..<0x4E00 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(PlainScalars.contains(scalar) == PlainScalars.plain(scalar), "U+\(String(value, radix: 16))")
        }
    }

    @Test func marksAndOtherScriptsTakeTheNormalisingWay() {
        #expect(!PlainScalars.contains("\u{0301}"))  // combining acute
        #expect(!PlainScalars.contains("\u{064E}"))  // Arabic fatha
        #expect(!PlainScalars.contains("\u{0654}"))  // hamza above, which composes with alef
        #expect(!PlainScalars.contains("Σ"))         // Greek: a final sigma lowers by its context
        #expect(!PlainScalars.contains("\u{1161}"))  // Hangul vowel jamo, which composes
        #expect(!PlainScalars.contains("\u{2126}"))  // the ohm sign, which NFC replaces
        #expect(SearchText.fold("e\u{0301}te\u{0301}") == "ete")
        #expect(TextCleaner.singleLine("e\u{0301}") == "\u{00E9}")
        #expect(TextCleaner.multiLine("Ωhm \u{2126}") == "Ωhm \u{03A9}")
        // A control character between a letter and its accent goes before the text is
        // normalised, so the two still compose.
        #expect(TextCleaner.singleLine("e\u{07}\u{0301}") == "\u{00E9}")
        #expect(TextCleaner.multiLine("e\u{07}\u{0301}\r\nb") == "\u{00E9}\nb")
    }

    @Test func textOfSeveralLinesFoldsAsItsLinesOneByOne() {
        var random = SplitMix64(seed: 12)
        let pool: [Unicode.Scalar] = Self.plain.filter { $0.value < 0x700 } + ["\u{0301}", "Σ", "\u{064E}", "\n", "\n", "A", "é"]
        for _ in 0..<3_000 {
            var text = String.UnicodeScalarView()
            text.append(contentsOf: (0..<random.int(1...24)).map { _ in random.pick(pool) })
            let whole = String(text)
            let byLine = whole.split(separator: "\n", omittingEmptySubsequences: false)
                .map { SearchText.normalisedFold(String($0)) }.joined(separator: "\n")
            #expect(SearchText.fold(whole) == byLine, "\(whole.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    /// The cleaner trims white space itself, on the path of every save: it must trim what
    /// Foundation's sets name, no more and no less.
    @Test func trimmingTakesWhatFoundationsWhiteSpaceSetsTake() {
        for value in UInt32(0)..<0x10000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(scalar) + "x" + String(scalar)
            #expect(TextCleaner.trimmed(text, newlines: false) == text.trimmingCharacters(in: .whitespaces),
                    "U+\(String(value, radix: 16))")
            #expect(TextCleaner.trimmed(text, newlines: true) == text.trimmingCharacters(in: .whitespacesAndNewlines),
                    "U+\(String(value, radix: 16))")
        }
        #expect(TextCleaner.trimmed(" \u{3000}\t", newlines: false) == "")
        #expect(TextCleaner.singleLine("\u{3000}Amina\u{00A0}") == "Amina")
        #expect(TextCleaner.multiLine("\u{2028}Ligne\u{0085}\n") == "Ligne")
    }
}
