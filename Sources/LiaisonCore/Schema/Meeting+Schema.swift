import Foundation

extension Meeting: SchemaRecord {
    /// The fields of a meeting; the raw value is the JSON name.
    public enum Field: String, CaseIterable, Hashable, Sendable {
        case id, title, kind, start
        case durationMinutes = "duration_minutes"
        case place, adm1, adm2, attendees
        case women = "headcount.women"
        case men = "headcount.men"
        case girls = "headcount.girls"
        case boys = "headcount.boys"
        case summary, decisions
        case followUps = "follow_ups"
        case earlyWarning = "early_warning"
        case earlyWarningNote = "early_warning_note"
        case languages, interpreter, latitude, longitude
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case deletedAt = "deleted_at"
        case deviceId = "device_id"
    }

    /// In the order a meeting is logged: what, when, where, who came, what was said and
    /// agreed; the rarer details last.
    public static let schema: [FieldSpec<Meeting>] = [
        .identity(.id),
        .text(.title, \.title, hashtag: "#event+name").mandatory(),
        .code(.kind, \.kind, .meetingKinds, hashtag: "#event+type"),
        .moment(.start, \.start, hashtag: "#date+start").mandatory(),
        .optionalNumber(.durationMinutes, \.durationMinutes, .minutes(Meeting.durationBounds),
                        hashtag: "#x_duration+minutes"),
        .text(.place, \.place, hashtag: "#loc+name"),
        .text(.adm1, \.adm1, hashtag: "#adm1+name"),
        .text(.adm2, \.adm2, hashtag: "#adm2+name"),
        .attendees(.attendees, \.attendees, hashtag: "#x_attendees+num"),
        .number(.women, \.headcount.women, Headcount.bounds, hashtag: "#x_headcount+f+adults").opening("section.headcount"),
        .number(.men, \.headcount.men, Headcount.bounds, hashtag: "#x_headcount+m+adults"),
        .number(.girls, \.headcount.girls, Headcount.bounds, hashtag: "#x_headcount+f+children"),
        .number(.boys, \.headcount.boys, Headcount.bounds, hashtag: "#x_headcount+m+children"),
        .text(.summary, \.summary, .block, hashtag: "#description+summary"),
        .text(.decisions, \.decisions, .block, hashtag: "#description+decisions"),
        .followUps(.followUps, \.followUps, hashtag: "#x_followups+open+num", header: "follow_ups_open"),
        .flag(.earlyWarning, \.earlyWarning, hashtag: "#x_earlywarning"),
        .text(.earlyWarningNote, \.earlyWarningNote, .block, hashtag: "#description+earlywarning"),
        .codes(.languages, \.languages, .languages, hashtag: "#x_languages").opening("section.details"),
        .text(.interpreter, \.interpreter, hashtag: "#x_interpreter"),
        .decimal(.latitude, \.latitude, -90...90, hashtag: "#geo+lat"),
        .decimal(.longitude, \.longitude, -180...180, hashtag: "#geo+lon"),
    ] + FieldSpec.stamps(created: .createdAt, updated: .updatedAt, deleted: .deletedAt, device: .deviceId)

    public static func blank(id: UUID) -> Meeting {
        Meeting(id: id, title: "", kind: "", start: .epoch)
    }
}
