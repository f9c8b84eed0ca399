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
        let width = area.width - 2
        var y = area.y
        func line(_ label: String, _ value: String, style: Style = .text) {
            guard y < area.y + area.height else { return }
            buffer.put(label, x: 1, y: y, style: .dim)
            buffer.put(fitting: value, x: 1 + labelWidth, y: y, width: width - labelWidth, style: style)
            y += 1
        }
        if let summary = export.summary {
            let since = summary.last.map { " since bundle \($0.sequence) of \($0.exportedAt.utcDay)" } ?? " (nothing exported yet)"
            line("Waiting", summary.pending == 0 ? "nothing has changed" + since
                                                 : "\(Screen.count(summary.pending)) changes" + since,
                 style: summary.pending == 0 ? .dim : .text)
            line("Device key", summary.deviceFingerprint ?? "none yet: one is made with the first export")
            line("Base key", summary.baseKey ?? "none set: bundles cannot be sealed (liaison keys set-base FILE)",
                 style: summary.baseKey == nil ? .dim : .text)
        } else {
            line("Waiting", "reading the store…", style: .dim)
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
                buffer.put("Folder", x: 3, y: y, style: focused ? .header : .text)
                let room = max(4, width - labelWidth - 2)
                if let editor = export.folderEditor {
                    let (text, cursorX) = editor.visible(width: room)
                    buffer.fill(Rect(x: 1 + labelWidth, y: y, width: room + 1, height: 1), style: .selection)
                    buffer.put(text, x: 1 + labelWidth, y: y, style: .selection)
                    cursor = Point(x: 1 + labelWidth + cursorX, y: y)
                } else {
                    buffer.put(fitting: export.folder.text, x: 1 + labelWidth, y: y, width: room,
                               style: focused ? .selection : .text)
                }
            case .full:
                toggle("Everything", export.full, "all records, not only the changes since the last export")
            case .seal:
                toggle("Seal", export.seal, "encrypt to the base's key, so only base can open it")
            case .includeProtected:
                toggle("Protected", export.includeProtected, "real names of protected contacts (else code names only)")
            case .start:
                buffer.put(export.isRunning ? "[ Exporting… ]" : "[ Export now ]", x: 3, y: y,
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
            case .folder where export.folderEditor != nil: "Enter keeps the folder, Esc puts back the one before."
            case .folder where mounts > 0: "Enter to type a folder; Space offers this folder and \(mounts) mounted drive\(mounts == 1 ? "" : "s")."
            case .folder: "Enter to type a folder (a USB stick's mount point, say)."
            case .start: "Enter writes the bundle."
            default: "Enter or Space flips the choice."
            }
            if let hint { buffer.put(fitting: hint, x: 3, y: y, width: width - 2, style: .dim) }
        }
        y += 2

        if let progress = export.progress {
            guard y < area.y + area.height else { return cursor }
            let barWidth = max(10, min(40, width - 20))
            let filled = min(barWidth, Int(progress.fraction * Double(barWidth)))
            let bar = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: barWidth - filled) + "]"
            buffer.put(fitting: "\(bar) \(Int(progress.fraction * 100))%  \(progress.step)", x: 1, y: y, width: width)
        } else if let outcome = export.outcome {
            for (text, style) in lines(outcome) {
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
    static func lines(_ outcome: ExportState.Outcome) -> [(String, Style)] {
        switch outcome {
        case .notWritten(let sentence, let isError):
            return [(sentence, isError ? .error : .text)]
        case .written(let result):
            let counts = RecordKind.allCases.map { kind -> String in
                let count = result.plan.counts[kind] ?? 0
                return "\(Screen.count(count)) \(kind.noun(count))"
            }.joined(separator: ", ")
            let size = ByteCountFormatter.string(fromByteCount: result.size, countStyle: .file)
            var lines: [(String, Style)] = [
                ("Bundle \(result.plan.sequence) written: \(result.url.path)", .good),
                ("\(size)\(result.sealed ? ", sealed" : "") · \(counts)", .text),
                ("SHA-256 \(result.sha256)", .dim),
            ]
            if result.protectedInClear > 0 {
                lines.append(("It holds the real names of \(result.protectedInClear) protected contact"
                              + "\(result.protectedInClear == 1 ? "" : "s"): carry it yourself and delete it once base has it.",
                              .warning))
            }
            return lines
        }
    }
}
