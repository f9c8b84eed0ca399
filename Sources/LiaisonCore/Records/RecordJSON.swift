import Foundation

/// The stable JSON form of records: the field names of the domain in snake_case, dates as
/// ISO 8601 text. `liaison show --json` prints it and `liaison add` reads it.
public enum RecordJSON {
    /// An encoder for records; `pretty` indents for people, otherwise one line per value.
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                                          : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A deleted record as bundles carry it (its id and when it was deleted, nothing
    /// else); nil for any other line.
    public static func tombstone(_ line: Data) -> (id: UUID, deletedAt: Timestamp)? {
        guard line.count < 160,
              let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any], object.count == 2,
              let id = (object["id"] as? String).flatMap(UUID.init(uuidString:)),
              let deleted = (object["deleted_at"] as? String).flatMap({ Timestamp(parsing: $0) }) else { return nil }
        return (id, deleted)
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    /// Encodes a value to UTF-8 JSON text.
    public static func text(_ value: some Encodable, pretty: Bool = false) throws -> String {
        String(decoding: try encoder(pretty: pretty).encode(value), as: UTF8.self)
    }

    /// Reads a new record from JSON that may give only some fields: the others come from
    /// `defaults`. The fields the store keeps (`id`, `created_at`, `updated_at`, `device_id`,
    /// `deleted_at`, and for grievances `reference`, `status` and `history`) are taken from
    /// `defaults` whatever the input says. Unknown fields are refused, so a misspelt field
    /// is not silently dropped. Fields left out whose default depends on another field take
    /// it from `taxonomies` (see `Record.fillDefaults`).
    public static func decodeNew<R: SchemaRecord>(_ type: R.Type, from data: Data, defaults: R,
                                            taxonomies: Taxonomies = .standard) throws -> R {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ValidationError(field: "input", code: "core.json.not_utf8")
        }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw ValidationError(field: "input", code: "core.json.not_json")
        }
        guard let given = parsed as? [String: Any] else {
            throw ValidationError(field: "input", code: "core.json.not_object")
        }
        let base = try JSONSerialization.jsonObject(with: encoder().encode(defaults)) as? [String: Any] ?? [:]
        let optional = Set(R.schema.filter(\.optional).map(\.json))
        let unknown = given.keys.filter { base[$0] == nil && !optional.contains($0) }.sorted()
        if let first = unknown.first {
            throw ValidationError(field: first, code: "core.json.unknown_field", ["field": first, "kind": R.kind.rawValue])
        }
        // Only a workflow move changes a grievance's status, reference and history: input
        // that would change them is refused, not dropped in silence.
        // The status first: changing it is the mistake with its own sentence (use a move).
        let workflow = R.schema.filter { $0.role == .workflow }.map(\.json)
        for key in workflow.filter({ $0 == "status" }) + workflow.filter({ $0 != "status" }) {
            guard let value = given[key] as? NSObject, let current = base[key] as? NSObject, value != current else { continue }
            if key == "status" { throw StoreError.statusChangeNeedsMove }
            throw ValidationError(field: key, code: "core.json.workflow_field", ["field": key])
        }
        var merged = base
        let kept = Set(R.schema.filter { $0.role != .data }.map(\.json))
        for (key, value) in given where !kept.contains(key) { merged[key] = value }
        var record: R
        do {
            record = try decoder().decode(R.self, from: JSONSerialization.data(withJSONObject: merged))
        } catch let error as DecodingError {
            // Foundation names no field for a number that does not fit a whole-number field.
            let fractional = Set(R.schema.compactMap { spec -> String? in
                if case .decimal = spec.type { spec.json } else { nil }
            })
            if let field = firstNonWholeNumber(in: given, excluding: fractional) {
                throw ValidationError(field: field, code: "core.json.not_whole", ["field": field])
            }
            throw ValidationError([problem(error)])
        }
        record.fillDefaults(given: Set(given.keys), taxonomies: taxonomies)
        return record
    }

    /// The path of the first number in `value` that is not a whole number a record can hold
    /// (a fraction, or beyond ±2^53), outside the fields that take fractions.
    static func firstNonWholeNumber(in value: Any, path: String = "", excluding fractional: Set<String>) -> String? {
        switch value {
        case let object as [String: Any]:
            for key in object.keys.sorted() where !fractional.contains(key) {
                let inner = path.isEmpty ? key : path + "." + key
                if let found = firstNonWholeNumber(in: object[key] as Any, path: inner, excluding: fractional) { return found }
            }
        case let array as [Any]:
            for (index, item) in array.enumerated() {
                if let found = firstNonWholeNumber(in: item, path: path + "[\(index + 1)]", excluding: fractional) {
                    return found
                }
            }
        case let number as NSNumber: // true and false read as 1 and 0, which are whole
            let double = number.doubleValue
            if !double.isFinite || double != double.rounded() || abs(double) > 9_007_199_254_740_992 { return path }
        default:
            break
        }
        return nil
    }

    /// A sentence for a decoding failure that names the field.
    public static func problem(_ error: DecodingError) -> FieldProblem {
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue {
                    text += "[\(index + 1)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + snakeCase(key.stringValue)
                }
            }
            return text.isEmpty ? "input" : text
        }
        switch error {
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            return FieldProblem(field: field, code: "core.json.wrong_type", ["field": field, "type_label": describe(type)])
        case .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            return FieldProblem(field: field, code: "core.json.null", ["field": field, "type_label": describe(type)])
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return FieldProblem(field: field, code: "core.json.missing", ["field": field])
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            return FieldProblem(field: field, code: "core.json.unreadable", ["field": field, "why": context.debugDescription])
        @unknown default:
            return FieldProblem(field: "input", code: "core.json.not_a_record")
        }
    }

    /// The catalogue key of what a value of `type` is.
    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "core.json.type.text"
        case is Int.Type: "core.json.type.whole"
        case is Double.Type: "core.json.type.number"
        case is Bool.Type: "core.json.type.flag"
        case is [Any].Type: "core.json.type.list"
        default: String(describing: type).hasPrefix("Array") ? "core.json.type.list" : "core.json.type.object"
        }
    }

    static func snakeCase(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase {
                out += "_" + character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }
}

/// Decodes an enumeration from its raw text with a sentence listing the choices.
func decodeChoice<E: RawRepresentable & CaseIterable>(_ decoder: any Decoder) throws -> E where E.RawValue == String {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let value = E(rawValue: text) else {
        let choices = E.allCases.map(\.rawValue).joined(separator: ", ")
        throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be one of \(choices) (got \"\(text)\")")
    }
    return value
}
