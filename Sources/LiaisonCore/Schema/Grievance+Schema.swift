import Foundation

extension Grievance: SchemaRecord {
    /// The fields of a grievance; the raw value is the JSON name.
    public enum Field: String, CaseIterable, Hashable, Sendable {
        case id, reference
        case raisedOn = "raised_on"
        case meetingId = "meeting_id"
        case contactId = "contact_id"
        case place, adm1, adm2, category, severity, sensitive, description, status
        case referredTo = "referred_to"
        case acknowledgeBy = "acknowledge_by"
        case resolveBy = "resolve_by"
        case resolution
        case rejectionReason = "rejection_reason"
        case loopClosedOn = "loop_closed_on"
        case loopClosedHow = "loop_closed_how"
        case history
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case deletedAt = "deleted_at"
        case deviceId = "device_id"
    }

    public static let schema: [FieldSpec<Grievance>] = [
        .identity(.id),
        .text(.reference, \.reference, hashtag: "#meta+ref", role: .workflow),
        .choice(.status, \.status, .status, hashtag: "#status", role: .workflow),
        .day(.raisedOn, \.raisedOn, hashtag: "#date+reported").mandatory(),
        .link(.meetingId, \.meetingId, .meeting, hashtag: "#meta+meeting"),
        .link(.contactId, \.contactId, .contact, hashtag: "#meta+contact"),
        .text(.place, \.place, hashtag: "#loc+name"),
        .text(.adm1, \.adm1, hashtag: "#adm1+name"),
        .text(.adm2, \.adm2, hashtag: "#adm2+name"),
        .code(.category, \.category, .grievanceCategories, hashtag: "#x_category").mandatory(),
        .choice(.severity, \.severity, .severity, hashtag: "#severity").following(.category),
        .flag(.sensitive, \.sensitive, hashtag: "#x_sensitive").following(.category),
        .text(.description, \.description, .block, hashtag: "#description").mandatory(),
        .text(.referredTo, \.referredTo, hashtag: "#org+referral").shown(.onEdit),
        .optionalDay(.acknowledgeBy, \.acknowledgeBy, hashtag: "#date+due+acknowledge").shown(.onPage),
        .optionalDay(.resolveBy, \.resolveBy, hashtag: "#date+due+resolve").shown(.onPage),
        .text(.resolution, \.resolution, .block, hashtag: "#description+resolution").shown(.onEdit),
        .text(.rejectionReason, \.rejectionReason, .block, hashtag: "#description+rejection").shown(.onEdit),
        .optionalDay(.loopClosedOn, \.loopClosedOn, hashtag: "#date+loopclosed").shown(.onEdit),
        .text(.loopClosedHow, \.loopClosedHow, hashtag: "#x_loopclosed+how").shown(.onEdit),
        .history(.history, \.history),
    ] + FieldSpec.stamps(created: .createdAt, updated: .updatedAt, deleted: .deletedAt, device: .deviceId)

    public static func blank(id: UUID) -> Grievance {
        Grievance(id: id, raisedOn: Day(daysSinceEpoch: 0), category: "", sensitive: false, severity: .medium,
                  description: "")
    }
}
