import Foundation
import GRDB

extension Contact: StoredRecord {
    public static let order = "sort_name, rowid"

    public func derivedColumns() -> [StoredColumn] {
        [("sort_name", SearchText.fold(name).databaseValue)]
    }

    /// A sealed identity is opened when `vault` can; otherwise the contact stays under its
    /// code name, marked `sealedAway`.
    public mutating func openSeal(_ row: Row, vault: VaultKeys?) throws {
        guard row.hasColumn("sealed"), let sealed = try Store.value(row, "sealed") as Data? else { return }
        sealedAway = true
        if let identity = vault?.open(sealed, purpose: Contact.sealPurpose(id)) { _ = reveal(identity) }
    }
}
