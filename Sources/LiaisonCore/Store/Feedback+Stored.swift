import Foundation
import GRDB

extension Feedback: StoredRecord {
    public static let order = "received_on DESC, rowid DESC"

    public var links: Set<UUID> { Set([meetingId, contactId].compactMap { $0 }) }

    public func checkLinks(_ db: Database, kept: Set<UUID>) throws {
        try Self.linkExists(db, .meeting, meetingId, field: "meeting_id", kept: kept)
        try Self.linkExists(db, .contact, contactId, field: "contact_id", kept: kept)
    }
}
