import Foundation
import LiaisonBundle
import LiaisonCore
import TerminalKit

/// The Export tab: what waits to go, the keys, the choices, then the progress or result.
enum ExportScreen {
    static let labelWidth = 13

    /// Draws the tab and returns the cursor while the folder is typed.
    @discardableResult
    static func draw(_ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) -> Point? {
        let export = state.export
        let words = state.words
        let width = area.width - 2
        var y = area.y
        func line(_ label: String, _ value: String, style: Style = .text) {
            guard y < area.y + area.height else { return }
            buffer.put(label, x: 1, y: y, style: .dim)
            buffer.put(fitting: value, x: 1 + labelWidth, y: y, width: width - labelWidth, style: style)
            y += 1
        }
        if let summary = export.summary {
            let since = " " + (summary.last.map {
                words.text("ui.export.since_bundle", ["sequence": String($0.sequence), "day": $0.exportedAt.utcDay.description])
            } ?? words.text("ui.export.nothing_exported_yet"))
            line(words.text("ui.export.waiting"), summary.pending == 0 ? words.text("ui.export.nothing_changed") + since
                                                 : words.plural("ui.export.changes", count: summary.pending) + since,
                 style: summary.pending == 0 ? .dim : .text)
            line(words.text("ui.export.device_key"), summary.deviceFingerprint ?? words.text("ui.export.no_device_key"))
            line(words.text("ui.export.base_key"), summary.baseKey ?? words.text("ui.export.no_base_key_yet"),
                 style: summary.baseKey == nil ? .dim : .text)
        } else {
            line(words.text("ui.export.waiting"), words.text("ui.export.reading"), style: .dim)
        }
        y += 1

        var cursor: Point?
        for field in ExportState.Field.allCases {
            guard y < area.y + area.height else { break }
            let focused = field == export.focus && !export.isRunning
            if field == .start { y += 1 }
            buffer.put(focused ? "▸" : " ", x: 1, y: y, style: .key)
            switch field {
            case .folder:
                buffer.put(words.text("ui.export.folder"), x: 3, y: y, style: focused ? .header : .text)
                let room = max(4, width - labelWidth - 2)
                if let editor = export.folderEditor {
                    let (text, cursorX) = editor.visible(width: room)
                    buffer.fill(Rect(x: 1 + labelWidth, y: y, width: room + 1, height: 1), style: .selection)
                    buffer.put(text, x: 1 + labelWidth, y: y, style: .selection, asTyped: true)
                    cursor = Point(x: 1 + labelWidth + cursorX, y: y)
                } else {
                    buffer.put(fitting: export.folder.text, x: 1 + labelWidth, y: y, width: room,
                               style: focused ? .selection : .text)
                }
            case .full:
                toggle(words.text("ui.export.full"), export.full, words.text("ui.export.full_explained"))
            case .seal:
                toggle(words.text("ui.export.seal"), export.seal, words.text("ui.export.seal_explained"))
            case .includeProtected:
                toggle(words.text("ui.export.protected"), export.includeProtected, words.text("ui.export.protected_explained"))
            case .start:
                let button = export.isRunning ? words.text("ui.export.exporting") : words.text("ui.export.export_now")
                buffer.put("[ " + button + " ]", x: 3, y: y,
                           style: focused ? .selection : .header)
            }
            y += 1

            func toggle(_ label: String, _ on: Bool, _ explanation: String) {
                buffer.put(label, x: 3, y: y, style: focused ? .header : .text)
                let box = on ? "[x] " : "[ ] "
                let used = buffer.put(box, x: 1 + labelWidth, y: y, style: focused ? .selection : .text)
                buffer.put(fitting: explanation, x: 1 + labelWidth + used, y: y, width: width - labelWidth - used,
                           style: on && field == .includeProtected ? .warning : .dim)
            }
        }
        if y < area.y + area.height {
            let mounts = export.summary?.mounts.count ?? 0
            let hint: String? = switch export.focus {
            case _ where export.isRunning: nil
            case .folder where export.folderEditor != nil: words.text("ui.export.hint.folder_typed")
            case .folder where mounts > 0: words.plural("ui.export.hint.folder_mounts", count: mounts)
            case .folder: words.text("ui.export.hint.folder")
            case .start: words.text("ui.export.hint.start")
            default: words.text("ui.export.hint.toggle")
            }
            if let hint { buffer.put(fitting: hint, x: 3, y: y, width: width - 2, style: .dim) }
        }
        y += 2

        if let progress = export.progress {
            guard y < area.y + area.height else { return cursor }
            let barWidth = max(10, min(40, width - 20))
            let filled = min(barWidth, Int(progress.fraction * Double(barWidth)))
            let bar = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: barWidth - filled) + "]"
            buffer.put(fitting: "\(bar) \(Int(progress.fraction * 100))%  \(step(progress.step, words))", x: 1, y: y, width: width)
        } else if let outcome = export.outcome {
            for (text, style) in lines(outcome, words: words) {
                guard y < area.y + area.height else { break }
                for row in DetailPage.wrap(text, width: max(10, width)) {
                    guard y < area.y + area.height else { break }
                    buffer.put(row, x: 1, y: y, style: style)
                    y += 1
                }
            }
        }
        return cursor
    }

    /// The result of an export as lines of text.
    static func lines(_ outcome: ExportState.Outcome, words: Catalogue = .standard(.en)) -> [(String, Style)] {
        switch outcome {
        case .notWritten(let sentence, let isError):
            return [(sentence, isError ? .error : .text)]
        case .written(let result):
            let counts = RecordKind.allCases.map { kind -> String in
                let count = result.plan.counts[kind] ?? 0
                return words.number(count) + " " + words.noun(kind, count: count)
            }.joined(separator: ", ")
            let size = ByteCountFormatter.string(fromByteCount: result.size, countStyle: .file)
            let sealed = result.sealed ? ", " + words.text("ui.export.sealed") : ""
            var lines: [(String, Style)] = [
                (words.text("ui.export.written", ["sequence": String(result.plan.sequence), "path": result.url.path]), .good),
                (size + sealed + " · " + counts, .text),
                ("SHA-256 \(result.sha256)", .dim),
            ]
            if let fingerprint = result.baseFingerprint {
                lines.append((words.text("ui.export.sealed_to", ["fingerprint": fingerprint]), .text))
            }
            if result.protectedInClear > 0 {
                lines.append((words.plural("ui.export.protected_in_clear", count: result.protectedInClear), .warning))
            }
            return lines
        }
    }

    /// A step of an export as the bundle writer names it, in the catalogue's language.
    private static func step(_ step: String, _ words: Catalogue) -> String {
        switch step {
        case "starting": words.text("ui.export.step.starting")
        case "writing records": words.text("ui.export.step.writing_records")
        case "packing": words.text("ui.export.step.packing")
        case "sealing": words.text("ui.export.step.sealing")
        case "done": words.text("ui.export.step.done")
        default: step
        }
    }
}
