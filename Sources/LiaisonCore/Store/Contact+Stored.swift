import Foundation
import GRDB

extension Contact: StoredRecord {
    public static let order = "sort_name, rowid"

    public func derivedColumns() -> [(String, (any DatabaseValueConvertible)?)] {
        [("sort_name", SearchText.fold(name))]
    }
}
