import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonUI
import TerminalKit

/// `liaison list KIND`.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List contacts, meetings, grievances or feedback.",
        discussion: """
            Newest first (contacts by name). --search finds words in every text field, ignoring case \
            and accents, in any script; each word matches as a prefix. --json prints one JSON array \
            of records in the form of `liaison show --json`. Output streams: any size of store lists \
            in constant memory.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "contacts, meetings, grievances or feedback.") var kind: RecordKind
    @Option(help: "Only records whose text matches these words.") var search: String?
    @Option(help: "At most this many records.") var limit: Int?
    @Flag(help: "Include deleted records (tombstones).") var deleted = false
    @Flag(help: "Print JSON instead of a table.") var json = false

    func validate() throws {
        if let limit, limit < 1 { throw ArgumentParser.ValidationError("--limit must be 1 or more.") }
    }

    func run() throws {
        try reporting {
            let store = try storeOptions.openForReading()
            defer { store.close() }
            let query = RecordQuery(search: search ?? "", includeDeleted: deleted, limit: limit)
            let table = RecordTable(kind: kind, store: store)
            if json { emitJSON("[") } else { emit(table.header) }
            var first = true
            func output(_ record: some StoredRecord) throws {
                if json {
                    emitJSON((first ? "" : ",") + (try RecordJSON.text(record)))
                } else {
                    emit(try table.row(record))
                }
                first = false
            }
            switch kind {
            case .contact: try store.forEach(Contact.self, query, output)
            case .meeting: try store.forEach(Meeting.self, query, output)
            case .grievance: try store.forEach(Grievance.self, query, output)
            case .feedback: try store.forEach(Feedback.self, query, output)
            }
            if json { emitJSON("]") }
        }
    }
}

/// `liaison show ID`.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show one record with everything linked to it.",
        discussion: """
            Give an id, its first 8 characters, or a grievance reference (KDL-2026-0042). --json \
            prints the record alone, in the stable form that `liaison add` reads: the field names \
            of the domain in snake_case, dates as ISO 8601 text.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The record's id (or its first 8 characters), or a grievance reference.") var record: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reporting {
            let store = try storeOptions.openForReading()
            defer { store.close() }
            let found = try store.lookup(record)
            if json {
                emitJSON(try RecordJSON.text(found, pretty: true))
            } else {
                emit(try DetailPageBuilder(store: store, words: .officer).page(found).text)
            }
        }
    }
}

/// `liaison stats`.
struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the indicators: meetings, inclusion, grievances, feedback, early warning, follow-ups.",
        discussion: """
            Counts cover the last 7 or 30 days as named, open grievances whatever their age, and \
            feedback by week for the last 12 weeks. --json prints the same figures as one object.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Compute as of this day (YYYY-MM-DD) instead of today.") var asOf: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reporting {
            var day: Day?
            if let asOf {
                guard let parsed = Day(asOf) else {
                    throw CommandFailure(description: "--as-of must be a date such as 2026-11-21 (got \"\(asOf)\").",
                                         status: .usage)
                }
                day = parsed
            }
            let store = try storeOptions.openForReading()
            defer { store.close() }
            let figures = try store.indicators(asOf: day)
            if json {
                emitJSON(try RecordJSON.text(figures, pretty: true))
            } else {
                emit(IndicatorReport(figures).text)
            }
        }
    }
}
