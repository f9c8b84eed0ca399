import GRDB

extension Store {
    /// How many records (tombstones included) were added, changed or deleted since the
    /// last export; every record when nothing was exported yet.
    public func changesSinceLastExport() throws -> Int {
        try read { db in
            let mark = try String.fetchOne(db, sql: "SELECT up_to FROM export_mark ORDER BY sequence DESC LIMIT 1")
            return try RecordKind.allCases.reduce(0) { total, kind in
                let sql = "SELECT count(*) FROM \(kind.table)" + (mark == nil ? "" : " WHERE updated_at > ?")
                let arguments: StatementArguments = mark.map { [$0] } ?? []
                return total + (try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0)
            }
        }
    }
}
