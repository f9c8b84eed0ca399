/// A value exchanged as text in JSON and the store: a day, an instant, a meeting's start.
public protocol TextCoded: Codable, CustomStringConvertible {
    /// Reads the value from its text, or nil when the text is not in the expected form.
    init?(_ text: String)
    /// How the text must look, for error messages: "a date written as YYYY-MM-DD".
    static var expectedForm: String { get }
}

extension TextCoded {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be \(Self.expectedForm) (got \"\(text)\")")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
