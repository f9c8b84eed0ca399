/// Matching a few typed letters against names and labels in any script, as pickers do:
/// `amn` finds `Amina`, `ali has` finds `Hassan Ali`, `zaynab` does not find `Amina`.
///
/// Case and accents are ignored as in search (`SearchText.fold`). Every typed word must
/// appear, in any order; its letters must come in order, possibly apart. A word found
/// whole, matches at the start of words, and letters that follow each other score higher.
public struct FuzzyMatch: Sendable {
    private let words: [[Character]]

    /// How closely a candidate holds what was typed, from the loosest.
    public enum Closeness: Int, Comparable, Sendable {
        /// Some typed word's letters are found only apart (`am` in `Hélène Dubois` would be
        /// one if it had an a before an m).
        case scattered
        /// Every typed word is found whole, some inside a word (`min` in `Amina`).
        case inside
        /// Every typed word starts a word of the candidate (`am` in `Amina`, `Hassan Amin`).
        case wordStart

        public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    }

    /// How a candidate matched: its closeness first, then its score within it.
    public struct Rank: Comparable, Sendable {
        public var closeness: Closeness
        public var score: Int

        public static func < (a: Self, b: Self) -> Bool {
            a.closeness != b.closeness ? a.closeness < b.closeness : a.score < b.score
        }
    }

    /// A matcher for what was typed; it matches everything when nothing was.
    public init(_ typed: String) {
        words = SearchText.fold(typed).split(separator: " ").map { Array($0) }
    }

    public var isEmpty: Bool { words.isEmpty }

    /// How well `text` matches: higher is better; nil when it does not match.
    public func score(_ text: String) -> Int? {
        rank(prepared: Self.prepare(text))?.score
    }

    /// How well `text` matches, closeness first; nil when it does not match.
    public func rank(_ text: String) -> Rank? {
        rank(prepared: Self.prepare(text))
    }

    /// A candidate folded once, for matching it against each new thing typed.
    public static func prepare(_ text: String) -> [Character] { Array(SearchText.fold(text)) }

    /// How well a prepared candidate matches: the loosest of its words' closeness, and
    /// their scores added.
    public func rank(prepared candidate: [Character]) -> Rank? {
        guard !words.isEmpty else { return Rank(closeness: .wordStart, score: 0) }
        var total = Rank(closeness: .wordStart, score: 0)
        for word in words {
            guard let rank = Self.rank(word, in: candidate) else { return nil }
            total.closeness = min(total.closeness, rank.closeness)
            total.score += rank.score
        }
        return total
    }

    /// Keeps the candidates that match, best first (ties in their order), and drops the
    /// scattered-letter ones when some hold every typed word whole.
    public func ranked(_ candidates: [[Character]]) -> [Int] {
        let matches = candidates.indices.compactMap { index in rank(prepared: candidates[index]).map { (index, $0) } }
        let closest = matches.map(\.1.closeness).max() ?? .scattered
        return matches
            .filter { closest == .scattered || $0.1.closeness != .scattered }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            .map(\.0)
    }

    /// The best of a word's matches, trying each place its first letter appears. A word
    /// found whole, and above all at the start of a word, beats letters found apart.
    private static func rank(_ word: [Character], in candidate: [Character]) -> Rank? {
        var best: Int?
        var closeness = Closeness.scattered
        if let at = wholeWord(word, in: candidate) {
            let startsWord = at == 0 || !candidate[at - 1].isLetter && !candidate[at - 1].isNumber
            best = 10 * word.count + (startsWord ? 20 : 0)
            closeness = startsWord ? .wordStart : .inside
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
        return best.map { Rank(closeness: closeness, score: $0) }
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
