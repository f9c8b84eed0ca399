import Foundation
import LiaisonBundle
import LiaisonCore
import LiaisonUI
import NcursesTerminal
import TerminalKit

extension Bench {
    /// The interface's figures: launch to the first full frame, a keystroke in a list
    /// rendered, and the bytes curses writes for a one-row scroll against a full repaint.
    /// Curses draws an xterm-256color screen of 80x24 into a file, so the bytes are those a
    /// terminal would receive.
    static func measureInterface(url: URL) throws {
        setenv("LINES", "24", 1)
        setenv("COLUMNS", "80", 1)
        let size = Size(width: 80, height: 24)
        // The interface reads whether there is a vault; the bench's device has none.
        let keyFolders = KeyFolders(root: FileManager.default.temporaryDirectory.appendingPathComponent("liaison-bench-keys-\(getpid())"))
        defer { try? FileManager.default.removeItem(at: keyFolders.root) }

        let launches = try (0..<10).map { _ in
            try time {
                let store = try Store(at: url)
                let screen = try ScreenFile()
                let session = Session(store: store, keyFolders: keyFolders, size: size)
                screen.terminal.present(session.frame.buffer, cursor: session.frame.cursor)
                screen.terminal.stop()
                store.close()
            }
        }
        report("interface: launch to first full frame", median(launches),
               extra: "p95 \(ms(percentile(launches, 0.95))); store open, curses, dashboard, drawn")

        let store = try Store(at: url)
        defer { store.close() }
        let screen = try ScreenFile()
        defer { screen.terminal.stop() }
        var session = Session(store: store, keyFolders: keyFolders, size: size)
        func press(_ key: Key) {
            session.handle(.key(key))
            let frame = session.frame
            screen.terminal.present(frame.buffer, cursor: frame.cursor)
        }
        press(.character("2"))
        let moves = (0..<300).map { _ in time { press(.down) } }
        report("interface: keystroke j in meetings", median(moves), extra: "p95 \(ms(percentile(moves, 0.95)))")
        let pages = (0..<100).map { _ in time { press(.pageDown) } }
        report("interface: keystroke PgDn in meetings", median(pages), extra: "p95 \(ms(percentile(pages, 0.95)))")
        let end = time { press(.character("G")) }
        report("interface: keystroke G (to the last meeting)", end)
        press(.character("g"))
        press(.character("/"))
        var typing: [Double] = []
        for character in "market road" { typing.append(time { press(.character(character)) }) }
        press(.escape)
        for character in "amina" { typing.append(time { press(.character(character)) }) }
        press(.escape)
        report("interface: search, one more character", median(typing),
               extra: "p95 \(ms(percentile(typing, 0.95))), max \(ms(typing.max() ?? 0)) (\(typing.count) keys)")

        // A full repaint: a new terminal showing the list; then a one-row scroll: the
        // cursor on the last row shown, and j.
        let fresh = try ScreenFile()
        defer { fresh.terminal.stop() }
        var list = Session(store: store, keyFolders: keyFolders, size: size)
        list.handle(.key(.character("2")))
        let full = fresh.bytes { fresh.terminal.present(list.frame.buffer, cursor: nil) }
        for _ in 0..<19 {
            list.handle(.key(.down))
            fresh.terminal.present(list.frame.buffer, cursor: nil)
        }
        var scrolls: [Int] = []
        for _ in 0..<20 {
            list.handle(.key(.down))
            scrolls.append(fresh.bytes { fresh.terminal.present(list.frame.buffer, cursor: nil) })
        }
        let scroll = scrolls.sorted()[scrolls.count / 2]
        print(String(format: "%@ %6d B     full repaint %d B: %.1f%% (target under 10%%)",
                     "interface: bytes for a one-row scroll".padding(toLength: 42, withPad: " ", startingAt: 0),
                     scroll, full, 100 * Double(scroll) / Double(full)))
    }
}

/// A curses screen drawn into a temporary file instead of a terminal.
final class ScreenFile {
    let terminal: NcursesTerminal
    private let output: UnsafeMutablePointer<FILE>

    init() throws {
        guard let output = tmpfile(), let input = fopen("/dev/null", "r") else { throw CocoaError(.fileWriteUnknown) }
        self.output = output
        terminal = try NcursesTerminal(terminalType: "xterm-256color", output: output, input: input)
    }

    /// Bytes written to the screen while `body` runs.
    func bytes(_ body: () -> Void) -> Int {
        let before = written
        body()
        return written - before
    }

    private var written: Int {
        fflush(output)
        var status = stat()
        fstat(fileno(output), &status)
        return Int(status.st_size)
    }
}
