import Foundation
import ArgumentParser
import LiaisonCore

/// The command line of liaison: with no subcommand it opens the terminal interface.
@main
struct Liaison: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "liaison",
        abstract: words.text("cli.liaison.abstract"),
        discussion: words.text("cli.liaison.discussion"),
        version: "0.1.0",
        subcommands: [
            Interface.self, Initialise.self, Demo.self, Add.self, Edit.self, List.self, Show.self,
            Move.self, Delete.self, Undelete.self, Stats.self, Export.self, Verify.self, Import.self, Conflicts.self, Keys.self, Backup.self, Restore.self,
            VaultCommand.self, Wipe.self, Audit.self,
        ],
        defaultSubcommand: Interface.self
    )

    /// Runs the command line as argument-parser does, except that its own messages (an
    /// unknown option, a bad value) echo arguments with their control characters shown as
    /// escapes, so that an argument cannot rewrite the terminal.
    static func main() {
        // Every file liaison writes is the officer's alone unless it says otherwise (a
        // public key file is made readable on purpose).
        umask(0o077)
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
