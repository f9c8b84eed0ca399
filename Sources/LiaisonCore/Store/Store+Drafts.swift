import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// A form being filled in, saved as it is typed so that nothing typed is lost.
///
/// The store keeps the form's own encoding (`body`) without reading it: only the interface
/// knows what a form holds.
public struct Draft: Sendable, Equatable, Identifiable {
    public var id: UUID
    /// What the form edits: a record kind, or a workflow action on a grievance.
    public var form: String
    /// The record being edited or made, if the form has one.
    public var recordId: UUID?
    /// What the officer reads when the draft is offered: `Meeting “Water point committee”`.
    public var title: String
    /// The form's fields, cursor and focus, as the interface encodes them.
    public var body: Data
    public var updatedAt: Timestamp

    public init(id: UUID, form: String, recordId: UUID?, title: String, body: Data, updatedAt: Timestamp = .now()) {
        self.id = id
        self.form = form
        self.recordId = recordId
        self.title = title
        self.body = body
        self.updatedAt = updatedAt
    }
}

/// Which running liaison wrote a draft: the boot, the process id and the process's start
/// time, so that a recycled process id is never taken for the writer.
struct DraftOwner: Equatable {
    let boot: String
    let pid: Int32
    let started: String

    var text: String { "\(boot) \(pid) \(started)" }

    init(boot: String, pid: Int32, started: String) {
        self.boot = boot
        self.pid = pid
        self.started = started
    }

    init?(_ text: String) {
        let parts = text.split(separator: " ").map(String.init)
        guard parts.count == 3, let pid = Int32(parts[1]) else { return nil }
        self.init(boot: parts[0], pid: pid, started: parts[2])
    }

    static let current = DraftOwner(boot: bootId(), pid: getpid(), started: startTime(of: getpid()) ?? "")

    /// Whether the process that wrote a draft still runs.
    var isRunning: Bool {
        guard boot == Self.current.boot else { return false }
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        return Self.startTime(of: pid) == started
    }

    private static func bootId() -> String {
        let text = (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8)) ?? ""
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "unknown-boot" : trimmed
    }

    /// Field 22 of /proc/PID/stat: when the process started, in clock ticks after boot.
    private static func startTime(of pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // The command name (field 2) may hold spaces; the fields after it do not.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? String(fields[19]) : nil
    }
}

extension Store {
    /// Saves a draft as this process's, replacing its earlier version.
    public func saveDraft(_ draft: Draft) throws {
        try write { db in
            try db.cachedStatement(sql: """
                INSERT INTO draft (id, form, record_id, title, body, owner, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET form = excluded.form, record_id = excluded.record_id,
                    title = excluded.title, body = excluded.body, owner = excluded.owner, updated_at = excluded.updated_at
                """).execute(arguments: [draft.id.uuidString, draft.form, draft.recordId?.uuidString, draft.title,
                                         String(decoding: draft.body, as: UTF8.self), DraftOwner.current.text,
                                         now().description])
        }
    }

    /// Removes a draft: its form was saved or thrown away.
    public func deleteDraft(id: UUID) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM draft WHERE id = ?", arguments: [id.uuidString])
        }
    }

    /// The drafts left by liaison processes that are no longer running (killed, or their
    /// terminal closed), oldest first. The drafts of a liaison still running beside this
    /// one are its own and are not offered.
    public func abandonedDrafts() throws -> [Draft] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM draft ORDER BY updated_at").compactMap { row -> Draft? in
                let owner = DraftOwner(row["owner"] as String)
                if let owner, owner == .current || owner.isRunning { return nil }
                guard let id = UUID(uuidString: row["id"]) else { return nil }
                return Draft(id: id, form: row["form"], recordId: (row["record_id"] as String?).flatMap(UUID.init),
                             title: row["title"], body: Data((row["body"] as String).utf8),
                             updatedAt: Timestamp(row["updated_at"] as String) ?? .now())
            }
        }
    }
}

// MARK: - Saving an edit made from a form

extension Store {
    /// Saves an edit of a record that was read when its `updatedAt` was `expected`. When
    /// the stored record has changed since (another liaison on this store saved it), the
    /// store refuses with `EditConflict`, so the officer can choose which version to keep.
    @discardableResult
    public func save<R: StoredRecord>(_ record: R, expecting expected: Timestamp?) throws -> R {
        let checked = try record.checked(in: rulesContext)
        return try write { db in
            if let expected, let row = try Row.fetchOne(
                db, sql: "SELECT updated_at, deleted_at FROM \(R.table) WHERE id = ?", arguments: [record.id.uuidString]) {
                let stored = Timestamp(row["updated_at"] as String)
                if stored != expected || (row["deleted_at"] as String?) != nil {
                    throw EditConflict(kind: R.kind, id: record.id, changedAt: stored,
                                       deleted: (row["deleted_at"] as String?) != nil)
                }
            }
            return try Store.persist(checked, db, profile: try Store.requireProfile(db), time: now(), taxonomies: taxonomies)
        }
    }
}

