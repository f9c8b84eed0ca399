import LiaisonBundle
import LiaisonCore
import TerminalKit

extension AppState {
    /// Runs a command on the Export tab.
    mutating func performInExport(_ command: Command) -> [Effect] {
        guard !export.isRunning else { return [] }
        let fields = ExportState.Field.allCases
        switch command {
        case .down: export.focus = fields[min(fields.count - 1, export.focus.rawValue + 1)]
        case .up: export.focus = fields[max(0, export.focus.rawValue - 1)]
        case .first: export.focus = .folder
        case .last: export.focus = .start
        case .refresh: return [.loadExportSummary]
        case .importBundles: return askToImport()
        case .showConflicts: return showConflicts()
        case .toggle:
            return choose(enter: false)
        case .open:
            return choose(enter: true)
        default:
            break
        }
        return []
    }

    /// Enter or Space on the field under the cursor.
    private mutating func choose(enter: Bool) -> [Effect] {
        switch export.focus {
        case .folder:
            if enter {
                export.folderEditor = export.folder
            } else {
                export.nextSuggestedFolder(start: startFolder)
            }
        case .full: export.full.toggle()
        case .seal:
            guard export.seal || export.summary?.baseKey != nil else {
                status = StatusLine(text: words.text("ui.export.no_base_key"), isError: true)
                return []
            }
            export.seal.toggle()
            export.sealChosen = true
        case .includeProtected: export.includeProtected.toggle()
        case .start:
            guard !export.folder.text.trimmingCharacters(in: .whitespaces).isEmpty else {
                export.focus = .folder
                status = StatusLine(text: words.text("ui.export.give_folder"), isError: true)
                return []
            }
            export.outcome = nil
            export.progress = ExportProgress(fraction: 0, step: "starting")
            return [.export(export.request)]
        }
        return []
    }

    /// Keys while the folder is typed: Enter keeps it, Esc puts back what was there.
    mutating func handleFolder(_ key: Key) -> [Effect] {
        guard var editor = export.folderEditor else { return [] }
        switch KeyTable.command(for: key, in: .folder) {
        case .open:
            export.folder = LineEditor(editor.text.trimmingCharacters(in: .whitespaces))
            export.folderEditor = nil
        case .back:
            export.folderEditor = nil
        default:
            if editor.handle(key) { export.folderEditor = editor }
        }
        return []
    }

    /// Answers of the runner about exports.
    mutating func exportMessage(_ message: Message) -> [Effect] {
        switch message {
        case .exportSummaryLoaded(let summary):
            export.summary = summary
            pendingChanges = summary.pending
            // Sealed by default once a base key is set.
            if summary.baseKey == nil { export.seal = false } else if !export.sealChosen { export.seal = true }
            return []
        case .exportProgress(let progress):
            export.progress = progress
            return []
        case .exported(let result):
            export.progress = nil
            export.outcome = .written(result)
            return [.loadExportSummary]
        case .exportNotWritten(let sentence, let isError):
            export.progress = nil
            export.outcome = .notWritten(sentence, isError: isError)
            return [.loadExportSummary]
        default:
            return []
        }
    }
}
