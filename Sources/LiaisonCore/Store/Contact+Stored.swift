import Foundation
import GRDB

extension Contact: StoredRecord {
    public static let order = "sort_name, rowid"

    public func columns() -> [(String, (any DatabaseValueConvertible)?)] {
        [("name", name), ("local_name", localName), ("code_name", codeName), ("role", role),
         ("organisation", organisation), ("community", community), ("adm1", adm1), ("adm2", adm2),
         ("phones", Store.json(phones)), ("handles", Store.json(handles)), ("languages", Store.json(languages)),
         ("gender", gender.rawValue), ("age_group", ageGroup.rawValue), ("sensitivity", sensitivity.rawValue),
         ("consent", consent.rawValue), ("consent_date", consentDate?.description),
         ("consent_scope", consentScope?.rawValue), ("notes", notes), ("sort_name", SearchText.fold(name))]
            + metaColumns()
    }

    public static func load(_ db: Database, _ row: Row) throws -> Contact {
        Contact(
            id: try Store.uuid(row, "id"), name: try Store.value(row, "name"),
            localName: try Store.value(row, "local_name"), codeName: try Store.value(row, "code_name"),
            role: try Store.value(row, "role"), organisation: try Store.value(row, "organisation"),
            community: try Store.value(row, "community"), adm1: try Store.value(row, "adm1"),
            adm2: try Store.value(row, "adm2"), phones: try Store.strings(row, "phones"),
            handles: try Store.strings(row, "handles"),
            languages: try Store.strings(row, "languages"), gender: try Store.choice(row, "gender"),
            ageGroup: try Store.choice(row, "age_group"), sensitivity: try Store.choice(row, "sensitivity"),
            consent: try Store.choice(row, "consent"), consentDate: try Store.optionalDay(row, "consent_date"),
            consentScope: try Store.optionalChoice(row, "consent_scope"), notes: try Store.value(row, "notes"),
            createdAt: try Store.timestamp(row, "created_at"), updatedAt: try Store.timestamp(row, "updated_at"),
            deviceId: try Store.uuid(row, "device_id"), deletedAt: try Store.optionalTimestamp(row, "deleted_at"))
    }

    public func searchText(_ taxonomies: Taxonomies) -> String {
        ([name, localName, codeName, taxonomies.contactRoles.label(role), organisation, community, adm1, adm2]
            + phones + handles + languages + [notes]).joined(separator: "\n")
    }
}
