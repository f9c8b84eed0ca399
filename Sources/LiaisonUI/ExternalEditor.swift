import Foundation
import LiaisonBundle
import LiaisonCore

/// The officer's own editor (`$VISUAL`, then `$EDITOR`, then `vi`) on a text of a form.
///
/// The text goes into a file in a private folder (0700) that is removed afterwards, since
/// notes may be about people at risk.
public enum ExternalEditor {
    /// The command that edits a file: the environment's choice, or `vi`.
    static func command(_ environment: [String: String]) -> String {
        for name in ["VISUAL", "EDITOR"] {
            if let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty { return value }
        }
        return "vi"
    }

    /// Runs the editor on `text` and returns what it saved, or a sentence saying why the
    /// text was left as it was.
    public static func edit(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                            words: Catalogue = .standard(.en)) -> Result<String, EditorFailure> {
        let folder: URL
        do {
            folder = try makePrivateTemporaryFolder("liaison-edit")
        } catch {
            return .failure(EditorFailure(sentence: words.text("ui.editor.no_folder", ["error": "\(error)"])))
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("text.txt")
        let editor = command(environment)
        do {
            try Data((text.isEmpty ? "" : text + "\n").utf8).write(to: file)
            // As git does: the shell splits the command, so `EDITOR="code --wait"` works.
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", editor + " \"$1\"", "liaison-editor", file.path]
            process.environment = environment
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                return .failure(EditorFailure(sentence: words.text("ui.editor.failed", [
                    "editor": editor, "status": String(process.terminationStatus),
                ])))
            }
            var edited = try String(contentsOf: file, encoding: .utf8)
            if edited.hasSuffix("\n") { edited.removeLast() }
            return .success(edited)
        } catch {
            return .failure(EditorFailure(sentence: words.text("ui.editor.not_run", [
                "editor": editor, "error": error.localizedDescription,
            ])))
        }
    }
}

/// Why the text came back unchanged from the outside editor.
public struct EditorFailure: Error, Equatable, Sendable {
    public let sentence: String
}
