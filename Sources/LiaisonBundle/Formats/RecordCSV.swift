import Foundation
import LiaisonCore

/// One column of an analyst's CSV: its header, its HXL hashtag and how to read it.
struct CSVColumn<R>: Sendable {
    let header: String
    let hashtag: String
    let value: @Sendable (R) -> String

    init(_ header: String, _ hashtag: String, _ value: @escaping @Sendable (R) -> String) {
        self.header = header
        self.hashtag = hashtag
        self.value = value
    }
}

/// The CSV files for analysts: RFC 4180 quoting, a header row, then the HXL hashtag row
/// (https://hxlstandard.org) so that HXL tools know each column, then one row per record.
/// Tags HXL lacks use its `#x_` extension prefix.
enum RecordCSV {
    static func head<R>(_ columns: [CSVColumn<R>]) -> String {
        columns.map { cell($0.header) }.joined(separator: ",") + "\r\n"
            + columns.map(\.hashtag).joined(separator: ",") + "\r\n"
    }

    static func row<R>(_ record: R, _ columns: [CSVColumn<R>]) -> String {
        columns.map { cell($0.value(record)) }.joined(separator: ",") + "\r\n"
    }

    /// The row of a deleted record: its id and when it was deleted, the other cells empty.
    static func tombstone<R>(id: UUID, deletedAt: Timestamp, _ columns: [CSVColumn<R>]) -> String {
        columns.map { column in
            switch column.header {
            case "id": id.uuidString
            case "deleted_at": deletedAt.description
            default: ""
            }
        }.joined(separator: ",") + "\r\n"
    }

    /// A quoted cell when it needs one. Text that a spreadsheet would run as a formula
    /// (starting with =, +, - or @ and not a number) gets a leading apostrophe.
    static func cell(_ text: String) -> String {
        var text = text
        if let first = text.unicodeScalars.first, "=+-@\t".unicodeScalars.contains(first), Double(text) == nil {
            text = "'" + text
        }
        guard text.utf8.contains(where: needsQuotes) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func needsQuotes(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "\""), 0x0A, 0x0D: true
        default: false
        }
    }

    static func list(_ values: [String]) -> String { values.joined(separator: "; ") }
    static func optional(_ value: (some CustomStringConvertible)?) -> String { value.map(\.description) ?? "" }
    static func number(_ value: Double?) -> String { value.map { String($0) } ?? "" }

    /// The columns of a kind: every field of its schema that has a CSV header and hashtag,
    /// in schema order. Child rows count: attendees, and follow-up actions still open.
    static func columns<R: SchemaRecord>(_ type: R.Type) -> [CSVColumn<R>] {
        R.schema.compactMap { spec in
            spec.csv.map { csv in CSVColumn(csv.header, csv.hashtag) { text(spec.value(of: $0)) } }
        }
    }

    static func text(_ value: FieldValue) -> String {
        switch value {
        case .text(let text): text
        case .texts(let texts), .codes(let texts): list(texts)
        case .day(let day): optional(day)
        case .instant(let time): optional(time)
        case .moment(let moment): moment.description
        case .code(let code): code ?? ""
        case .number(let number): optional(number)
        case .decimal(let value): number(value)
        case .flag(let flag): flag ? "yes" : "no"
        case .id(let id): optional(id?.uuidString)
        case .attendees(let attendees): String(attendees.count)
        case .followUps(let followUps): String(followUps.filter { !$0.isDone }.count)
        case .history(let events): String(events.count)
        }
    }

    static let contacts = columns(Contact.self)
    static let meetings = columns(Meeting.self)
    static let grievances = columns(Grievance.self)
    static let feedback = columns(Feedback.self)
}
