import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonUI
import TerminalKit

/// `liaison list KIND`.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: words.text("cli.list.abstract"),
        discussion: words.text("cli.list.discussion"))

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: helpText("cli.list.help.kind")) var kind: RecordKind
    @Option(help: helpText("cli.list.help.search")) var search: String?
    @Option(help: helpText("cli.list.help.limit")) var limit: Int?
    @Flag(help: helpText("cli.list.help.deleted")) var deleted = false
    @Flag(help: helpText("cli.list.help.json")) var json = false
    @OptionGroup var vaultOptions: VaultOptions

    func validate() throws {
        if let limit, limit < 1 { throw ArgumentParser.ValidationError(words.text("cli.list.limit_range")) }
    }

    func run() throws {
        try reporting {
            let store = try storeOptions.openForReading()
            defer { store.close() }
            try vaultOptions.apply(to: store, storeOptions: storeOptions)
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
        abstract: words.text("cli.show.abstract"),
        discussion: words.text("cli.show.discussion"))

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: helpText("cli.help.record")) var record: String
    @Flag(help: helpText("cli.help.json")) var json = false
    @OptionGroup var vaultOptions: VaultOptions

    func run() throws {
        try reporting {
            let store = try storeOptions.openForReading()
            defer { store.close() }
            try vaultOptions.apply(to: store, storeOptions: storeOptions)
            let found = try store.lookup(record)
            let from = try store.provenance(found.kind, id: found.id)
            // The key ring only for a record that came in a bundle: whether its signer was revoked.
            let keys = from == nil ? nil : try? storeOptions.keys(store)
            let revoked = { (fingerprint: String) in keys?.revoked(fingerprint) != nil }
            if json {
                guard let from,
                      var object = try JSONSerialization.jsonObject(with: RecordJSON.encoder().encode(found)) as? [String: Any]
                else {
                    emitJSON(try RecordJSON.text(found, pretty: true))
                    return
                }
                // Where a record at base came from, beside its fields.
                object["provenance"] = ImportReport.json(from, revoked: revoked(from.signer))
                emitJSON(try ImportReport.text(object))
            } else {
                var builder = DetailPageBuilder(store: store, words: words)
                builder.isRevoked = revoked
                emit(try builder.page(found).text)
            }
        }
    }
}

/// `liaison stats`.
struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: words.text("cli.stats.abstract"),
        discussion: words.text("cli.stats.discussion"))

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: helpText("cli.stats.help.as_of")) var asOf: String?
    @Flag(help: helpText("cli.help.json")) var json = false

    func run() throws {
        try reporting {
            var day: Day?
            if let asOf {
                guard let parsed = Day(asOf) else {
                    throw CommandFailure(description: words.text("cli.stats.bad_day", ["value": asOf]), status: .usage)
                }
                day = parsed
            }
            let store = try storeOptions.openForReading()
            defer { store.close() }
            let figures = try store.indicators(asOf: day)
            if json {
                emitJSON(try RecordJSON.text(figures, pretty: true))
            } else {
                emit(IndicatorReport(figures, taxonomies: store.taxonomies).text)
            }
        }
    }
}
