import Foundation
import GRDB

/// Which records of one kind to read, in the kind's list order.
public struct RecordQuery: Sendable, Equatable {
    /// Records linked to another record: the meetings a contact came to, the grievances
    /// raised at a meeting.
    public enum Link: Sendable, Equatable {
        case meeting(UUID)
        case contact(UUID)
    }

    /// Full-text search as typed by a person; empty for all.
    public var search: String
    public var link: Link?
    public var includeDeleted: Bool
    /// Rows at most; nil for all (read as a stream, never all at once).
    public var limit: Int?
    public var offset: Int
    /// All must hold; a condition that does not apply to the kind is ignored.
    public var conditions: [Condition]
    /// Nil for the kind's own order: newest first for dated records, by name for contacts.
    public var sort: Sort?

    public init(search: String = "", link: Link? = nil, includeDeleted: Bool = false, limit: Int? = nil,
                offset: Int = 0, conditions: [Condition] = [], sort: Sort? = nil) {
        self.search = search
        self.link = link
        self.includeDeleted = includeDeleted
        self.limit = limit
        self.offset = offset
        self.conditions = conditions
        self.sort = sort
    }

    /// The rowids of the records of `kind` a search finds, as a query: those whose own text
    /// matches, and a meeting by the names of those who came, a grievance or feedback by
    /// the name of who raised or gave it (their names only: a phone number typed finds no
    /// meeting). Text with nothing searchable in it (only punctuation) matches nothing.
    ///
    /// With `once`, each match comes once; without it (`UNION ALL`), a record found both
    /// ways comes twice, but the rows stream, as an estimate that stops early needs.
    ///
    /// `opened` holds what the unlocked vault finds in memory: the rowids of protected
    /// contacts whose sealed text matches, and of those whose names do.
    static func matching(_ kind: RecordKind, _ search: String, once: Bool = true,
                         opened: OpenedMatches = .none) -> (sql: String, arguments: StatementArguments) {
        let expression = SearchText.matchExpression(search) ?? "\"\""
        let own = "SELECT rowid FROM \(kind.table)_fts WHERE \(kind.table)_fts MATCH ?"
        let union = once ? "UNION" : "UNION ALL"
        let people = Self.people(opened)
        switch kind {
        case .contact:
            guard !opened.all.isEmpty else { return (own, [expression]) }
            return ("\(own) \(union) SELECT value FROM json_each(?)", [expression, opened.allJSON])
        case .meeting:
            return ("\(own) \(union) SELECT meeting.rowid FROM meeting_attendee JOIN meeting ON meeting.id = meeting_attendee.meeting_id "
                    + "WHERE meeting_attendee.contact_id IN (\(people.sql))", StatementArguments([expression, expression] + people.arguments))
        case .grievance, .feedback:
            return ("\(own) \(union) SELECT rowid FROM \(kind.table) WHERE contact_id IN (\(people.sql))",
                    StatementArguments([expression, expression] + people.arguments))
        }
    }

    /// What the unlocked vault finds among protected contacts, in memory.
    struct OpenedMatches: Sendable {
        /// Rowids of protected contacts whose names, phones, handles or notes match.
        var all: [Int64]
        /// Rowids of those whose names match.
        var names: [Int64]

        static let none = OpenedMatches(all: [], names: [])
        var allJSON: String { "[" + all.map(String.init).joined(separator: ",") + "]" }
        var namesJSON: String { "[" + names.map(String.init).joined(separator: ",") + "]" }
    }

    /// The contacts whose names match an FTS5 expression, and the opened ones whose do.
    private static func people(_ opened: OpenedMatches) -> (sql: String, arguments: [String]) {
        let indexed = "SELECT rowid FROM contact_name_fts WHERE contact_name_fts MATCH ?"
        guard !opened.names.isEmpty else { return ("SELECT id FROM contact WHERE rowid IN (\(indexed))", []) }
        return ("SELECT id FROM contact WHERE rowid IN (\(indexed) UNION SELECT value FROM json_each(?))", [opened.namesJSON])
    }

