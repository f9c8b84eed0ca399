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

/// Reads the JSON a command was given: a file, or standard input.
func readInput(file: String?, describing what: String) throws -> Data {
    if let file {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandFailure(description: "The file \(file) does not exist or cannot be read.", status: .noInput)
        }
        return data
    }
    if isatty(STDIN_FILENO) == 1 {
        FileHandle.standardError.write(Data("Reading \(what) as JSON from standard input; end with Ctrl-D.\n".utf8))
    }
    return FileHandle.standardInput.readDataToEndOfFile()
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
            let store = try storeOptions.open()
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
            let store = try storeOptions.open()
            defer { store.close() }
            let found = try store.lookup(record)
            let data = try readInput(file: file, describing: "the changes")
            switch found {
            case .contact(let stored):
                emit(try store.save(RecordJSON.decodeNew(Contact.self, from: data, defaults: stored)).id.uuidString)
            case .meeting(let stored):
                emit(try store.save(RecordJSON.decodeNew(Meeting.self, from: data, defaults: stored)).id.uuidString)
            case .grievance(let stored):
                emit(try store.save(RecordJSON.decodeNew(Grievance.self, from: data, defaults: stored)).id.uuidString)
            case .feedback(let stored):
                emit(try store.save(RecordJSON.decodeNew(Feedback.self, from: data, defaults: stored)).id.uuidString)
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
            let store = try storeOptions.open()
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
            let store = try storeOptions.open()
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
