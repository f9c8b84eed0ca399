import ArgumentParser
import Foundation
import LiaisonCore

extension RecordKind: ExpressibleByArgument {
    /// Accepts the singular or the plural, as the code (`contact`, `contacts`, `feedback`)
    /// or as the noun of either language, accents or not (`réunions`, `reunion`, `plaintes`).
    public init?(argument: String) {
        func folded(_ text: String) -> String { text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) }
        let word = folded(argument)
        guard let kind = RecordKind.allCases.first(where: { kind in
            kind.rawValue == word || kind.plural == word || Language.allCases.contains { language in
                let nouns = Catalogue.standard(language)
                return [1, 2].contains { folded(nouns.noun(kind, count: $0)) == word }
            }
        }) else { return nil }
        self = kind
    }

    public static var allValueStrings: [String] { allCases.map(\.plural) }
}

/// The most JSON a command reads: a record's JSON is far smaller (`FieldLimits.recordBytes`).
let inputLimit = FieldLimits.recordBytes

/// Reads the JSON a command was given: a file, or standard input; at most `inputLimit`
/// bytes, so that `< /dev/zero` is refused rather than filling memory. `what` names what
/// is read, in the language: `a grievance`, `the changes`.
func readInput(file: String?, describing what: String) throws -> Data {
    let handle: FileHandle
    if let file {
        var status = stat()
        guard stat(file, &status) == 0 else {
            throw CommandFailure(description: words.text("cli.input.missing", ["file": file]), status: .noInput)
        }
        guard status.st_mode & S_IFMT == S_IFREG, let opened = FileHandle(forReadingAtPath: file) else {
            throw CommandFailure(description: words.text("cli.input.not_a_file", ["file": file]), status: .noInput)
        }
        handle = opened
    } else {
        if isatty(STDIN_FILENO) == 1 {
            FileHandle.standardError.write(Data((words.text("cli.input.prompt", ["what": what]) + "\n").utf8))
        }
        handle = FileHandle.standardInput
    }
    var data = Data()
    while data.count <= inputLimit {
        let chunk: Data
        do {
            chunk = try handle.read(upToCount: 1 << 16) ?? Data()
        } catch {
            let reason = error.localizedDescription
            let sentence: String
            if let file {
                sentence = words.text("cli.input.file.unreadable", ["file": file, "reason": reason])
            } else {
                sentence = words.text("cli.input.stdin.unreadable", ["reason": reason])
            }
            throw CommandFailure(description: sentence, status: .ioError)
        }
        if chunk.isEmpty { return data }
        data.append(chunk)
    }
    let mib = figure(inputLimit / (1 << 20))
    let sentence: String
    if let file {
        sentence = words.text("cli.input.file.too_big", ["file": file, "mib": mib, "what": what])
    } else {
        sentence = words.text("cli.input.stdin.too_big", ["mib": mib, "what": what])
    }
    throw CommandFailure(description: sentence, status: .usage)
}

/// What `liaison add` reads, for its prompt and its errors: `a grievance`.
private func oneRecord(_ kind: RecordKind) -> String {
    words.text("cli.input.what.\(kind.rawValue)")
}

/// `liaison add KIND`: one record as JSON.
struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: words.text("cli.add.abstract"),
        discussion: words.text("cli.add.discussion"))

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: helpText("cli.add.help.kind")) var kind: RecordKind
    @Option(help: helpText("cli.help.file")) var file: String?

    func run() throws {
        try reporting {
            let data = try readInput(file: file, describing: oneRecord(kind))
            let store = try storeOptions.openForWriting()
            defer { store.close() }
            let today = store.today()
            switch kind {
            case .contact:
                let record = try RecordJSON.decodeNew(Contact.self, from: data, defaults: Contact(name: ""))
                emit(try store.save(record).id.uuidString)
            case .meeting:
                let record = try RecordJSON.decodeNew(Meeting.self, from: data,
                                                      defaults: Meeting(title: "", start: store.localNow()))
                emit(try store.save(record).id.uuidString)
            case .grievance:
                let record = try RecordJSON.decodeNew(
                    Grievance.self, from: data, defaults: Grievance(raisedOn: today, category: "", description: ""),
                    taxonomies: store.taxonomies)
                let saved = try store.save(record)
                emit("\(saved.id.uuidString) \(saved.reference)")
            case .feedback:
                let record = try RecordJSON.decodeNew(
                    Feedback.self, from: data, defaults: Feedback(receivedOn: today, types: [], text: ""))
                emit(try store.save(record).id.uuidString)
            }
        }
    }
}

