import Foundation

/// A case raised by the community that must be followed to its end.
public struct Grievance: Record {
    public static let kind = RecordKind.grievance

    public var id: UUID
    /// `<PREFIX>-<YEAR>-<SEQ>`, such as `KDL-2026-0042`; the store gives it on first save.
    public var reference: String
    public var raisedOn: Day
    /// The meeting it was raised at, if any.
    public var meetingId: UUID?
    /// Who raised it; nil when anonymous.
    public var contactId: UUID?
    public var place: String
    public var adm1: String
    public var adm2: String
    /// A code from the grievance-categories taxonomy.
    public var category: String
    public var sensitive: Bool
    public var severity: Severity
    /// What happened. Required.
    public var description: String
    public var status: Status
    /// The organisation it was referred to.
    public var referredTo: String
    /// Acknowledge by this day (raised on + the device's acknowledgement delay).
    public var acknowledgeBy: Day?
    /// Resolve by this day (raised on + the device's resolution delay).
    public var resolveBy: Day?
    public var resolution: String
    public var rejectionReason: String
    /// The day the community was told the outcome.
    public var loopClosedOn: Day?
    /// How the community was told: at a forum, by phone, ...
    public var loopClosedHow: String
    /// Every workflow move, oldest first; append-only.
    public var history: [GrievanceEvent]
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var deviceId: UUID
    public var deletedAt: Timestamp?

    /// A new grievance; severity and sensitivity default from the category's taxonomy entry.
    public init(
        id: UUID = UUID(madeAt: .now()), reference: String = "", raisedOn: Day, meetingId: UUID? = nil, contactId: UUID? = nil,
        place: String = "", adm1: String = "", adm2: String = "", category: String,
        sensitive: Bool? = nil, severity: Severity? = nil, description: String, status: Status = .new,
        referredTo: String = "", acknowledgeBy: Day? = nil, resolveBy: Day? = nil, resolution: String = "",
        rejectionReason: String = "", loopClosedOn: Day? = nil, loopClosedHow: String = "",
        history: [GrievanceEvent] = [], createdAt: Timestamp = .now(), updatedAt: Timestamp = .now(),
        deviceId: UUID = unassignedDevice, deletedAt: Timestamp? = nil,
        taxonomies: Taxonomies = .standard
    ) {
        let entry = taxonomies.grievanceCategories.entry(category)
        self.id = id
        self.reference = reference
        self.raisedOn = raisedOn
        self.meetingId = meetingId
        self.contactId = contactId
        self.place = place
        self.adm1 = adm1
        self.adm2 = adm2
        self.category = category
        self.sensitive = sensitive ?? entry?.sensitive ?? false
        self.severity = severity ?? entry?.severity ?? .medium
        self.description = description
        self.status = status
        self.referredTo = referredTo
        self.acknowledgeBy = acknowledgeBy
        self.resolveBy = resolveBy
        self.resolution = resolution
        self.rejectionReason = rejectionReason
        self.loopClosedOn = loopClosedOn
        self.loopClosedHow = loopClosedHow
        self.history = history
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.deviceId = deviceId
        self.deletedAt = deletedAt
    }

    /// Whether the community has been told the outcome.
    public var isLoopClosed: Bool { loopClosedOn != nil }

    /// Severity and sensitivity not given take the defaults of the category.
    public mutating func fillDefaults(given: Set<String>, taxonomies: Taxonomies) {
        guard let entry = taxonomies.grievanceCategories.entry(category) else { return }
        if !given.contains("severity"), let severity = entry.severity { self.severity = severity }
        if !given.contains("sensitive"), let sensitive = entry.sensitive { self.sensitive = sensitive }
    }
}

/// One move of a grievance through its workflow, kept forever.
public struct GrievanceEvent: Codable, Sendable, Equatable, Hashable {
    public var at: Timestamp
    /// The officer who made the move.
    public var by: String
    /// nil for the event that logged the grievance.
    public var from: Grievance.Status?
    public var to: Grievance.Status
    public var note: String

    public init(at: Timestamp, by: String, from: Grievance.Status?, to: Grievance.Status, note: String = "") {
        self.at = at
        self.by = by
        self.from = from
        self.to = to
        self.note = note
    }
}
