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
    /// What the form is, in words: `New meeting`, `Edit contact “Amina”`.
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

    /// `-` stands for what the system does not say (no /proc): the process id alone decides.
    static let current = DraftOwner(boot: bootId(), pid: getpid(), started: startTime(of: getpid()) ?? "-")

    /// Whether the process that wrote a draft still runs.
    var isRunning: Bool {
        guard boot == Self.current.boot else { return false }
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        return started == "-" || Self.startTime(of: pid) == started
    }

    private static func bootId() -> String {
        let text = (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8)) ?? ""
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "-" : trimmed
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
    /// What a sealed draft's body starts with; the rest is the sealed form, in base64.
    static let sealedDraftMark = "sealed:"

    /// Saves a draft as this process's, replacing its earlier version. A `sealed` draft (a
    /// protected contact's form) is sealed to the vault, when there is one, under
    /// `sealedTitle`: it comes back only once the vault is unlocked.
    public func saveDraft(_ draft: Draft, sealed: Bool = false, sealedTitle: String = "") throws {
        var draft = draft
        if sealed, let vault {
            draft.body = Data((Self.sealedDraftMark + (try vault.seal(draft.body, purpose: "draft \(draft.id.uuidString)")).base64EncodedString()).utf8)
            draft.title = sealedTitle
        }
        try write { db in
            try db.cachedStatement(sql: """
                INSERT INTO draft (id, form, record_id, title, body, owner, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET form = excluded.form, record_id = excluded.record_id,
                    title = excluded.title, body = excluded.body, owner = excluded.owner, updated_at = excluded.updated_at
                """).execute(arguments: [draft.id.storedText, draft.form, draft.recordId?.storedText, draft.title,
                                         String(decoding: draft.body, as: UTF8.self), DraftOwner.current.text,
                                         now().description])
        }
    }

    /// Removes a draft: its form was saved or thrown away.
    public func deleteDraft(id: UUID) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM draft WHERE id = ?", arguments: [id.storedText])
        }
    }

    /// Takes over the drafts left by liaison processes that are no longer running (killed,
    /// or their terminal closed), oldest first, and returns them. The drafts of a liaison
    /// still running beside this one stay its own, and two liaisons started together never
    /// both take the same draft.
    ///
    /// A sealed draft is taken only while the vault is unlocked, opened; until then it waits.
    public func claimAbandonedDrafts() throws -> [Draft] {
        let vault = self.vault
        return try write { db in
            var claimed: [Draft] = []
            for row in try Row.fetchAll(db, sql: "SELECT * FROM draft ORDER BY updated_at") {
                if let owner = DraftOwner(try Store.value(row, "owner") as String), owner == .current || owner.isRunning { continue }
                guard let id = UUID(uuidString: try Store.value(row, "id")) else { continue }
                var body = Data((try Store.value(row, "body") as String).utf8)
                if body.starts(with: Data(Self.sealedDraftMark.utf8)) {
                    guard let sealed = Data(base64Encoded: body.dropFirst(Self.sealedDraftMark.utf8.count)),
                          let opened = vault?.open(sealed, purpose: "draft \(id.uuidString)") else { continue }
                    body = opened
                }
                try db.execute(sql: "UPDATE draft SET owner = ? WHERE id = ?", arguments: [DraftOwner.current.text, id.storedText])
                claimed.append(Draft(id: id, form: try Store.value(row, "form"),
                                     recordId: (try Store.value(row, "record_id") as String?).flatMap(UUID.init),
                                     title: try Store.value(row, "title"),
                                     body: body,
                                     updatedAt: Timestamp(try Store.value(row, "updated_at") as String) ?? .now()))
            }
            return claimed
        }
    }
}
