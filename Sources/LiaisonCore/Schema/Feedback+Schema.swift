import Foundation

extension Feedback: SchemaRecord {
    /// The fields of a feedback; the raw value is the JSON name.
    public enum Field: String, CaseIterable, Hashable, Sendable {
        case id
        case receivedOn = "received_on"
        case meetingId = "meeting_id"
        case contactId = "contact_id"
        case channel, types, topic, text, language, sentiment
        case perceivedSafety = "perceived_safety"
        case trust, response
        case loopClosedOn = "loop_closed_on"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case deletedAt = "deleted_at"
        case deviceId = "device_id"
    }

    public static let schema: [FieldSpec<Feedback>] = [
        .identity(.id),
        .day(.receivedOn, \.receivedOn, hashtag: "#date+received").mandatory(),
        .link(.meetingId, \.meetingId, .meeting, hashtag: "#meta+meeting"),
        .link(.contactId, \.contactId, .contact, hashtag: "#meta+contact"),
        .code(.channel, \.channel, .feedbackChannels, hashtag: "#x_channel"),
        .codes(.types, \.types, .feedbackTypes, hashtag: "#x_type").mandatory(),
        .text(.topic, \.topic, hashtag: "#x_topic"),
        .text(.text, \.text, .block, hashtag: "#description").mandatory(),
        .code(.language, \.language, .languages, hashtag: "#x_language"),
        .optionalNumber(.sentiment, \.sentiment, .number(Feedback.sentimentBounds), hashtag: "#x_sentiment+num")
            .picked(from: .sentiment),
        .optionalNumber(.perceivedSafety, \.perceivedSafety, .number(Feedback.scoreBounds), hashtag: "#x_safety+num"),
        .optionalNumber(.trust, \.trust, .number(Feedback.scoreBounds), hashtag: "#x_trust+num"),
        .text(.response, \.response, .block, hashtag: "#description+response"),
        .optionalDay(.loopClosedOn, \.loopClosedOn, hashtag: "#date+loopclosed"),
    ] + FieldSpec.stamps(created: .createdAt, updated: .updatedAt, deleted: .deletedAt, device: .deviceId)

    public static func blank(id: UUID) -> Feedback {
        Feedback(id: id, receivedOn: Day(daysSinceEpoch: 0), channel: "", types: [], text: "")
    }
}
