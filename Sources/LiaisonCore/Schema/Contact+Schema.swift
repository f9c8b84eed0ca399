import Foundation

extension Contact: SchemaRecord {
    /// The fields of a contact; the raw value is the JSON name.
    public enum Field: String, CaseIterable, Hashable, Sendable {
        case id, name
        case localName = "local_name"
        case codeName = "code_name"
        case role, organisation, community, adm1, adm2, phones, handles, languages, gender
        case ageGroup = "age_group"
        case sensitivity, consent
        case consentDate = "consent_date"
        case consentScope = "consent_scope"
        case notes
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case deletedAt = "deleted_at"
        case deviceId = "device_id"
    }

    public static let schema: [FieldSpec<Contact>] = [
        .identity(.id),
        .text(.name, \.name, hashtag: "#contact+name", identifying: true).mandatory(),
        .text(.localName, \.localName, hashtag: "#contact+name+local", identifying: true),
        .text(.codeName, \.codeName, hashtag: "#contact+name+code"),
        .code(.role, \.role, .contactRoles, hashtag: "#contact+type"),
        .text(.organisation, \.organisation, hashtag: "#org+name"),
        .text(.community, \.community, hashtag: "#loc+name"),
        .text(.adm1, \.adm1, hashtag: "#adm1+name"),
        .text(.adm2, \.adm2, hashtag: "#adm2+name"),
        .list(.phones, \.phones, hashtag: "#contact+phone", identifying: true),
        .list(.handles, \.handles, hashtag: "#contact+handle", identifying: true),
        .codes(.languages, \.languages, .languages, hashtag: "#x_languages"),
        .choice(.gender, \.gender, .gender, hashtag: "#x_gender"),
        .choice(.ageGroup, \.ageGroup, .ageGroup, hashtag: "#x_agegroup"),
        .choice(.sensitivity, \.sensitivity, .sensitivity, hashtag: "#x_sensitivity"),
        .choice(.consent, \.consent, .consent, hashtag: "#x_consent"),
        .optionalDay(.consentDate, \.consentDate, hashtag: "#date+consent"),
        .optionalChoice(.consentScope, \.consentScope, .consentScope, hashtag: "#x_consent+scope"),
        .text(.notes, \.notes, .block, hashtag: "#description+notes", identifying: true),
    ] + FieldSpec.stamps(created: .createdAt, updated: .updatedAt, deleted: .deletedAt, device: .deviceId)

    public static func blank(id: UUID) -> Contact { Contact(id: id, name: "", role: "") }
}
