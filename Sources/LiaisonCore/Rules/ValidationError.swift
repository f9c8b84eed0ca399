/// One thing wrong with one field, said so that an officer knows what to fix. The core
/// names it by a catalogue code with arguments (the field, the value, the limit); the
/// interface and the command line word it in the officer's language.
public struct FieldProblem: Sendable, Equatable, CustomStringConvertible {
    /// The field's JSON name: `name`, `latitude`, `attendees`.
    public let field: String
    /// The catalogue key of the sentence (`core.required`); nil for a sentence already worded.
    public let code: String?
    /// The values the sentence names. An argument whose name ends in `label` or `hint`
    /// holds a catalogue key itself, worded in the same language; `kind` holds a record
    /// kind's code, worded as its noun.
    public let arguments: [String: String]
    private let worded: String?

    /// A problem already worded, by an edge that speaks one language.
    public init(field: String, message: String) {
        self.field = field
        code = nil
        arguments = [:]
        worded = message
    }

    /// A problem named by its catalogue code.
    public init(field: String, code: String, _ arguments: [String: String] = [:]) {
        self.field = field
        self.code = code
        self.arguments = arguments
        worded = nil
    }

    /// The sentence in English.
    public var message: String { message(in: .standard(.en)) }

    /// The sentence in the language of `words`.
    public func message(in words: Catalogue) -> String {
        guard let code else { return worded ?? "" }
        var filled = words.nouns(arguments)
        for (name, value) in arguments where name.hasSuffix("label") || name.hasSuffix("hint") {
            filled[name] = words.text(value, arguments)
        }
        return words.text(code, filled)
    }

    public var description: String { message }
}

/// A record that cannot be stored as it is, with every problem found in it.
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let problems: [FieldProblem]

    public init(_ problems: [FieldProblem]) { self.problems = problems }

    public init(field: String, _ message: String) { self.init([FieldProblem(field: field, message: message)]) }

    public init(field: String, code: String, _ arguments: [String: String] = [:]) {
        self.init([FieldProblem(field: field, code: code, arguments)])
    }

    /// The fields with a problem, in the order of the form.
    public var fields: [String] { problems.map(\.field) }

    public var description: String { message(in: .standard(.en)) }

    /// Every problem, worded in the language of `words`.
    public func message(in words: Catalogue) -> String { problems.map { $0.message(in: words) }.joined(separator: " ") }
}
