import Foundation
import GRDB

/// Why the store could not do what was asked, in a sentence for the officer.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case missing(path: String)
    case unreadable(path: String, reason: Reason)
    case notAStore(path: String)
    case newerSchema(path: String)
    case damaged(path: String, detail: String)
    case busy(path: String, holder: String)
    case notInitialized
    case alreadyInitialized(officer: String, prefix: String)
    case notFound(String)
    case ambiguous(String, matches: Int)
    case deleted(RecordKind, UUID)
    /// A record asked to be deleted is deleted already.
    case alreadyDeleted(RecordKind, UUID)
    case notDeleted(RecordKind, UUID)
    case missingLink(field: String, kind: RecordKind, id: UUID)
    case statusChangeNeedsMove
    /// The change clashes with what the store holds (an id already used elsewhere).
    case clash(String)
    case io(Reason)

    public var description: String { message(in: .standard(.en)) }

    /// The sentence in the language of `words`. Paths, ids and details stay as they are.
    public func message(in words: Catalogue) -> String {
        switch self {
        case .missing(let path): words.text("core.store.missing", ["path": path])
        case .unreadable(let path, let reason): words.text("core.store.unreadable", ["path": path, "reason": reason.text(in: words)])
        case .notAStore(let path): words.text("core.store.not_a_store", ["path": path])
        case .newerSchema(let path): words.text("core.store.newer_schema", ["path": path])
        case .damaged(let path, let detail):
            words.text(path.isEmpty ? "core.store.damaged" : "core.store.damaged_at", ["path": path, "detail": detail])
                + " " + StoreError.restoreAdvice(path, words)
        case .busy(let path, let holder): words.text("core.store.busy", ["path": path, "holder": holder])
        case .notInitialized: words.text("core.store.not_initialized")
        case .alreadyInitialized(let officer, let prefix):
            words.text("core.store.already_initialized", ["officer": officer, "prefix": prefix])
        case .notFound(let what):
            if what.trimmingCharacters(in: .whitespaces).isEmpty {
                words.text("core.store.not_found_nothing_given")
            } else if what.count < 8, what.allSatisfy({ $0.isHexDigit || $0 == "-" }) {
                // Too short to be looked for as part of an id.
                words.text("core.store.not_found_short", ["what": what])
            } else {
                words.text("core.store.not_found", ["what": what])
            }
        case .ambiguous(let what, let matches): words.text("core.store.ambiguous", ["what": what, "count": String(matches)])
        case .deleted(let kind, let id): words.text("core.store.deleted", ["kind": words.noun(kind), "id": id.uuidString])
        case .alreadyDeleted(let kind, let id):
            words.text("core.store.already_deleted", ["kind": words.noun(kind), "id": id.uuidString])
        case .notDeleted(let kind, let id): words.text("core.store.not_deleted", ["kind": words.noun(kind), "id": id.uuidString])
        case .missingLink(let field, let kind, let id):
            words.text("core.store.missing_link", ["field": field, "kind": words.noun(kind), "id": id.uuidString])
        case .statusChangeNeedsMove: words.text("core.store.status_needs_move")
        case .clash(let detail): words.text("core.store.clash", ["detail": detail])
        case .io(let reason): words.text("core.store.io", ["detail": reason.text(in: words)])
        }
    }

    /// What to do about a damaged store: its newest backup, when it has one.
    static func restoreAdvice(_ path: String, _ words: Catalogue) -> String {
        guard !path.isEmpty, let newest = Store.backups(of: URL(fileURLWithPath: path)).first else {
            return words.text("core.store.restore_any")
        }
        return words.text("core.store.restore_newest", ["backup": newest.path])
    }

    /// Translates an SQLite error into a sentence about the store at `path`.
    static func from(_ error: any Error, path: String) -> any Error {
        if case StoreError.damaged("", let detail) = error { return StoreError.damaged(path: path, detail: detail) }
        guard let error = error as? DatabaseError else { return error }
        switch error.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return StoreError.damaged(path: path, detail: error.message ?? "SQLite reports corruption")
        case .SQLITE_FULL:
            return StoreError.io(Reason("core.io.disk_full"))
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN:
            return StoreError.unreadable(path: path, reason: Reason("core.reason.read_only_or_folder"))
        case .SQLITE_IOERR:
            return StoreError.io(error.message.map { .system($0) } ?? Reason("core.io.input_output"))
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError.busy(path: path, holder: "another program")
        case .SQLITE_CONSTRAINT:
            return StoreError.clash(TextSafety.cleaned(error.message ?? "a constraint failed", limit: 120))
        case .SQLITE_ERROR, .SQLITE_SCHEMA, .SQLITE_MISMATCH, .SQLITE_RANGE, .SQLITE_TOOBIG:
            // Our statements are fixed and tested: a missing table or column, or a sum that
            // overflows, means the file was damaged or edited by hand.
            return StoreError.damaged(path: path, detail: TextSafety.cleaned(error.message ?? "SQLite error", limit: 120))
        default:
            return error
        }
    }
}