    /// The same test for one row at a time, for a list walked in its order: the row's own
    /// text, or the people linked to it. Each side is worked out once into a list the rows
    /// are looked up in (a lookup per attendee per row is twenty times slower).
    static func matchingRow(_ kind: RecordKind, _ search: String,
                            opened: OpenedMatches = .none) -> (sql: String, arguments: StatementArguments) {
        let expression = SearchText.matchExpression(search) ?? "\"\""
        let own = "+rowid IN (SELECT rowid FROM \(kind.table)_fts WHERE \(kind.table)_fts MATCH ?)"
        let people = Self.people(opened)
        switch kind {
        case .contact:
            guard !opened.all.isEmpty else { return (own, [expression]) }
            return ("(\(own) OR +rowid IN (SELECT value FROM json_each(?)))", [expression, opened.allJSON])
        case .meeting:
            return ("(\(own) OR +id IN (SELECT meeting_id FROM meeting_attendee WHERE contact_id IN (\(people.sql))))",
                    StatementArguments([expression, expression] + people.arguments))
        case .grievance, .feedback:
            return ("(\(own) OR +contact_id IN (\(people.sql)))", StatementArguments([expression, expression] + people.arguments))
        }
    }

    /// The WHERE clause and its arguments for records of `kind`. With `walkingTheOrder`, a
    /// search does not drive the query: SQLite walks the list's ordered index and keeps
    /// the rows that match, which stops at the page's end when a search matches many.
    func filter(_ kind: RecordKind, walkingTheOrder: Bool = false,
                opened: OpenedMatches = .none) -> (sql: String, arguments: StatementArguments) {
        var clauses: [String] = []
        var arguments = StatementArguments()
        if !includeDeleted { clauses.append("deleted_at IS NULL") }
        if !search.isEmpty {
            if walkingTheOrder {
                let (test, values) = Self.matchingRow(kind, search, opened: opened)
                clauses.append(test)
                arguments += values
            } else {
                let (matching, values) = Self.matching(kind, search, opened: opened)
                clauses.append("rowid IN (\(matching))")
                arguments += values
            }
        }
        for condition in self.conditions where condition.applies(to: kind) {
            let (sql, values) = condition.sql(kind)
            clauses.append(sql)
            arguments += values
        }
        switch (link, kind) {
        case (nil, _): break
        case (.meeting(let id), .contact):
            clauses.append("id IN (SELECT contact_id FROM meeting_attendee WHERE meeting_id = ?)")
            arguments += [id.storedText]
        case (.contact(let id), .meeting):
            clauses.append("id IN (SELECT meeting_id FROM meeting_attendee WHERE contact_id = ?)")
            arguments += [id.storedText]
        case (.meeting(let id), .meeting), (.contact(let id), .contact):
            clauses.append("id = ?")
            arguments += [id.storedText]
        case (.meeting(let id), .grievance), (.meeting(let id), .feedback):
            clauses.append("meeting_id = ?")
            arguments += [id.storedText]
        case (.contact(let id), .grievance), (.contact(let id), .feedback):
            clauses.append("contact_id = ?")
            arguments += [id.storedText]
        }
        return (clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "), arguments)
    }
}

/// A record of any kind, as `liaison show` finds it.
public enum AnyRecord: Sendable, Equatable, Encodable {
    case contact(Contact)
    case meeting(Meeting)
    case grievance(Grievance)
    case feedback(Feedback)

    public var id: UUID {
        switch self {
        case .contact(let record): record.id
        case .meeting(let record): record.id
        case .grievance(let record): record.id
        case .feedback(let record): record.id
        }
    }

    /// When it was last saved.
    public var updatedAt: Timestamp {
        switch self {
        case .contact(let record): record.updatedAt
        case .meeting(let record): record.updatedAt
        case .grievance(let record): record.updatedAt
        case .feedback(let record): record.updatedAt
        }
    }

