import Foundation

/// A meeting with a community: who came, what was said, what was decided and what
/// must follow.
public struct Meeting: Record {
    public static let kind = RecordKind.meeting

    public var id: UUID
    /// Required.
    public var title: String
    /// A code from the meeting-kinds taxonomy.
    public var kind: String
    /// When it started, with the UTC offset of the place.
    public var start: OffsetDateTime
    public var durationMinutes: Int?
    /// A meeting lasts from a minute to a week.
    public static let durationBounds = 1...(7 * 24 * 60)
    public var place: String
    public var adm1: String
    public var adm2: String
    /// WGS84 degrees, -90...90.
    public var latitude: Double?
    /// WGS84 degrees, -180...180.
    public var longitude: Double?
    public var languages: [String]
    /// Who interpreted, if anyone.
    public var interpreter: String
    public var attendees: [Attendee]
    public var headcount: Headcount
    public var summary: String
    public var decisions: String
    public var followUps: [FollowUp]
    /// Tension, a threat or a rumour was reported.
    public var earlyWarning: Bool
    public var earlyWarningNote: String
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var deviceId: UUID
    public var deletedAt: Timestamp?

    public init(
        id: UUID = UUID(madeAt: .now()), title: String, kind: String = "community_forum", start: OffsetDateTime,
        durationMinutes: Int? = nil, place: String = "", adm1: String = "", adm2: String = "",
        latitude: Double? = nil, longitude: Double? = nil, languages: [String] = [], interpreter: String = "",
        attendees: [Attendee] = [], headcount: Headcount = Headcount(), summary: String = "",
        decisions: String = "", followUps: [FollowUp] = [], earlyWarning: Bool = false,
        earlyWarningNote: String = "", createdAt: Timestamp = .now(), updatedAt: Timestamp = .now(),
        deviceId: UUID = unassignedDevice, deletedAt: Timestamp? = nil
    ) {
        self.id = id
        self.title = title
        self.kind = kind
        self.start = start
        self.durationMinutes = durationMinutes
        self.place = place
        self.adm1 = adm1
        self.adm2 = adm2
        self.latitude = latitude
        self.longitude = longitude
        self.languages = languages
        self.interpreter = interpreter
        self.attendees = attendees
        self.headcount = headcount
        self.summary = summary
        self.decisions = decisions
        self.followUps = followUps
        self.earlyWarning = earlyWarning
        self.earlyWarningNote = earlyWarningNote
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.deviceId = deviceId
        self.deletedAt = deletedAt
    }
}

/// A contact who came to a meeting, and their role in it.
public struct Attendee: Codable, Sendable, Equatable, Hashable {
    public var contactId: UUID
    /// A code from the attendee-roles taxonomy.
    public var role: String

    public init(contactId: UUID, role: String = "participant") {
        self.contactId = contactId
        self.role = role
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        contactId = try c.decode(UUID.self, forKey: .contactId)
        role = try c.decodeIfPresent(String.self, forKey: .role) ?? "participant"
    }
}

/// How many people came, for the inclusion figures, whether or not they are contacts.
public struct Headcount: Codable, Sendable, Equatable, Hashable {
    public var women: Int
    public var men: Int
    public var girls: Int
    public var boys: Int

    public init(women: Int = 0, men: Int = 0, girls: Int = 0, boys: Int = 0) {
        self.women = women
        self.men = men
        self.girls = girls
        self.boys = boys
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        women = try c.decodeIfPresent(Int.self, forKey: .women) ?? 0
        men = try c.decodeIfPresent(Int.self, forKey: .men) ?? 0
        girls = try c.decodeIfPresent(Int.self, forKey: .girls) ?? 0
        boys = try c.decodeIfPresent(Int.self, forKey: .boys) ?? 0
    }

    /// How many of each may be counted at one meeting.
    public static let bounds = 0...100_000

    /// Everyone counted; saturating, so that a count from a damaged file cannot overflow.
    public var total: Int {
        [men, girls, boys].reduce(women) { sum, count in
            let (added, overflow) = sum.addingReportingOverflow(count)
            return overflow ? Int.max : added
        }
    }
}

/// Something agreed at a meeting that someone must do.
public struct FollowUp: Codable, Sendable, Equatable, Hashable, Identifiable {
    public var id: UUID
    /// What must be done. Required.
    public var action: String
    /// Who will do it.
    public var owner: String
    public var due: Day?
    /// When it was done; nil while open.
    public var doneOn: Day?

    public init(id: UUID = UUID(madeAt: .now()), action: String, owner: String = "", due: Day? = nil, doneOn: Day? = nil) {
        self.id = id
        self.action = action
        self.owner = owner
        self.due = due
        self.doneOn = doneOn
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(UUID.self, forKey: .id) ?? UUID(madeAt: .now())
        action = try c.decode(String.self, forKey: .action)
        owner = try c.decodeIfPresent(String.self, forKey: .owner) ?? ""
        due = try c.decodeIfPresent(Day.self, forKey: .due)
        doneOn = try c.decodeIfPresent(Day.self, forKey: .doneOn)
    }

    public var isDone: Bool { doneOn != nil }
}
