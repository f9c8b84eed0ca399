import Foundation
import GRDB

/// A column of a record's row and the value it holds.
public typealias StoredColumn = (name: String, value: DatabaseValue)

/// A record's row, written and read by walking its schema.
extension SchemaRecord {
    /// The columns of the record's own row and their values, in schema order.
    func schemaColumns() -> [StoredColumn] {
        var out: [StoredColumn] = []
        out.reserveCapacity(Self.schema.count + 4)
        for spec in Self.schema {
            guard let column = spec.column else { continue }
            switch spec.value(of: self) {
            case .text(let text): out.append((column, text.databaseValue))
            case .texts(let texts), .codes(let texts): out.append((column, Store.json(texts).databaseValue))
            case .day(let day): out.append((column, day?.description.databaseValue ?? .null))
            case .instant(let time): out.append((column, time?.description.databaseValue ?? .null))
            case .moment(let moment):
                out += [(column + "_utc", moment.instant.description.databaseValue),
                        (column + "_offset", moment.offsetMinutes.databaseValue),
                        (column + "_day", moment.localDay.description.databaseValue)]
            case .code(let code): out.append((column, code?.databaseValue ?? .null))
            case .number(let number): out.append((column, number?.databaseValue ?? .null))
            case .decimal(let number): out.append((column, number?.databaseValue ?? .null))
            case .flag(let flag): out.append((column, flag.databaseValue))
            case .id(let id): out.append((column, id?.storedText.databaseValue ?? .null))
            case .attendees, .followUps, .history: break
            }
        }
        return out
    }

    /// Reads the record's own row; its child rows are read by the kind. A value the schema
    /// cannot hold (NULL where one belongs, a number out of bounds, an unknown code) is the
    /// "damaged store" error.
    static func fromColumns(_ row: Row) throws -> Self {
        var record = blank(id: try Store.uuid(row, "id"))
        for spec in schema {
            guard let column = spec.column, let value = try Self.read(spec, column, row) else { continue }
            do {
                try spec.set(value, in: &record)
            } catch {
                // Only a code can fail here: one that is not among its field's choices.
                if case .code(let code?) = value { throw Store.bad(column, code) }
                throw Store.bad(column, String(describing: value))
            }
        }
        return record
    }

    private static func read(_ spec: FieldSpec<Self>, _ column: String, _ row: Row) throws -> FieldValue? {
        let optional = spec.optional
        switch spec.type {
        case .line, .block: return .text(try Store.value(row, column))
        case .list: return .texts(try Store.strings(row, column))
        case .choices: return .codes(try Store.strings(row, column))
        case .day: return .day(optional ? try Store.optionalDay(row, column) : try Store.day(row, column))
        case .instant:
            return .instant(optional ? try Store.optionalTimestamp(row, column) : try Store.timestamp(row, column))
        case .moment:
            let offset: Int = try Store.value(row, column + "_offset")
            guard let moment = OffsetDateTime(instant: try Store.timestamp(row, column + "_utc"), offsetMinutes: offset)
            else { throw Store.bad(column + "_offset", String(offset)) }
            return .moment(moment)
        case .choice:
            return .code(optional ? try Store.value(row, column) as String? : try Store.value(row, column) as String)
        case .number(let bounds), .minutes(let bounds):
            return .number(optional ? try Store.optionalBounded(row, column, bounds) : try Store.bounded(row, column, bounds))
        case .decimal(let bounds): return .decimal(try Store.optionalBounded(row, column, bounds))
        case .flag: return .flag(try Store.value(row, column))
        case .link, .identifier: return .id(optional ? try Store.optionalUUID(row, column) : try Store.uuid(row, column))
        case .attendees, .followUps, .history: return nil
        }
    }

    /// The text the search index holds: every text and list, the labels of taxonomy codes,
    /// follow-up actions and owners, and the notes of workflow moves.
    public func searchText(_ taxonomies: Taxonomies) -> String {
        var parts: [String] = []
        for spec in Self.schema where spec.role != .store {
            switch (spec.type, spec.value(of: self)) {
            case (.line, .text(let text)), (.block, .text(let text)): parts.append(text)
            case (.list, .texts(let texts)): parts += texts
            case (.choice(let list), .code(let code?)):
                if let taxonomy = list.taxonomy(taxonomies) { parts.append(taxonomy.label(code)) }
            case (.choices(let list), .codes(let codes)):
                if let taxonomy = list.taxonomy(taxonomies) { parts += codes.map(taxonomy.label) }
            case (_, .followUps(let followUps)): parts += followUps.flatMap { [$0.action, $0.owner] }
            case (_, .history(let events)): parts += events.map(\.note)
            default: break
            }
        }
        return parts.joined(separator: "\n")
    }
}
