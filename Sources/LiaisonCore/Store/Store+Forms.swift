import Foundation
import GRDB

/// A contact as a picker offers it: enough to find and tell apart.
public struct ContactChoice: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var name: String
    public var localName: String
    public var role: String
    public var community: String
    public var organisation: String
    /// A protected contact's code name: its real name typed in free text is warned about.
    /// Nil for a contact that is not protected.
    public var codeName: String?

    public init(id: UUID, name: String, localName: String = "", role: String = "other", community: String = "",
                organisation: String = "", codeName: String? = nil) {
        self.codeName = codeName
        self.id = id
        self.name = name
        self.localName = localName
        self.role = role
        self.community = community
        self.organisation = organisation
    }
}

/// A follow-up action with the meeting it was agreed at.
public struct FollowUpItem: Sendable, Equatable {
    public var followUp: FollowUp
    public var meetingId: UUID
    public var meetingTitle: String
    public var meetingDay: Day
}

/// Where the officer last met: a new meeting starts there.
public struct Place: Sendable, Equatable {
    public var place: String
    public var adm1: String
    public var adm2: String
}

extension Store {
    /// Every contact not deleted, by name, for pickers that match as the officer types.
    public func contactChoices() throws -> [ContactChoice] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, name, local_name, role, community, organisation, code_name, sensitivity FROM contact
                WHERE deleted_at IS NULL ORDER BY sort_name
                """).compactMap { row in
                guard let id = UUID(uuidString: try Store.value(row, "id")) else { return nil }
                let opened = revealedName(id)
                return ContactChoice(id: id, name: try opened?.name ?? Store.value(row, "name"),
                                     localName: try opened?.localName ?? Store.value(row, "local_name"),
                                     role: try Store.value(row, "role"), community: try Store.value(row, "community"),
                                     organisation: try Store.value(row, "organisation"),
                                     codeName: (try Store.value(row, "sensitivity") as String) == Sensitivity.protected.rawValue
                                         ? try Store.value(row, "code_name") as String : nil)
            }
        }
    }

    /// The place of the meeting logged last on this store.
    public func lastPlace() throws -> Place? {
        try read { db in
            try Row.fetchOne(db, sql: """
                SELECT place, adm1, adm2 FROM meeting WHERE deleted_at IS NULL AND place != ''
                ORDER BY created_at DESC LIMIT 1
                """).map {
                    Place(place: try Store.value($0, "place"), adm1: try Store.value($0, "adm1"),
                          adm2: try Store.value($0, "adm2"))
                }
        }
    }

    /// Now, on the device's wall clock with its UTC offset: a new meeting starts here.
    public func localNow() -> OffsetDateTime { options.deviceClock.localNow() }

    /// Follow-up actions of meetings not deleted: the open ones first by due date, then
    /// the done ones, the most recent first; at most `limit`.
    public func followUps(limit: Int = 500) throws -> [FollowUpItem] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT f.*, m.title AS meeting_title, m.start_day AS meeting_day FROM follow_up f
                JOIN meeting m ON m.id = f.meeting_id WHERE m.deleted_at IS NULL
                ORDER BY f.done_on IS NOT NULL, CASE WHEN f.done_on IS NULL THEN f.due IS NULL END,
                    CASE WHEN f.done_on IS NULL THEN f.due END, f.done_on DESC, m.start_utc DESC
                LIMIT ?
                """, arguments: [limit]).compactMap { row in
                guard let id = UUID(uuidString: try Store.value(row, "id")),
                      let meetingId = UUID(uuidString: try Store.value(row, "meeting_id")),
                      let meetingDay = Day(parsing: try Store.value(row, "meeting_day") as String) else { return nil }
                let followUp = FollowUp(id: id, action: try Store.value(row, "action"), owner: try Store.value(row, "owner"),
                                        due: (try Store.value(row, "due") as String?).flatMap { Day(parsing: $0) },
                                        doneOn: (try Store.value(row, "done_on") as String?).flatMap { Day(parsing: $0) })
                return FollowUpItem(followUp: followUp, meetingId: meetingId, meetingTitle: try Store.value(row, "meeting_title"),
                                    meetingDay: meetingDay)
            }
        }
    }

    /// Marks a follow-up action done today, or open again; returns its meeting as stored.
    @discardableResult
    public func markFollowUp(_ id: UUID, done: Bool) throws -> Meeting {
        try write { db in
            guard let meetingId = try String.fetchOne(db, sql: "SELECT meeting_id FROM follow_up WHERE id = ?",
                                                      arguments: [id.storedText]),
                  let rowid = try Int64.fetchOne(db, sql: "SELECT rowid FROM meeting WHERE id = ?", arguments: [meetingId]),
                  var meeting = try Store.load(Meeting.self, db, rowid: rowid),
                  let index = meeting.followUps.firstIndex(where: { $0.id == id })
            else { throw StoreError.notFound(id.uuidString) }
            guard !meeting.isDeleted else { throw StoreError.deleted(.meeting, meeting.id) }
            meeting.followUps[index].doneOn = done ? today() : nil
            return try Store.persist(meeting.checked(in: rulesContext), db, profile: try Store.requireProfile(db),
                                     time: now(), taxonomies: taxonomies).record
        }
    }
}
