import Foundation
import LiaisonBundle
import LiaisonCore

extension EffectRunner {
    /// Imports the bundle at `path`, or every bundle (`.zip`, `.sealed`) in the folder at
    /// `path`, telling `progress` how many are done as each one is, and answers with what
    /// the import said: the totals first, then each bundle in turn.
    func performImport(_ path: String, progress: (Message) -> Void = { _ in }) -> [Message] {
        let url = URL(fileURLWithPath: (path.trimmingCharacters(in: .whitespaces) as NSString).expandingTildeInPath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            return [.importPathRefused(words.text("ui.import.nothing", ["path": url.path]))]
        }
        let bundles = BundleImporter.bundles(at: url)
        guard !bundles.isEmpty else {
            return [.importPathRefused(words.text("ui.import.none_in_folder", ["path": url.path]))]
        }
        do {
            let words = self.words
            let importer = BundleImporter(store: store, keys: try keyFolders.ring(for: store), explain: { error in
                EffectRunner.sentence(error, words)
            })
            var done = 0
            progress(.importProgress(done: 0, total: bundles.count))
            let results = importer.run(bundles) { _ in
                done += 1
                progress(.importProgress(done: done, total: bundles.count))
            }
            // The totals first: of a hundred bundles, the box shows the first few lines.
            return [.imported([ImportReport.totals(results, words)]
                              + ImportReport.summary(results, conflicts: try store.conflicts().count, words, inInterface: true)
                              + [""] + results.flatMap { ImportReport.lines($0, words) })]
        } catch {
            return [.imported([EffectRunner.sentence(error, words)])]
        }
    }

    /// An error as the officer reads it.
    static func sentence(_ error: any Error, _ words: Catalogue) -> String {
        (error as? any WordedError)?.message(in: words) ?? String(describing: error)
    }
}

/// Completes a path as a shell does: the one name in its folder that starts with what was
/// typed last, or as much as the names that do have in common; a folder gets its `/`.
enum PathCompletion {
    static func complete(_ typed: String, fileManager: FileManager = .default) -> String {
        let expanded = (typed as NSString).expandingTildeInPath
        let folder: String
        let start: String
        if expanded.hasSuffix("/") {
            folder = expanded
            start = ""
        } else {
            folder = (expanded as NSString).deletingLastPathComponent
            start = (expanded as NSString).lastPathComponent
        }
        let listing = (try? fileManager.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
        let matches = listing.filter { $0.hasPrefix(start) && (!$0.hasPrefix(".") || start.hasPrefix(".")) }.sorted()
        guard var common = matches.first else { return typed }
        for name in matches.dropFirst() {
            while !name.hasPrefix(common) { common.removeLast() }
        }
        guard common.count > start.count || matches.count == 1 else { return typed }
        // What was typed up to its last /, as typed (a ~ stays a ~).
        let head = typed.range(of: "/", options: .backwards).map { String(typed[..<$0.upperBound]) } ?? ""
        var completed = head + common
        var isFolder: ObjCBool = false
        let full = ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(common)
        if matches.count == 1, fileManager.fileExists(atPath: full, isDirectory: &isFolder), isFolder.boolValue {
            completed += "/"
        }
        return completed
    }
}
