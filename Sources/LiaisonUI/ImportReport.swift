import Foundation
import LiaisonBundle
import LiaisonCore

/// What an import says, a line per bundle, in words or as data: the command line prints it
/// and the interface shows it.
public enum ImportReport {
    /// The lines for one bundle.
    public static func lines(_ result: ImportResult, _ words: Catalogue) -> [String] {
        var lines: [String]
        switch result.status {
        case .imported(let counts):
            lines = [words.text("import.imported", [
                "file": result.file, "officer": result.officer ?? "?", "prefix": result.prefix ?? "?",
                "new": words.number(counts.new), "updated": words.number(counts.updated),
                "deleted": words.number(counts.deleted),
                "unchanged": words.number(counts.unchanged), "conflicts": words.number(counts.conflicts),
            ])]
            if counts.waiting > 0 { lines.append("  " + words.plural("import.waiting", count: counts.waiting)) }
            if counts.filled > 0 { lines.append("  " + words.plural("import.filled", count: counts.filled)) }
        case .alreadyImported:
            lines = [words.text("import.already", ["file": result.file])]
        case .refused(let reason):
            lines = [words.text("import.refused", ["file": result.file, "reason": reason])]
            if let place = result.quarantined { lines.append("  " + words.text("import.quarantined", ["path": place.path])) }
            if let why = result.quarantineFailed { lines.append("  " + words.text("import.quarantine_failed", ["reason": why])) }
        }
        return lines
    }

    /// How many bundles were imported, were imported already, and were refused: the line
    /// the interface's report starts with, above the bundles one by one.
    public static func totals(_ results: [ImportResult], _ words: Catalogue) -> String {
        var imported = 0, already = 0, refused = 0
        for result in results {
            switch result.status {
            case .imported: imported += 1
            case .alreadyImported: already += 1
            case .refused: refused += 1
            }
        }
        return words.plural("import.totals", count: results.count, [
            "imported": words.number(imported), "already": words.number(already), "refused": words.number(refused),
        ])
    }

    /// The lines after every bundle: the bundles still missing, and the conflicts waiting.
    public static func summary(_ results: [ImportResult], conflicts: Int, _ words: Catalogue,
                               inInterface: Bool = false) -> [String] {
        var seen: Set<String> = []
        var lines: [String] = []
        for result in results.reversed() {
            guard let prefix = result.prefix, seen.insert(prefix).inserted else { continue }
            lines += result.missing.map { run in
                run.count == 1 ? words.text("import.missing", ["sequence": String(run.lowerBound), "prefix": prefix])
                    : words.text("import.missing_run", ["from": String(run.lowerBound), "to": String(run.upperBound),
                                                        "prefix": prefix])
            }
        }
        if conflicts > 0 { lines.append(words.plural(inInterface ? "import.conflicts.interface" : "import.conflicts", count: conflicts)) }
        return lines
    }

    /// The results as a JSON array, one object per bundle.
    public static func json(_ results: [ImportResult]) throws -> String {
        let objects: [[String: Any]] = results.map { result in
            var object: [String: Any] = ["file": result.file,
                                         "missing": result.missing.map { ["from": $0.lowerBound, "to": $0.upperBound] }]
            if let officer = result.officer { object["officer"] = officer }
            if let prefix = result.prefix { object["prefix"] = prefix }
            switch result.status {
            case .imported(let counts):
                object["status"] = "imported"
                object["counts"] = ["new": counts.new, "updated": counts.updated, "deleted": counts.deleted,
                                    "unchanged": counts.unchanged,
                                    "conflicts": counts.conflicts, "waiting": counts.waiting, "filled": counts.filled]
            case .alreadyImported:
                object["status"] = "already_imported"
            case .refused(let reason):
                object["status"] = "refused"
                object["reason"] = reason
                if let key = result.refusalKey { object["code"] = key }
                if let place = result.quarantined { object["quarantined"] = place.path }
                if let why = result.quarantineFailed { object["quarantine_failed"] = why }
            }
            return object
        }
        return try text(objects)
    }

    /// Conflicts as a JSON array: both versions as records, the fields in question and
    /// what was chosen.
    public static func json(_ views: [ConflictView]) throws -> String {
        let objects: [[String: Any]] = try views.map { view in
            let conflict = view.conflict
            var object: [String: Any] = [
                "id": conflict.id, "kind": conflict.kind.rawValue, "record_id": conflict.recordId.uuidString,
                "fields": conflict.fields, "found_at": conflict.foundAt.description, "bundle": conflict.bundle,
                "officer": conflict.officer, "base": try JSONSerialization.jsonObject(with: conflict.base),
                "field": try conflict.field.map { try JSONSerialization.jsonObject(with: $0) } ?? NSNull(),
            ]
            if let deleted = conflict.fieldDeletedAt { object["field_deleted_at"] = deleted.description }
            if let resolved = conflict.resolvedAt {
                object["resolved_at"] = resolved.description
                object["resolved_by"] = conflict.resolvedBy ?? ""
                object["resolution"] = conflict.resolution.mapValues(\.rawValue)
            }
            return object
        }
        return try text(objects)
    }

    /// Where a record came from, as `show --json` adds it.
    public static func json(_ provenance: Provenance, revoked: Bool) -> [String: Any] {
        ["officer": provenance.officer, "device_id": provenance.deviceId.uuidString, "prefix": provenance.prefix,
         "bundle": provenance.bundle, "sequence": provenance.sequence, "imported_at": provenance.importedAt.description,
         "signer": provenance.signer, "signer_revoked": revoked]
    }

    public static func text(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys,
                                                                                      .withoutEscapingSlashes]),
               as: UTF8.self)
    }
}
