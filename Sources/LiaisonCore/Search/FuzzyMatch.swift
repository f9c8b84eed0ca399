/// Matching a few typed letters against names and labels in any script, as pickers do:
/// `amn` finds `Amina`, `ali has` finds `Hassan Ali`, `zaynab` does not find `Amina`.
///
/// Case and accents are ignored as in search (`SearchText.fold`). Every typed word must
/// appear, in any order; its letters must come in order, possibly apart. A word found
/// whole, matches at the start of words, and letters that follow each other score higher.
public struct FuzzyMatch: Sendable {
    private let words: [[Character]]

    /// A matcher for what was typed; it matches everything when nothing was.
    public init(_ typed: String) {
        words = SearchText.fold(typed).split(separator: " ").map { Array($0) }
    }

    public var isEmpty: Bool { words.isEmpty }

    /// How well `text` matches: higher is better; nil when it does not match.
    public func score(_ text: String) -> Int? {
        score(prepared: Self.prepare(text))
    }

    /// A candidate folded once, for matching it against each new thing typed.
    public static func prepare(_ text: String) -> [Character] { Array(SearchText.fold(text)) }

    /// How well a prepared candidate matches.
    public func score(prepared candidate: [Character]) -> Int? {
        guard !words.isEmpty else { return 0 }
        var total = 0
        for word in words {
            guard let score = Self.score(word, in: candidate) else { return nil }
            total += score
        }
        return total
    }

    /// The best of a word's matches, trying each place its first letter appears. A word
    /// found whole, and above all at the start of a word, beats letters found apart.
    private static func score(_ word: [Character], in candidate: [Character]) -> Int? {
        var best: Int?
        if let at = wholeWord(word, in: candidate) {
            best = 10 * word.count + (at == 0 || !candidate[at - 1].isLetter && !candidate[at - 1].isNumber ? 20 : 0)
        }
        for start in candidate.indices where candidate[start] == word[0] {
            var score = 0
            var position = start
            var previous = -2
            var matched = true
            for letter in word {
                guard let found = candidate[position...].firstIndex(of: letter) else {
                    matched = false
                    break
                }
                let atWordStart = found == 0 || !candidate[found - 1].isLetter && !candidate[found - 1].isNumber
                score += 1 + (atWordStart ? 8 : 0) + (found == previous + 1 ? 5 : 0)
                previous = found
                position = found + 1
            }
            guard matched else { break }
            if start == 0 { score += 4 }
            best = max(best ?? score, score)
        }
        return best
    }

    /// Where the word appears with its letters together, preferring the start of a word.
    private static func wholeWord(_ word: [Character], in candidate: [Character]) -> Int? {
        guard word.count <= candidate.count else { return nil }
        var found: Int?
        for start in 0...(candidate.count - word.count) where Array(candidate[start..<(start + word.count)]) == word {
            if start == 0 || !candidate[start - 1].isLetter && !candidate[start - 1].isNumber { return start }
            found = found ?? start
        }
        return found
    }
}
