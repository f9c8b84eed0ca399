import Foundation

/// What the community said: a question, a suggestion, a concern, thanks, a rumour.
public struct Feedback: Record {
    public static let kind = RecordKind.feedback

    public var id: UUID
    public var receivedOn: Day
    public var meetingId: UUID?
    /// Who gave it; nil when anonymous.
    public var contactId: UUID?
    /// A code from the feedback-channels taxonomy.
    public var channel: String
    /// One or more codes from the feedback-types taxonomy.
    public var types: [String]
    public var topic: String
    /// What was said. Required.
    public var text: String
    public var language: String
    /// -2 (very negative) to +2 (very positive); nil when not assessed.
    public var sentiment: Int?
    /// Sentiment runs from -2 (very negative) to +2 (very positive).
    public static let sentimentBounds = -2...2
    /// Perceived safety and trust run from 1 to 5.
    public static let scoreBounds = 1...5
    /// 1-5, from perception surveys.
    public var perceivedSafety: Int?
    /// Trust in the mission, 1-5, from perception surveys.
    public var trust: Int?
    /// The answer given to the community.
    public var response: String
    /// The day the community was told what came of it.
    public var loopClosedOn: Day?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var deviceId: UUID
    public var deletedAt: Timestamp?

    public init(
        id: UUID = UUID(madeAt: .now()), receivedOn: Day, meetingId: UUID? = nil, contactId: UUID? = nil,
        channel: String = "meeting", types: [String], topic: String = "", text: String, language: String = "",
        sentiment: Int? = nil, perceivedSafety: Int? = nil, trust: Int? = nil, response: String = "",
        loopClosedOn: Day? = nil, createdAt: Timestamp = .now(), updatedAt: Timestamp = .now(),
        deviceId: UUID = unassignedDevice, deletedAt: Timestamp? = nil
    ) {
        self.id = id
        self.receivedOn = receivedOn
        self.meetingId = meetingId
        self.contactId = contactId
        self.channel = channel
        self.types = types
        self.topic = topic
        self.text = text
        self.language = language
        self.sentiment = sentiment
        self.perceivedSafety = perceivedSafety
        self.trust = trust
        self.response = response
        self.loopClosedOn = loopClosedOn
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.deviceId = deviceId
        self.deletedAt = deletedAt
    }

    public var isLoopClosed: Bool { loopClosedOn != nil }
}