    public var isDeleted: Bool {
        switch self {
        case .contact(let record): record.isDeleted
        case .meeting(let record): record.isDeleted
        case .grievance(let record): record.isDeleted
        case .feedback(let record): record.isDeleted
        }
    }

    public var kind: RecordKind {
        switch self {
        case .contact: .contact
        case .meeting: .meeting
        case .grievance: .grievance
        case .feedback: .feedback
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .contact(let record): try record.encode(to: encoder)
        case .meeting(let record): try record.encode(to: encoder)
        case .grievance(let record): try record.encode(to: encoder)
        case .feedback(let record): try record.encode(to: encoder)
        }
    }
}

extension Store {
    /// Calls `body` with each record the query selects, reading them as a stream so that
    /// memory does not grow with the size of the store.
    public func forEach<R: StoredRecord>(_ type: R.Type, _ query: RecordQuery = RecordQuery(),
                                         _ body: (R) throws -> Void) throws {
        let vault = self.vault
        let opened = openedMatches(query.search)
        try read { db in
            // A page of a search that matches many records, in the list's own order, is
            // found fastest by walking that order; a search that matches few, by sorting
            // its matches.
            let paged = query.limit != nil && query.sort == nil && !query.search.isEmpty
            let walk = try paged && Self.searchMatches(db, R.kind, query.search, atMost: Self.manyMatches,
                                                       opened: opened) >= Self.manyMatches
            let (condition, arguments) = query.filter(R.kind, walkingTheOrder: walk, opened: opened)
            var sql = "SELECT * FROM \(R.table) \(condition) ORDER BY \(query.order(R.kind, default: R.order))"
            if let limit = query.limit { sql += " LIMIT \(max(0, limit)) OFFSET \(max(0, query.offset))" }
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try cursor.next() {
                try body(try R.load(db, row, vault: vault))
            }
        }
    }

    /// The records the query selects; give it a limit (a page), as lists do.
    public func records<R: StoredRecord>(_ type: R.Type, _ query: RecordQuery) throws -> [R] {
        var page: [R] = []
        try forEach(type, query) { page.append($0) }
        return page
    }

