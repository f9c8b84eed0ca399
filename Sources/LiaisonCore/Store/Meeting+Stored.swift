import Foundation
import GRDB

extension Meeting: StoredRecord {
    public static let order = "start_utc DESC, rowid DESC"

    public func columns() -> [(String, (any DatabaseValueConvertible)?)] {
        [("title", title), ("kind", kind), ("start_utc", start.instant.description),
         ("start_offset", start.offsetMinutes), ("start_day", start.localDay.description),
         ("duration_minutes", durationMinutes), ("place", place), ("adm1", adm1), ("adm2", adm2),
         ("latitude", latitude), ("longitude", longitude), ("languages", Store.json(languages)),
         ("interpreter", interpreter), ("women", headcount.women), ("men", headcount.men),
         ("girls", headcount.girls), ("boys", headcount.boys), ("summary", summary), ("decisions", decisions),
         ("early_warning", earlyWarning), ("early_warning_note", earlyWarningNote)]
            + metaColumns()
    }

    public static func load(_ db: Database, _ row: Row) throws -> Meeting {
        let id = try Store.uuid(row, "id")
        guard let start = OffsetDateTime(instant: try Store.timestamp(row, "start_utc"),
                                         offsetMinutes: try Store.value(row, "start_offset"))
        else { throw StoreError.damaged(path: "", detail: "a meeting's start offset is out of range") }
        let attendees = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT contact_id, role FROM meeting_attendee WHERE meeting_id = ? ORDER BY position"),
            arguments: [id.uuidString]
        ).map { Attendee(contactId: try Store.uuid($0, "contact_id"), role: try Store.value($0, "role")) }
        let followUps = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM follow_up WHERE meeting_id = ? ORDER BY position"),
            arguments: [id.uuidString]
        ).map {
            FollowUp(id: try Store.uuid($0, "id"), action: try Store.value($0, "action"),
                     owner: try Store.value($0, "owner"),
                     due: try Store.optionalDay($0, "due"), doneOn: try Store.optionalDay($0, "done_on"))
        }
        return Meeting(
            id: id, title: try Store.value(row, "title"), kind: try Store.value(row, "kind"), start: start,
            durationMinutes: try Store.optionalBounded(row, "duration_minutes", Meeting.durationBounds),
            place: try Store.value(row, "place"), adm1: try Store.value(row, "adm1"),
            adm2: try Store.value(row, "adm2"), latitude: try Store.optionalBounded(row, "latitude", -90...90),
            longitude: try Store.optionalBounded(row, "longitude", -180...180),
            languages: try Store.strings(row, "languages"),
            interpreter: try Store.value(row, "interpreter"), attendees: attendees,
            headcount: Headcount(women: try Store.bounded(row, "women", Headcount.bounds),
                                 men: try Store.bounded(row, "men", Headcount.bounds),
                                 girls: try Store.bounded(row, "girls", Headcount.bounds),
                                 boys: try Store.bounded(row, "boys", Headcount.bounds)),
            summary: try Store.value(row, "summary"), decisions: try Store.value(row, "decisions"), followUps: followUps,
            earlyWarning: try Store.value(row, "early_warning"), earlyWarningNote: try Store.value(row, "early_warning_note"),
            createdAt: try Store.timestamp(row, "created_at"), updatedAt: try Store.timestamp(row, "updated_at"),
            deviceId: try Store.uuid(row, "device_id"), deletedAt: try Store.optionalTimestamp(row, "deleted_at"))
    }

    public func searchText(_ taxonomies: Taxonomies) -> String {
        ([title, taxonomies.meetingKinds.label(kind), place, adm1, adm2] + languages
            + [interpreter, summary, decisions, earlyWarningNote]
            + followUps.flatMap { [$0.action, $0.owner] }).joined(separator: "\n")
    }

    public var links: Set<UUID> { Set(attendees.map(\.contactId)) }

    public func checkLinks(_ db: Database, kept: Set<UUID>) throws {
        for attendee in attendees {
            try Self.linkExists(db, .contact, attendee.contactId, field: "attendees", kept: kept)
        }
    }

    public func saveChildren(_ db: Database, isNew: Bool) throws {
        let meetingId = id.uuidString
        if !isNew {
            try db.cachedStatement(sql: "DELETE FROM meeting_attendee WHERE meeting_id = ?").execute(arguments: [meetingId])
            try db.cachedStatement(sql: "DELETE FROM follow_up WHERE meeting_id = ?").execute(arguments: [meetingId])
        }
        let addAttendee = try db.cachedStatement(
            sql: "INSERT INTO meeting_attendee (meeting_id, contact_id, position, role) VALUES (?, ?, ?, ?)")
        for (position, attendee) in attendees.enumerated() {
            try addAttendee.execute(arguments: [meetingId, attendee.contactId.uuidString, position, attendee.role])
        }
        let addFollowUp = try db.cachedStatement(sql: """
            INSERT INTO follow_up (id, meeting_id, position, action, owner, due, done_on) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for (position, followUp) in followUps.enumerated() {
            try addFollowUp.execute(arguments: [followUp.id.uuidString, meetingId, position, followUp.action,
                                                followUp.owner, followUp.due?.description, followUp.doneOn?.description])
        }
    }
}
