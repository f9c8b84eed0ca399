import Foundation
import GRDB

/// Why the store could not do what was asked, in a sentence for the officer.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case missing(path: String)
    case unreadable(path: String, reason: String)
    case notAStore(path: String)
    case newerSchema(path: String)
    case damaged(path: String, detail: String)
    case busy(path: String, holder: String)
    case notInitialized
    case alreadyInitialized(officer: String, prefix: String)
    case notFound(String)
    case ambiguous(String, matches: Int)
    case deleted(RecordKind, UUID)
    case notDeleted(RecordKind, UUID)
    case missingLink(field: String, kind: RecordKind, id: UUID)
    case statusChangeNeedsMove
    /// The change clashes with what the store holds (an id already used elsewhere).
    case clash(String)
    case io(String)

    public var description: String {
        switch self {
        case .missing(let path):
            "There is no store at \(path): run `liaison init` to make one, or give another with --store."
        case .unreadable(let path, let reason):
            "The store at \(path) cannot be opened: \(reason)."
        case .notAStore(let path):
            "The file \(path) is not a liaison store; it was left untouched. Give the path of a liaison store with --store."
        case .newerSchema(let path):
            "The store at \(path) was written by a newer version of liaison; it was left untouched. Update liaison to open it."
        case .damaged(let path, let detail):
            "The store\(path.isEmpty ? "" : " at \(path)") is damaged (\(detail)); it was left as it is. "
                + StoreError.restoreAdvice(path)
        case .busy(let path, let holder):
            "Another liaison process (\(holder)) is writing to the store at \(path); try again when it has finished."
        case .notInitialized:
            "This store has no device profile yet: run `liaison init --officer NAME --unit UNIT --prefix ABC` first."
        case .alreadyInitialized(let officer, let prefix):
            "This store is already set up for \(officer) with prefix \(prefix); add --force to change the profile."
        case .notFound(let what):
            "Nothing in the store has the id or reference \(what)."
        case .ambiguous(let what, let matches):
            "\(matches) records have ids that start with \(what): give more of the id."
        case .deleted(let kind, let id):
            "The \(kind.rawValue) \(id.uuidString) was deleted; restore it before changing it."
        case .notDeleted(let kind, let id):
            "The \(kind.rawValue) \(id.uuidString) is not deleted, so there is nothing to restore."
        case .missingLink(let field, let kind, let id):
            "Field \"\(field)\" names the \(kind.rawValue) \(id.uuidString), which is not in the store (or was deleted)."
        case .statusChangeNeedsMove:
            "A grievance's status changes only through a workflow move (acknowledge, refer, resolve, ...), not an edit."
        case .clash(let detail):
            "The store refused the change because it clashes with what it holds (\(detail)): "
                + "an id may already belong to another record; give new items new ids."
        case .io(let detail):
            "The store could not be written: \(detail)."
        }
    }

    /// What to do about a damaged store: its newest backup, when it has one.
    static func restoreAdvice(_ path: String) -> String {
        guard !path.isEmpty, let newest = Store.backups(of: URL(fileURLWithPath: path)).first else {
            return "Restore it from a backup or an export."
        }
        return "Its newest backup is \(newest.path): `liaison restore \(newest.path)` brings it back."
    }

    /// Translates an SQLite error into a sentence about the store at `path`.
    static func from(_ error: any Error, path: String) -> any Error {
        if case StoreError.damaged("", let detail) = error { return StoreError.damaged(path: path, detail: detail) }
        guard let error = error as? DatabaseError else { return error }
        switch error.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return StoreError.damaged(path: path, detail: error.message ?? "SQLite reports corruption")
        case .SQLITE_FULL:
            return StoreError.io("the disk is full; free some space and try again")
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN:
            return StoreError.unreadable(path: path, reason: "it is read-only or its folder cannot be written")
        case .SQLITE_IOERR:
            return StoreError.io(error.message ?? "an input/output error")
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