/// A record was changed by another liaison on the same store while it was being edited.
public struct EditConflict: Error, Sendable, Equatable, CustomStringConvertible {
    public let kind: RecordKind
    public let id: UUID
    /// When the other version was saved.
    public let changedAt: Timestamp?
    /// The other liaison deleted it.
    public let deleted: Bool

    public var description: String {
        deleted
            ? "This \(kind.rawValue) was deleted by another liaison window while you edited it."
            : "This \(kind.rawValue) was changed by another liaison window at \(changedAt?.description ?? "?") "
                + "while you edited it."
    }
}

// MARK: - What forms need from the store

/// A contact as a picker offers it: enough to find and tell apart.
public struct ContactChoice: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var name: String
    public var localName: String
    public var role: String
    public var community: String
    public var organisation: String

    public init(id: UUID, name: String, localName: String = "", role: String = "other", community: String = "",
                organisation: String = "") {
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
                SELECT id, name, local_name, role, community, organisation FROM contact
                WHERE deleted_at IS NULL ORDER BY sort_name
                """).compactMap { row in
                guard let id = UUID(uuidString: row["id"]) else { return nil }
                return ContactChoice(id: id, name: row["name"], localName: row["local_name"], role: row["role"],
                                     community: row["community"], organisation: row["organisation"])
            }
        }
    }

    /// The place of the meeting logged last on this store.
    public func lastPlace() throws -> Place? {
        try read { db in
            try Row.fetchOne(db, sql: """
                SELECT place, adm1, adm2 FROM meeting WHERE deleted_at IS NULL AND place != ''
                ORDER BY created_at DESC LIMIT 1
                """).map { Place(place: $0["place"], adm1: $0["adm1"], adm2: $0["adm2"]) }
        }
    }

    /// Now, on the device's wall clock with its UTC offset: a new meeting starts here.
    public func localNow() -> OffsetDateTime {
        let date = options.clock()
        let instant = Timestamp(date)
        return OffsetDateTime(instant: Timestamp(milliseconds: instant.milliseconds / 60_000 * 60_000),
                              offsetMinutes: options.timeZone.secondsFromGMT(for: date) / 60)
            ?? OffsetDateTime(instant: instant, offsetMinutes: 0)!
    }

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
                guard let id = UUID(uuidString: row["id"]), let meetingId = UUID(uuidString: row["meeting_id"]),
                      let meetingDay = Day(parsing: row["meeting_day"] as String) else { return nil }
                let followUp = FollowUp(id: id, action: row["action"], owner: row["owner"],
                                        due: (row["due"] as String?).flatMap { Day(parsing: $0) },
                                        doneOn: (row["done_on"] as String?).flatMap { Day(parsing: $0) })
                return FollowUpItem(followUp: followUp, meetingId: meetingId, meetingTitle: row["meeting_title"],
                                    meetingDay: meetingDay)
            }
        }
    }

    /// Marks a follow-up action done today, or open again; returns its meeting as stored.
    @discardableResult
    public func markFollowUp(_ id: UUID, done: Bool) throws -> Meeting {
        try write { db in
            guard let meetingId = try String.fetchOne(db, sql: "SELECT meeting_id FROM follow_up WHERE id = ?",
                                                      arguments: [id.uuidString]),
                  let rowid = try Int64.fetchOne(db, sql: "SELECT rowid FROM meeting WHERE id = ?", arguments: [meetingId]),
                  var meeting = try Store.load(Meeting.self, db, rowid: rowid),
                  let index = meeting.followUps.firstIndex(where: { $0.id == id })
            else { throw StoreError.notFound(id.uuidString) }
            guard !meeting.isDeleted else { throw StoreError.deleted(.meeting, meeting.id) }
            meeting.followUps[index].doneOn = done ? today() : nil
            return try Store.persist(meeting.checked(in: rulesContext), db, profile: try Store.requireProfile(db),
                                     time: now(), taxonomies: taxonomies)
        }
    }

    /// Records that the community was told what came of a grievance: the day and how.
    @discardableResult
    public func closeLoop(grievance id: UUID, on day: Day, how: String) throws -> Grievance {
        try write { db in
            guard let rowid = try Int64.fetchOne(db, sql: "SELECT rowid FROM grievance WHERE id = ?",
                                                 arguments: [id.uuidString]),
                  var grievance = try Store.load(Grievance.self, db, rowid: rowid)
            else { throw StoreError.notFound(id.uuidString) }
            guard !grievance.isDeleted else { throw StoreError.deleted(.grievance, id) }
            grievance.loopClosedOn = day
            grievance.loopClosedHow = how
            return try Store.persist(grievance.checked(in: rulesContext), db, profile: try Store.requireProfile(db),
                                     time: now(), taxonomies: taxonomies, moving: true)
        }
    }
}
