/// One thing wrong with one field, said so that an officer knows what to fix.
public struct FieldProblem: Sendable, Equatable, CustomStringConvertible {
    /// The field's JSON name: `name`, `latitude`, `attendees`.
    public let field: String
    /// A sentence naming the field and what to do.
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { message }
}

/// A record that cannot be stored as it is, with every problem found in it.
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let problems: [FieldProblem]

    public init(_ problems: [FieldProblem]) { self.problems = problems }

    public init(field: String, _ message: String) { self.init([FieldProblem(field: field, message: message)]) }

    /// The fields with a problem, in the order of the form.
    public var fields: [String] { problems.map(\.field) }

    public var description: String { problems.map(\.message).joined(separator: " ") }
}