/// `liaison edit ID`: change some fields of a record.
struct Edit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: words.text("cli.edit.abstract"),
        discussion: words.text("cli.edit.discussion"))

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: helpText("cli.help.record")) var record: String
    @Option(help: helpText("cli.help.file")) var file: String?

    func run() throws {
        try reporting {
            let store = try storeOptions.openForWriting()
            defer { store.close() }
            let found = try store.lookup(record)
            let data = try readInput(file: file, describing: words.text("cli.input.what.changes"))
            // The record is read again, changed and written under the writer lock, so that
            // edits made at the same time all land.
            switch found {
            case .contact(let stored):
                emit(try store.edit(Contact.self, id: stored.id) {
                    try RecordJSON.decodeNew(Contact.self, from: data, defaults: $0)
                }.id.uuidString)
            case .meeting(let stored):
                emit(try store.edit(Meeting.self, id: stored.id) {
                    try RecordJSON.decodeNew(Meeting.self, from: data, defaults: $0)
                }.id.uuidString)
            case .grievance(let stored):
                emit(try store.edit(Grievance.self, id: stored.id) {
                    try RecordJSON.decodeNew(Grievance.self, from: data, defaults: $0)
                }.id.uuidString)
            case .feedback(let stored):
                emit(try store.edit(Feedback.self, id: stored.id) {
                    try RecordJSON.decodeNew(Feedback.self, from: data, defaults: $0)
                }.id.uuidString)
            }
        }
    }
}

/// `liaison delete ID`: a tombstone.
struct Delete: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: words.text("cli.delete.abstract"))

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: helpText("cli.help.record")) var record: String

    func run() throws {
        try changeStanding(of: record, storeOptions, done: "cli.delete.done") { try $0.delete($1.kind, id: $1.id) }
    }
}

/// Finds `record` in the store, deletes it or brings it back (`change`), and says so with `done`.
private func changeStanding(of record: String, _ storeOptions: StoreOptions, done: String,
                            _ change: (Store, AnyRecord) throws -> Void) throws {
    try reporting {
        let store = try storeOptions.openForWriting()
        defer { store.close() }
        let found = try store.lookup(record)
        try change(store, found)
        emit(words.text(done, ["kind": words.noun(found.kind), "id": found.id.uuidString]))
    }
}

/// `liaison undelete ID`: brings a deleted record back, as `u` does in the interface.
struct Undelete: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: words.text("cli.undelete.abstract"))

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: helpText("cli.help.record")) var record: String

    func run() throws {
        try changeStanding(of: record, storeOptions, done: "cli.undelete.done") { try $0.restore($1.kind, id: $1.id) }
    }
}

/// `liaison move REF STATUS`: a grievance workflow move.
struct Move: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: words.text("cli.move.abstract"),
        discussion: words.text("cli.move.discussion"))

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: helpText("cli.move.help.grievance")) var grievance: String
    @Argument(help: helpText("cli.move.help.status")) var status: String
    @Option(help: helpText("cli.move.help.note")) var note = ""
    @Option(help: helpText("cli.move.help.referred_to")) var referredTo: String?
    @Option(help: helpText("cli.move.help.resolution")) var resolution: String?
    @Option(help: helpText("cli.move.help.reason")) var reason: String?

    func run() throws {
        try reporting {
            guard let target = Grievance.Status(rawValue: status) else {
                let choices = Grievance.Status.allCases.map(\.rawValue).joined(separator: ", ")
                throw CommandFailure(description: words.text("cli.move.not_a_status", ["status": status, "choices": choices]),
                                     status: .usage)
            }
            let store = try storeOptions.openForWriting()
            defer { store.close() }
            guard case .grievance(let found) = try store.lookup(grievance) else {
                throw CommandFailure(description: words.text("cli.move.not_a_grievance", ["record": grievance]), status: .usage)
            }
            let moved = try store.move(grievance: found.id, Grievance.Move(
                to: target, note: note, referredTo: referredTo, resolution: resolution, reason: reason))
            emit(words.text("cli.move.done", ["reference": moved.reference, "status": moved.status.rawValue]))
        }
    }
}
