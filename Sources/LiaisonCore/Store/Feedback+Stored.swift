import Foundation
import GRDB

extension Feedback: StoredRecord {
    public static let order = "received_on DESC, rowid DESC"

    public var links: Set<UUID> { Set([meetingId, contactId].compactMap { $0 }) }

    public func checkLinks(_ check: LinkCheck) throws {
        try check.require(.meeting, meetingId, field: "meeting_id")
        try check.require(.contact, contactId, field: "contact_id")
    }
}
