import ArgumentParser
import Foundation
import LiaisonCore

extension RecordKind: ExpressibleByArgument {
    /// Accepts the singular or the plural: `contact`, `contacts`, `feedback`.
    public init?(argument: String) {
        let word = argument.lowercased()
        guard let kind = RecordKind.allCases.first(where: { $0.rawValue == word || $0.plural == word }) else {
            return nil
        }
        self = kind
    }

    public static var allValueStrings: [String] { allCases.map(\.plural) }
}

/// The most JSON a command reads: a record's JSON is far smaller (`FieldLimits.recordBytes`).
let inputLimit = FieldLimits.recordBytes

/// Reads the JSON a command was given: a file, or standard input; at most `inputLimit`
/// bytes, so that `< /dev/zero` is refused rather than filling memory.
func readInput(file: String?, describing what: String) throws -> Data {
    let handle: FileHandle
    let source: String
    if let file {
        var status = stat()
        guard stat(file, &status) == 0 else {
            throw CommandFailure(description: "The file \(file) does not exist or cannot be read.", status: .noInput)
        }
        guard status.st_mode & S_IFMT == S_IFREG, let opened = FileHandle(forReadingAtPath: file) else {
            throw CommandFailure(description: "\(file) is not a file that can be read: give a file of JSON.",
                                 status: .noInput)
        }
        handle = opened
        source = "The file \(file)"
    } else {
        if isatty(STDIN_FILENO) == 1 {
            FileHandle.standardError.write(Data("Reading \(what) as JSON from standard input; end with Ctrl-D.\n".utf8))
        }
        handle = FileHandle.standardInput
        source = "Standard input"
    }
    var data = Data()
    while data.count <= inputLimit {
        let chunk: Data
        do {
            chunk = try handle.read(upToCount: 1 << 16) ?? Data()
        } catch {
            throw CommandFailure(description: "\(source) cannot be read: \(error.localizedDescription).", status: .ioError)
        }
        if chunk.isEmpty { return data }
        data.append(chunk)
    }
    throw CommandFailure(
        description: "\(source) holds more than \(inputLimit / (1 << 20)) MiB, far more than a record's JSON: "
            + "check what is being given as \(what).",
        status: .usage)
}

/// `liaison add KIND`: one record as JSON.
struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add one record, read as JSON from standard input (or --file).",
        discussion: """
            The JSON has the shape `liaison show --json` prints; give only the fields you have. \
            The store sets id, created_at, updated_at, device_id and, for a grievance, its \
            reference, status (new) and history. A grievance's severity and sensitive flag default \
            from its category. Prints the new record's id (and a grievance's reference).
            Example: echo '{"name": "Amina al-Hassan", "role": "womens_group"}' | liaison add contact
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "contact, meeting, grievance or feedback.") var kind: RecordKind
    @Option(help: "Read the JSON from this file instead of standard input.") var file: String?

    func run() throws {
        try reporting {
            let data = try readInput(file: file, describing: "a \(kind.rawValue)")
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
        abstract: "Change fields of a record: JSON of the fields to change, from standard input (or --file).",
        discussion: """
            Fields not given keep their values. A grievance's status changes only with \
            `liaison move`. Example: echo '{"phones": ["+211 912 345 678"]}' | liaison edit 3F2A9C1B
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The record's id (or its first 8 characters), or a grievance reference.") var record: String
    @Option(help: "Read the JSON from this file instead of standard input.") var file: String?

    func run() throws {
        try reporting {
            let store = try storeOptions.openForWriting()
            defer { store.close() }
            let found = try store.lookup(record)
            let data = try readInput(file: file, describing: "the changes")
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
        abstract: "Delete a record (a tombstone, so the delete travels to base).")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The record's id (or its first 8 characters), or a grievance reference.") var record: String

    func run() throws {
        try reporting {
            let store = try storeOptions.openForWriting()
            defer { store.close() }
            let found = try store.lookup(record)
            try store.delete(found.kind, id: found.id)
            emit("Deleted \(found.kind.rawValue) \(found.id.uuidString).")
        }
    }
}

/// `liaison move REF STATUS`: a grievance workflow move.
struct Move: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Move a grievance through its workflow.",
        discussion: """
            new -> acknowledged -> in_progress | referred -> resolved -> closed; any open state -> \
            rejected; closed | rejected -> reopened -> in_progress | referred. Referring needs \
            --referred-to, resolving (and closing without one) needs --resolution, rejecting \
            needs --reason. Every move is kept in the grievance's history.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The grievance's reference or id.") var grievance: String
    @Argument(help: "acknowledged, in_progress, referred, resolved, closed, rejected or reopened.")
    var status: String
    @Option(help: "A note for the history.") var note = ""
    @Option(help: "The organisation it is referred to.") var referredTo: String?
    @Option(help: "What was done about it.") var resolution: String?
    @Option(help: "Why it is rejected.") var reason: String?

    func run() throws {
        try reporting {
            guard let target = Grievance.Status(rawValue: status) else {
                let choices = Grievance.Status.allCases.map(\.rawValue).joined(separator: ", ")
                throw CommandFailure(description: "\"\(status)\" is not a grievance status: use one of \(choices).",
                                     status: .usage)
            }
            let store = try storeOptions.openForWriting()
            defer { store.close() }
            guard case .grievance(let found) = try store.lookup(grievance) else {
                throw CommandFailure(description: "\(grievance) is not a grievance.", status: .usage)
            }
            let moved = try store.move(grievance: found.id, Grievance.Move(
                to: target, note: note, referredTo: referredTo, resolution: resolution, reason: reason))
            emit("\(moved.reference) is now \(moved.status.rawValue).")
        }
    }
}
