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
            id: try Store.uuid(row, "id"), name: row["name"], localName: row["local_name"], codeName: row["code_name"],
            role: row["role"], organisation: row["organisation"], community: row["community"], adm1: row["adm1"],
            adm2: row["adm2"], phones: try Store.strings(row, "phones"), handles: try Store.strings(row, "handles"),
            languages: try Store.strings(row, "languages"), gender: try Store.choice(row, "gender"),
            ageGroup: try Store.choice(row, "age_group"), sensitivity: try Store.choice(row, "sensitivity"),
            consent: try Store.choice(row, "consent"), consentDate: try Store.optionalDay(row, "consent_date"),
            consentScope: try Store.optionalChoice(row, "consent_scope"), notes: row["notes"],
            createdAt: try Store.timestamp(row, "created_at"), updatedAt: try Store.timestamp(row, "updated_at"),
            deviceId: try Store.uuid(row, "device_id"), deletedAt: try Store.optionalTimestamp(row, "deleted_at"))
    }

    public func searchText(_ taxonomies: Taxonomies) -> String {
        ([name, localName, codeName, taxonomies.contactRoles.label(role), organisation, community, adm1, adm2]
            + phones + handles + languages + [notes]).joined(separator: "\n")
    }
}
