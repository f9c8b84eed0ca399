import Foundation
import GRDB

extension Grievance: StoredRecord {
    public static let order = "raised_on DESC, reference DESC"

    public func derivedColumns() -> [StoredColumn] {
        [("closed_at", closedAt?.description.databaseValue ?? .null)]
    }

    public mutating func loadChildren(_ db: Database) throws {
        history = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM grievance_event WHERE grievance_id = ? ORDER BY at, seq"),
            arguments: [id.storedText]
        ).map {
            GrievanceEvent(at: try Store.timestamp($0, "at"), by: try Store.value($0, "by"),
                           from: try Store.optionalChoice($0, "from_status"), to: try Store.choice($0, "to_status"),
                           note: try Store.value($0, "note"))
        }
    }

    /// A new grievance starts as `new`, with its reference, due dates and a first history entry.
    public mutating func prepareInsert(_ db: Database, profile: DeviceProfile, at time: Timestamp) throws {
        guard status == .new else { throw StoreError.statusChangeNeedsMove }
        reference = try Store.nextReference(db, prefix: profile.prefix, year: raisedOn.year)
        acknowledgeBy = acknowledgeBy ?? raisedOn.adding(days: profile.acknowledgeDays)
        resolveBy = resolveBy ?? raisedOn.adding(days: profile.resolveDays)
        history = [GrievanceEvent(at: time, by: profile.officer, from: nil, to: .new, note: "Logged")]
    }

    /// An edit keeps the reference, the status and the history: those change only by moves.
    public mutating func prepareUpdate(from stored: Grievance) throws {
        guard status == stored.status else { throw StoreError.statusChangeNeedsMove }
        reference = stored.reference
        history = stored.history
    }

    public var links: Set<UUID> { Set([meetingId, contactId].compactMap { $0 }) }

    public func checkLinks(_ check: LinkCheck) throws {
        try check.require(.meeting, meetingId, field: "meeting_id")
        try check.require(.contact, contactId, field: "contact_id")
    }

    public func saveChildren(_ db: Database, isNew: Bool) throws {
        // The history is append-only: the moves not stored yet are added after the others,
        // whether they came last (a move here) or between (moves joined from the field at
        // base); it reads back in time order.
        var stored: [GrievanceEvent] = []
        if !isNew {
            var before = self
            try before.loadChildren(db)
            stored = before.history
        }
        var unmatched = stored
        let added = history.filter { event in
            guard let index = unmatched.firstIndex(of: event) else { return true }
            unmatched.remove(at: index)
            return false
        }
        let append = try db.cachedStatement(sql: """
            INSERT INTO grievance_event (grievance_id, seq, at, by, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for (offset, event) in added.enumerated() {
            try append.execute(arguments: [id.storedText, stored.count + offset, event.at.description, event.by,
                                           event.from?.rawValue, event.to.rawValue, event.note])
        }
    }
}

extension Store {
    /// Moves a grievance through its workflow as the device's officer, appending the move
    /// to its history; refuses moves the workflow does not allow.
    @discardableResult
    public func move(grievance id: UUID, _ move: Grievance.Move) throws -> Grievance {
        try write { db in
            let profile = try Store.requireProfile(db)
            var grievance = try Store.stored(Grievance.self, db, id: id).record
            guard !grievance.isDeleted else { throw StoreError.deleted(.grievance, id) }
            let time = now()
            try grievance.apply(move, by: profile.officer, at: time)
            let checked = try grievance.checked(in: rulesContext)
            return try Store.persist(checked, db, profile: profile, time: time, taxonomies: taxonomies, as: .move).record
        }
    }

    /// Records that the community was told what came of a grievance: the day and how.
    @discardableResult
    public func closeLoop(grievance id: UUID, on day: Day, how: String) throws -> Grievance {
        try write { db in
            var grievance = try Store.stored(Grievance.self, db, id: id).record
            guard !grievance.isDeleted else { throw StoreError.deleted(.grievance, id) }
            grievance.loopClosedOn = day
            grievance.loopClosedHow = how
            return try Store.persist(grievance.checked(in: rulesContext), db, profile: try Store.requireProfile(db),
                                     time: now(), taxonomies: taxonomies, as: .move).record
        }
    }
}

extension Grievance {
    public static var joinedFields: Set<String> { [Field.history.rawValue, Field.status.rawValue] }

    /// The moves of both versions, once each, in time order; the status the latest leads to.
    public mutating func join(_ other: Grievance) {
        var seen = Set(history)
        let joined = history + other.history.filter { seen.insert($0).inserted }
        // Sorted by time, ties kept in the order found, so the same moves give one history.
        history = joined.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        if let latest = history.last { status = latest.to }
    }
}

