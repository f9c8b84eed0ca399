import Foundation
import GRDB

extension Feedback: StoredRecord {
    public static let order = "received_on DESC, rowid DESC"

    public func columns() -> [(String, (any DatabaseValueConvertible)?)] {
        [("received_on", receivedOn.description), ("meeting_id", meetingId?.uuidString),
         ("contact_id", contactId?.uuidString), ("channel", channel), ("types", Store.json(types)),
         ("topic", topic), ("text", text), ("language", language), ("sentiment", sentiment),
         ("perceived_safety", perceivedSafety), ("trust", trust), ("response", response),
         ("loop_closed_on", loopClosedOn?.description)]
            + metaColumns()
    }

    public static func load(_ db: Database, _ row: Row) throws -> Feedback {
        Feedback(
            id: try Store.uuid(row, "id"), receivedOn: try Store.day(row, "received_on"),
            meetingId: try Store.optionalUUID(row, "meeting_id"), contactId: try Store.optionalUUID(row, "contact_id"),
            channel: try Store.value(row, "channel"), types: try Store.strings(row, "types"),
            topic: try Store.value(row, "topic"), text: try Store.value(row, "text"),
            language: try Store.value(row, "language"),
            sentiment: try Store.optionalBounded(row, "sentiment", Feedback.sentimentBounds),
            perceivedSafety: try Store.optionalBounded(row, "perceived_safety", Feedback.scoreBounds),
            trust: try Store.optionalBounded(row, "trust", Feedback.scoreBounds),
            response: try Store.value(row, "response"), loopClosedOn: try Store.optionalDay(row, "loop_closed_on"),
            createdAt: try Store.timestamp(row, "created_at"), updatedAt: try Store.timestamp(row, "updated_at"),
            deviceId: try Store.uuid(row, "device_id"), deletedAt: try Store.optionalTimestamp(row, "deleted_at"))
    }

    public func searchText(_ taxonomies: Taxonomies) -> String {
        ([taxonomies.feedbackChannels.label(channel)] + types.map(taxonomies.feedbackTypes.label)
            + [topic, text, language, response]).joined(separator: "\n")
    }

    public var links: Set<UUID> { Set([meetingId, contactId].compactMap { $0 }) }

    public func checkLinks(_ db: Database, kept: Set<UUID>) throws {
        try Self.linkExists(db, .meeting, meetingId, field: "meeting_id", kept: kept)
        try Self.linkExists(db, .contact, contactId, field: "contact_id", kept: kept)
    }
}
