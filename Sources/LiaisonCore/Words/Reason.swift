/// Why a file, a key or a store cannot be used, said in the reader's language: a catalogue
/// key with the values its words name, or the system's own words for an error liaison does
/// not name itself (`strerror`), which stay as they are.
public struct Reason: Sendable, Equatable, CustomStringConvertible {
    /// The catalogue key; nil for the system's own words.
    public let key: String?
    /// The values the words name (a path, a version), which stay as they are.
    public let values: [String: String]
    private let said: String

    public init(_ key: String, _ values: [String: String] = [:]) {
        self.key = key
        self.values = values
        said = ""
    }

    private init(said: String) {
        key = nil
        values = [:]
        self.said = said
    }

    /// The system's own words, for an error liaison does not name.
    public static func system(_ words: String) -> Reason { Reason(said: words) }

    /// The words in the language of `words`.
    public func text(in words: Catalogue) -> String { key.map { words.text($0, values) } ?? said }

    public var description: String { text(in: .standard(.en)) }
}
