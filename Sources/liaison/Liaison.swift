import Foundation
import ArgumentParser

/// The command line of liaison: with no subcommand it opens the terminal interface.
@main
struct Liaison: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "liaison",
        abstract: "Log work with communities offline, and carry it back to base.",
        discussion: """
            The store is chosen by --store PATH on every subcommand, else the LIAISON_STORE \
            environment variable, else liaison.sqlite in $XDG_DATA_HOME/liaison/ \
            (~/.local/share/liaison/). Exit codes: 0 success, 64 bad usage or input, 65 bad data \
            (a record that fails the rules, a damaged or foreign store), 66 a missing or unreadable \
            file, 70 an internal error (a bug in liaison), 73 a bundle or key file cannot be \
            written, 74 an input/output error, 75 the store is busy, 130 interrupted (Ctrl-C) and \
            128+N ended by signal N. For tests and demonstrations only, LIAISON_NOW (an instant \
            such as 2026-11-21T09:00:00+03:00) sets the clock; TZ chooses the time zone.
            """,
        version: "0.1.0",
        subcommands: [
            Interface.self, Initialise.self, Demo.self, Add.self, Edit.self, List.self, Show.self,
            Move.self, Delete.self, Stats.self, Export.self, Verify.self, Keys.self, Backup.self, Restore.self,
        ],
        defaultSubcommand: Interface.self
    )

    /// Runs the command line as argument-parser does, except that its own messages (an
    /// unknown option, a bad value) echo arguments with their control characters shown as
    /// escapes, so that an argument cannot rewrite the terminal.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let message = fullMessage(for: error)
            let code = exitCode(for: error)
            if !message.isEmpty {
                if code == .success {
                    print(message)
                } else {
                    FileHandle.standardError.write(Data((printable(message) + "\n").utf8))
                }
            }
            Foundation.exit(code.rawValue)
        }
    }
}
