import Foundation
import GRDB

extension Meeting: StoredRecord {
    public static let order = "start_utc DESC, rowid DESC"

    public mutating func loadChildren(_ db: Database) throws {
        attendees = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT contact_id, role FROM meeting_attendee WHERE meeting_id = ? ORDER BY position"),
            arguments: [id.storedText]
        ).map { Attendee(contactId: try Store.uuid($0, "contact_id"), role: try Store.value($0, "role")) }
        followUps = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM follow_up WHERE meeting_id = ? ORDER BY position"),
            arguments: [id.storedText]
        ).map {
            FollowUp(id: try Store.uuid($0, "id"), action: try Store.value($0, "action"),
                     owner: try Store.value($0, "owner"),
                     due: try Store.optionalDay($0, "due"), doneOn: try Store.optionalDay($0, "done_on"))
        }
    }

    public var links: Set<UUID> { Set(attendees.map(\.contactId)) }

    public func checkLinks(_ check: LinkCheck) throws {
        for attendee in attendees {
            try check.require(.contact, attendee.contactId, field: "attendees")
        }
    }

    public func saveChildren(_ db: Database, isNew: Bool) throws {
        let meetingId = id.storedText
        if !isNew {
            try db.cachedStatement(sql: "DELETE FROM meeting_attendee WHERE meeting_id = ?").execute(arguments: [meetingId])
            try db.cachedStatement(sql: "DELETE FROM follow_up WHERE meeting_id = ?").execute(arguments: [meetingId])
        }
        let addAttendee = try db.cachedStatement(
            sql: "INSERT INTO meeting_attendee (meeting_id, contact_id, position, role) VALUES (?, ?, ?, ?)")
        for (position, attendee) in attendees.enumerated() {
            try addAttendee.execute(arguments: [meetingId, attendee.contactId.storedText, position, attendee.role])
        }
        let addFollowUp = try db.cachedStatement(sql: """
            INSERT INTO follow_up (id, meeting_id, position, action, owner, due, done_on) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for (position, followUp) in followUps.enumerated() {
            try addFollowUp.execute(arguments: [followUp.id.storedText, meetingId, position, followUp.action,
                                                followUp.owner, followUp.due?.description, followUp.doneOn?.description])
        }
    }
}
