import ArgumentParser
import Foundation
import LiaisonBundle
import LiaisonCore
import LiaisonUI

/// `liaison import BUNDLE...`: at base, merges officers' bundles into the store.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: words.text("cli.import.abstract"),
        discussion: words.text("cli.import.discussion"))

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: helpText("cli.import.help.bundles", valueName: "bundle")) var bundles: [String]
    @Option(help: helpText("cli.import.help.base_key", valueName: "file")) var baseKey: String?
    @Option(help: helpText("cli.import.help.quarantine", valueName: "folder")) var quarantine: String?
    @Flag(help: helpText("cli.help.json")) var json = false
    @OptionGroup var vaultOptions: VaultOptions

    func validate() throws {
        guard !bundles.isEmpty else { throw ValidationError(words.text("cli.import.no_bundle")) }
    }

    func run() throws {
        var refused = false
        try reporting {
            // A folder given stands for the bundles in it, as in the interface; one without
            // any is said before anything is imported.
            let given = bundles.map { URL(fileURLWithPath: $0) }
            let found = given.map(BundleImporter.bundles(at:))
            if let empty = found.firstIndex(where: \.isEmpty) {
                throw CommandFailure(description: words.text("ui.import.none_in_folder", ["path": given[empty].path]),
                                     status: .usage)
            }
            // So is a quarantine that cannot take a bundle, or that is one of the folders
            // imported from (its copies would be imported again on the next run).
            if let quarantine {
                let folder = URL(fileURLWithPath: quarantine)
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: quarantine, isDirectory: &isFolder), !isFolder.boolValue {
                    throw CommandFailure(description: words.text("cli.import.quarantine_not_folder", ["path": quarantine]),
                                         status: .usage)
                }
                let resolved = folder.standardizedFileURL.resolvingSymlinksInPath().path
                if given.contains(where: { $0.standardizedFileURL.resolvingSymlinksInPath().path == resolved }) {
                    throw CommandFailure(description: words.text("cli.import.quarantine_is_input", ["path": quarantine]),
                                         status: .usage)
                }
                try BundleImporter.prepareQuarantine(folder)
            }
            let store = try storeOptions.openForWriting()
            defer { store.close() }
            try vaultOptions.apply(to: store, storeOptions: storeOptions)
            let importer = BundleImporter(store: store, keys: try storeOptions.keys(store),
                                          baseKey: baseKey.map { URL(fileURLWithPath: $0) },
                                          quarantine: quarantine.map { URL(fileURLWithPath: $0) },
                                          explain: { explain($0).0 })
            let results = importer.run(found.flatMap { $0 }) { result in
                if !json { ImportReport.lines(result, words).forEach(emit) }
            }
            refused = results.contains { if case .refused = $0.status { true } else { false } }
            if json {
                emitJSON(try ImportReport.json(results))
            } else {
                ImportReport.summary(results, conflicts: try store.conflicts().count, words).forEach(emit)
            }
        }
        if refused { throw ExitCode(ExitStatus.dataError.rawValue) }
    }
}

/// `liaison conflicts`: records changed both at base and in the field.
struct Conflicts: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: words.text("cli.conflicts.abstract"),
        discussion: words.text("cli.conflicts.discussion"),
        subcommands: [ListConflicts.self, ResolveConflict.self],
        defaultSubcommand: ListConflicts.self)
}

struct ListConflicts: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: words.text("cli.conflicts.list.abstract"))

    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: helpText("cli.conflicts.help.all")) var all = false
    @Flag(help: helpText("cli.help.json")) var json = false
    @OptionGroup var vaultOptions: VaultOptions

    func run() throws {
        try reporting {
            let store = try storeOptions.openForReading()
            defer { store.close() }
            try vaultOptions.apply(to: store, storeOptions: storeOptions)
            let conflicts = try store.conflicts(all: all)
            let views = try conflicts.map { try ConflictView(conflict: $0, store: store, words: words) }
            if json {
                emitJSON(try ImportReport.json(views))
                return
            }
            guard !views.isEmpty else {
                emit(words.text("cli.conflicts.none"))
                return
            }
            for view in views {
                emit(view.heading)
                for row in view.rows {
                    // The label to read, and the name `resolve` takes.
                    emit("  " + words.text("cli.conflicts.row", ["label": row.label, "key": row.key]))
                    emit("    " + words.text("cli.conflicts.base", ["value": row.base]))
                    emit("    " + words.text("cli.conflicts.field", ["value": row.field]))
                    if let chosen = row.chosen {
                        emit("    " + words.text("cli.conflicts.chosen", ["side": words.text("cli.conflicts.side.\(chosen.rawValue)")]))
                    }
                }
            }
            if views.contains(where: { $0.conflict.resolvedAt == nil }) { emit(words.text("cli.conflicts.hint")) }
        }
    }
}

struct ResolveConflict: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resolve", abstract: words.text("cli.conflicts.resolve.abstract"),
                                                    discussion: words.text("cli.conflicts.resolve.discussion"))

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: helpText("cli.conflicts.resolve.help.number", valueName: "number")) var number: Int64
    @Argument(help: helpText("cli.conflicts.resolve.help.choices", valueName: "field=side")) var choices: [String] = []
    @Option(help: helpText("cli.conflicts.resolve.help.keep", valueName: "side")) var keep: String?
    @OptionGroup var vaultOptions: VaultOptions

    func run() throws {
        try reporting {
            let store = try storeOptions.openForWriting()
            defer { store.close() }
            try vaultOptions.apply(to: store, storeOptions: storeOptions)
            guard let conflict = try store.conflict(number) else {
                throw CommandFailure(description: ConflictChoiceError(code: "no_such", arguments: ["id": String(number)])
                    .message(in: words), status: .usage)
            }
            // A side by its code or by its word in the officer's language (`terrain`).
            func side(_ text: Substring) throws -> ConflictSide {
                let typed = text.trimmingCharacters(in: .whitespaces).lowercased()
                guard let side = ConflictSide(rawValue: typed) ?? ConflictSide.allCases.first(where: {
                    words.text("cli.conflicts.side.\($0.rawValue)").lowercased() == typed
                }) else {
                    throw CommandFailure(description: words.text("cli.conflicts.resolve.bad_side", ["value": String(text)]),
                                         status: .usage)
                }
                return side
            }
            // A field by its JSON name or by the label the listing shows (`Titre`).
            let rows = try ConflictView(conflict: conflict, store: store, words: words).rows
            // A name first, then a label, as typed with any case and either apostrophe.
            func folded(_ text: String) -> String { text.lowercased().replacingOccurrences(of: "’", with: "'") }
            func field(_ text: Substring) -> String {
                let typed = text.trimmingCharacters(in: .whitespaces)
                return (rows.first { $0.key == typed } ?? rows.first { folded($0.label) == folded(typed) })?.key ?? typed
            }
            var chosen: [String: ConflictSide] = [:]
            if let keep {
                let all = try side(Substring(keep))
                for field in conflict.fields { chosen[field] = all }
            }
            for choice in choices {
                let parts = choice.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else {
                    throw CommandFailure(description: words.text("cli.conflicts.resolve.bad_choice", ["value": choice]),
                                         status: .usage)
                }
                chosen[field(parts[0])] = try side(parts[1])
            }
            try store.resolveConflict(number, choosing: chosen)
            emit(words.text("cli.conflicts.resolve.done", ["id": String(number)]))
        }
    }
}