    /// How many records the query selects, ignoring its limit.
    public func count(_ kind: RecordKind, _ query: RecordQuery = RecordQuery()) throws -> Int {
        let opened = openedMatches(query.search)
        return try read { db in
            if !query.search.isEmpty, query.conditions.isEmpty, query.link == nil, !query.includeDeleted {
                // The matches less the deleted ones, found through the small index of deleted
                // records: no need to read every matching row.
                let matches = try Self.searchMatches(db, kind, query.search, opened: opened)
                let (matching, arguments) = RecordQuery.matching(kind, query.search, opened: opened)
                let deleted = try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM \(kind.table) WHERE deleted_at IS NOT NULL AND +rowid IN (\(matching))
                    """, arguments: arguments) ?? 0
                return matches - deleted
            }
            let (condition, arguments) = query.filter(kind, opened: opened)
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM \(kind.table) \(condition)", arguments: arguments) ?? 0
        }
    }

    /// Above this many matches a search counts as common.
    static let manyMatches = 1000

    /// Records (deleted ones too) whose text matches a search, counted up to `atMost`.
    static func searchMatches(_ db: Database, _ kind: RecordKind, _ search: String, atMost: Int? = nil,
                              opened: RecordQuery.OpenedMatches = .none) throws -> Int {
        let (matching, arguments) = RecordQuery.matching(kind, search, once: atMost == nil, opened: opened)
        let match = "SELECT 1 FROM (\(matching))" + (atMost.map { " LIMIT \($0)" } ?? "")
        return try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(match))", arguments: arguments) ?? 0
    }

    /// The record with this id, grievance reference (any case), or unique start or end of
    /// an id of at least 8 characters (lists show the last 8, `shortText`).
    public func lookup(_ text: String) throws -> AnyRecord {
        let wanted = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let id = UUID(uuidString: wanted) {
            if let found = try lookup(id: id) { return found }
            throw StoreError.notFound(wanted)
        }
        if let id = try read({ try String.fetchOne($0, sql: "SELECT id FROM grievance WHERE reference = ?", arguments: [wanted]) }),
           let uuid = UUID(uuidString: id), let found = try lookup(id: uuid) {
            return found
        }
        let prefix = wanted.uppercased()
        // Part of an id: 8 to 36 of its characters, at least 8 of them its hexadecimal digits.
        let hexadecimal = prefix.allSatisfy { ($0.isASCII && $0.isHexDigit) || $0 == "-" }
        guard hexadecimal, (8...36).contains(prefix.count), prefix.filter(\.isHexDigit).count >= 8 else {
            throw StoreError.notFound(wanted)
        }
        // Its start or its end: the end, which no index holds, is found by reading every id.
        let matching = "WHERE (id >= ? AND id < ?) OR substr(id, -?) = ?"
        let arguments: StatementArguments = [prefix, prefix + "\u{10FFFF}", prefix.count, prefix]
        let ids = try read { db in
            try RecordKind.allCases.flatMap { kind in
                try String.fetchAll(db, sql: "SELECT id FROM \(kind.table) \(matching) LIMIT 2", arguments: arguments)
            }
        }
        guard ids.count <= 1 else {
            // How many, not just more than one: the officer learns how much more to give.
            let count = try read { db in
                try RecordKind.allCases.reduce(0) { total, kind in
                    try total + (Int.fetchOne(db, sql: "SELECT count(*) FROM \(kind.table) \(matching)", arguments: arguments) ?? 0)
                }
            }
            throw StoreError.ambiguous(wanted, matches: count)
        }
        guard let id = ids.first.flatMap(UUID.init(uuidString:)), let found = try lookup(id: id) else {
            throw StoreError.notFound(wanted)
        }
        return found
    }

    private func lookup(id: UUID) throws -> AnyRecord? {
        for kind in RecordKind.allCases {
            if let record = try record(kind, id: id) { return record }
        }
        return nil
    }

    /// The record of a kind with this id, deleted or not.
    public func record(_ kind: RecordKind, id: UUID) throws -> AnyRecord? {
        switch kind {
        case .contact: try record(Contact.self, id: id).map { .contact($0) }
        case .meeting: try record(Meeting.self, id: id).map { .meeting($0) }
        case .grievance: try record(Grievance.self, id: id).map { .grievance($0) }
        case .feedback: try record(Feedback.self, id: id).map { .feedback($0) }
        }
    }

    /// What the unlocked vault finds for a search among protected contacts.
    func openedMatches(_ search: String) -> RecordQuery.OpenedMatches {
        guard !search.isEmpty else { return .none }
        return RecordQuery.OpenedMatches(all: revealedMatches(search, namesOnly: false),
                                         names: revealedMatches(search, namesOnly: true))
    }

    /// Names of contacts by id, for showing attendees and who raised what.
    public func contactNames(_ ids: [UUID], withLocalNames: Bool = false) throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        return try read { db in
            var names: [UUID: String] = [:]
            for id in Set(ids) {
                if let contact = try revealedName(id) ?? Self.contactName(db, id) {
                    names[id] = withLocalNames ? contact.shownWithLocalName(to: .officer) : contact.shown(to: .officer)
                }
            }
            return names
        }
    }

    /// A contact's names and whether it is protected; nil when there is no such contact.
    /// With `live`, nil for a deleted contact too.
    static func contactName(_ db: Database, _ id: UUID, live: Bool = false) throws -> ContactName? {
        let sql = "SELECT name, local_name, code_name, sensitivity FROM contact WHERE id = ?"
            + (live ? " AND deleted_at IS NULL" : "")
        guard let row = try Row.fetchOne(db.cachedStatement(sql: sql), arguments: [id.storedText]) else { return nil }
        return ContactName(name: try Store.value(row, "name"), codeName: try Store.value(row, "code_name"),
                           isProtected: (try Store.value(row, "sensitivity") as String) == Sensitivity.protected.rawValue,
                           localName: try Store.value(row, "local_name"))
    }
}
