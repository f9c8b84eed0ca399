import Foundation
import GRDB

/// Reading and writing the value types of records in store rows. A value the store cannot
/// read means the file was damaged or edited by hand.
extension Store {
    static func uuid(_ row: Row, _ column: String) throws -> UUID { try required(row, column, optionalUUID) }
    static func day(_ row: Row, _ column: String) throws -> Day { try required(row, column, optionalDay) }
    static func timestamp(_ row: Row, _ column: String) throws -> Timestamp { try required(row, column, optionalTimestamp) }

    static func choice<E: RawRepresentable>(_ row: Row, _ column: String) throws -> E where E.RawValue == String {
        guard let value: E = try optionalChoice(row, column) else { throw bad(column, "NULL") }
        return value
    }

    static func optionalUUID(_ row: Row, _ column: String) throws -> UUID? { try parsed(row, column, UUID.init(uuidString:)) }
    static func optionalDay(_ row: Row, _ column: String) throws -> Day? { try parsed(row, column, Day.init) }
    static func optionalTimestamp(_ row: Row, _ column: String) throws -> Timestamp? { try parsed(row, column, Timestamp.init) }

    static func optionalChoice<E: RawRepresentable>(_ row: Row, _ column: String) throws -> E? where E.RawValue == String {
        try parsed(row, column, E.init(rawValue:))
    }

    /// The column's text read by `parse`; nil for NULL; an error for text it cannot read.
    static func parsed<T>(_ row: Row, _ column: String, _ parse: (String) -> T?) throws -> T? {
        guard let text: String = try value(row, column) else { return nil }
        guard let value = parse(text) else { throw bad(column, text) }
        return value
    }

    private static func required<T>(_ row: Row, _ column: String,
                                    _ read: (Row, String) throws -> T?) throws -> T {
        guard let value = try read(row, column) else { throw bad(column, "NULL") }
        return value
    }

    /// The column's value, or the "damaged store" error when the stored value cannot be one
    /// (NULL where a value belongs, a number out of range, a float where a count belongs).
    /// GRDB's subscripts trap on such values; a store edited by hand must not.
    static func value<T: DatabaseValueConvertible>(_ row: Row, _ column: String) throws -> T {
        do {
            return try row.decode(T.self, forColumn: column)
        } catch {
            throw bad(column, row.hasColumn(column) ? (row[column] as DatabaseValue).description : "nothing")
        }
    }

    /// The value of the column at `index`, as `value(_:_:)` reads it.
    static func value<T: DatabaseValueConvertible>(_ row: Row, at index: Int) throws -> T {
        do {
            return try row.decode(T.self, atIndex: index)
        } catch {
            throw bad("\(index + 1)", index < row.count ? (row[index] as DatabaseValue).description : "nothing")
        }
    }

    /// A whole number the rules bound, or the "damaged store" error when the stored one is
    /// outside `bounds`: arithmetic on it then cannot overflow.
    static func bounded(_ row: Row, _ column: String, _ bounds: ClosedRange<Int>) throws -> Int {
        try required(row, column) { try optionalBounded($0, $1, bounds) }
    }

    /// `bounded(_:_:_:)` for a column that may be NULL.
    static func optionalBounded(_ row: Row, _ column: String, _ bounds: ClosedRange<Int>) throws -> Int? {
        guard let number: Int = try value(row, column) else { return nil }
        guard bounds.contains(number) else { throw bad(column, String(number)) }
        return number
    }

    /// A number the rules bound, or the "damaged store" error when the stored one is not
    /// finite or lies outside `bounds`.
    static func optionalBounded(_ row: Row, _ column: String, _ bounds: ClosedRange<Double>) throws -> Double? {
        guard let number: Double = try value(row, column) else { return nil }
        guard number.isFinite, bounds.contains(number) else { throw bad(column, String(number)) }
        return number
    }

    static func strings(_ row: Row, _ column: String) throws -> [String] {
        let text: String = try value(row, column)
        guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String] else {
            throw bad(column, text)
        }
        return value
    }

    /// A JSON array of strings, written by hand because it is on the path of every save.
    static func json(_ values: [String]) -> String {
        var out = "["
        for (index, value) in values.enumerated() {
            if index > 0 { out += "," }
            out += "\""
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                default:
                    if scalar.value < 0x20 {
                        out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            out += "\""
        }
        return out + "]"
    }

    static func bad(_ column: String, _ text: String) -> StoreError {
        StoreError.damaged(path: "", detail: "column \(column) holds \(TextSafety.quoted(text, limit: 40)), which it cannot read")
    }
}
