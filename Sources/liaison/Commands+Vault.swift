import ArgumentParser
import Foundation
import LiaisonBundle
import LiaisonCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a command opens the vault: `--unlock` asks for the passphrase on the terminal,
/// `--passphrase-file FILE` reads it from a file (for scripts).
struct VaultOptions: ParsableArguments {
    @Flag(help: helpText("cli.vault.help.unlock")) var unlock = false
    @Option(help: helpText("cli.vault.help.passphrase_file", valueName: "file")) var passphraseFile: String?

    var wantsUnlock: Bool { unlock || passphraseFile != nil }

    /// Unlocks the store's vault when asked; with `required`, a vault there is must be
    /// unlocked (export signs with a key sealed to it), asking on the terminal.
    func apply(to store: Store, storeOptions: StoreOptions, required: Bool = false) throws {
        guard wantsUnlock || (required && store.vault != nil) else { return }
        let keys = try storeOptions.keys(store)
        guard try keys.vaultFile() != nil else { throw VaultError.noVault }
        let passphrase = try Passphrase.read(file: passphraseFile, prompt: words.text("cli.vault.prompt"))
        try store.useVault(try keys.unlockVault(passphrase: passphrase))
        try auditUnlock(store, storeOptions: storeOptions)
    }

    /// Records the unlock; a store opened to read only is opened again briefly to write it.
    private func auditUnlock(_ store: Store, storeOptions: StoreOptions) throws {
        guard store.options.readOnly else { return try store.audit(.unlock) }
        let writer = try storeOptions.openForWriting()
        defer { writer.close() }
        try writer.audit(.unlock)
    }
}

/// Reading a passphrase: from a file, or typed on the terminal without echo.
enum Passphrase {
    /// The first line of `file`, or what is typed after `prompt` on the terminal.
    static func read(file: String?, prompt: String) throws -> String {
        if let file {
            let url = URL(fileURLWithPath: (file as NSString).expandingTildeInPath)
            guard let handle = FileHandle(forReadingAtPath: url.path) else {
                throw CommandFailure(description: words.text("cli.vault.passphrase_file_unreadable", ["file": file]), status: .noInput)
            }
            defer { try? handle.close() }
            // A passphrase is one line: more than a kilobyte is not one.
            let data = (try? handle.read(upToCount: 1025)) ?? Data()
            guard data.count <= 1024, let text = String(data: data, encoding: .utf8) else {
                throw CommandFailure(description: words.text("cli.vault.passphrase_file_bad", ["file": file]), status: .dataError)
            }
            // The first line, however it ends (\n, \r\n or \r), and without a byte-order mark.
            let line = text.split(maxSplits: 1, omittingEmptySubsequences: false, whereSeparator: \.isNewline).first ?? ""
            return String(line.drop { $0 == "\u{FEFF}" })
        }
        return try typed(prompt)
    }

    /// Asks on the controlling terminal with echo turned off.
    static func typed(_ prompt: String) throws -> String {
        let terminal = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard terminal >= 0 else {
            throw CommandFailure(description: words.text("cli.vault.no_terminal"), status: .usage)
        }
        defer { close(terminal) }
        var saved = termios()
        let hasTerminal = tcgetattr(terminal, &saved) == 0
        if hasTerminal {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(terminal, TCSAFLUSH, &quiet)
        }
        defer { if hasTerminal { tcsetattr(terminal, TCSAFLUSH, &saved) } }
        let question = Array((prompt + " ").utf8)
        _ = question.withUnsafeBytes { Foundation.write(terminal, $0.baseAddress, $0.count) }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while bytes.count <= 1024, Foundation.read(terminal, &byte, 1) == 1, byte != 0x0A, byte != 0x0D { bytes.append(byte) }
        _ = Foundation.write(terminal, "\n", 1)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// `liaison vault`: the passphrase-protected vault of protected contacts.
struct VaultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vault",
        abstract: words.text("cli.vault.abstract"),
        discussion: words.text("cli.vault.discussion"),
        subcommands: [VaultInit.self, VaultStatus.self, VaultLockAfter.self],
        defaultSubcommand: VaultStatus.self)
}

struct VaultInit: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: words.text("cli.vault.init.abstract"))

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: helpText("cli.vault.help.passphrase_file", valueName: "file")) var passphraseFile: String?
    @Option(help: helpText("cli.vault.help.lock_after", valueName: "minutes")) var lockAfter = VaultFile.defaultLockAfter

    func validate() throws {
        guard (1...1440).contains(lockAfter) else { throw ArgumentParser.ValidationError(words.text("cli.vault.lock_after_range")) }
    }

    func run() throws {
        try reporting {
            let store = try storeOptions.openForWriting()
            defer { store.close() }
            guard try store.profile() != nil else { throw StoreError.notInitialized }
            let keys = try storeOptions.keys(store)
            guard try keys.vaultFile() == nil else { throw VaultError.exists }
            let passphrase: String
            if let passphraseFile {
                passphrase = try Passphrase.read(file: passphraseFile, prompt: "")
            } else {
                passphrase = try Passphrase.typed(words.text("cli.vault.prompt_new"))
                guard passphrase.count >= VaultFile.minimumPassphrase else {
                    throw VaultError.weakPassphrase(minimum: VaultFile.minimumPassphrase)
                }
                guard try Passphrase.typed(words.text("cli.vault.prompt_again")) == passphrase else {
                    throw VaultError.passphrasesDiffer
                }
            }
            let vault = try keys.createVault(passphrase: passphrase, lockAfterMinutes: lockAfter, now: store.now())
            try store.bindVault(vault)
            let sealed = try store.sealProtectedContacts()
            try store.audit(.vault, detail: "\(sealed)")
            emit(words.text("cli.vault.init.done", ["path": keys.vaultURL.path]))
            emit(words.plural("cli.vault.init.sealed", count: sealed, ["n": figure(sealed)]))
            emit(words.text("cli.vault.init.warning"))
        }
    }
}

struct VaultStatus: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: words.text("cli.vault.status.abstract"))

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reporting {
            let store = try storeOptions.openForReading()
            defer { store.close() }
            let keys = try storeOptions.keys(store)
            let sealed = try store.sealedContactCount()
            guard let file = try keys.vaultFile() else {
                emit(sealed == 0 ? words.text("cli.vault.status.none")
                                 : words.plural("cli.vault.status.wiped", count: sealed))
                return
            }
            emit(words.text("cli.vault.status.present", ["path": keys.vaultURL.path]))
            emit(words.plural("cli.vault.status.sealed", count: sealed, ["n": figure(sealed)]))
            emit(words.plural("cli.vault.status.lock_after", count: file.lockAfterMinutes))
        }
    }
}

struct VaultLockAfter: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lock-after", abstract: words.text("cli.vault.lock_after.abstract"))

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: helpText("cli.vault.help.lock_after", valueName: "minutes")) var minutes: Int

    func validate() throws {
        guard (1...1440).contains(minutes) else { throw ArgumentParser.ValidationError(words.text("cli.vault.lock_after_range")) }
    }

    func run() throws {
        try reporting {
            try storeOptions.keys().setLockAfter(minutes: minutes)
            emit(words.plural("cli.vault.lock_after.done", count: minutes))
        }
    }
}

/// `liaison wipe`: destroys the vault's key and the signing key at once.
struct Wipe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: words.text("cli.wipe.abstract"),
        discussion: words.text("cli.wipe.discussion"))

    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: helpText("cli.wipe.help.yes")) var yes = false

    func run() throws {
        try reporting {
            let keys = try storeOptions.keys()
            if !yes {
                // A typed word, not a key pressed by mistake.
                print(words.text("cli.wipe.confirm", ["word": words.text("ui.wipe.word")]), terminator: " ")
                let answer = (readLine(strippingNewline: true) ?? "").trimmingCharacters(in: .whitespaces)
                // The word of either language, in any case.
                guard Language.allCases.contains(where: {
                    answer.caseInsensitiveCompare(Catalogue.standard($0).text("ui.wipe.word")) == .orderedSame
                }) else {
                    throw CommandFailure(description: words.text("cli.wipe.not_confirmed"), status: .usage)
                }
            }
            let store = try? storeOptions.openForWriting()
            defer { store?.close() }
            let destroyed = try keys.wipe()
            try? store?.audit(.wipe, detail: destroyed.map(\.lastPathComponent).joined(separator: " "))
            for url in destroyed { emit(words.text("cli.wipe.destroyed", ["file": url.path])) }
            if destroyed.isEmpty { emit(words.text("cli.wipe.nothing")) }
            emit(words.text("cli.wipe.remains", ["store": storeOptions.url.path]))
        }
    }
}

/// `liaison audit`: who did what, when; never a value.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: words.text("cli.audit.abstract"),
                                                    discussion: words.text("cli.audit.discussion"))

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: helpText("cli.audit.help.since", valueName: "day")) var since: String?
    @Flag(help: helpText("cli.help.json")) var json = false

    func run() throws {
        try reporting {
            var day: Day?
            if let since {
                guard since.utf8.count <= 32, let parsed = Day(since) else {
                    throw CommandFailure(description: words.text("cli.audit.bad_day", ["day": since]), status: .usage)
                }
                day = parsed
            }
            let store = try storeOptions.openForReading()
            defer { store.close() }
            let entries = try store.auditLog(since: day)
            if json {
                emitJSON(try RecordJSON.text(entries, pretty: true))
                return
            }
            if entries.isEmpty { emit(words.text("cli.audit.empty")) }
            for entry in entries {
                var line = "\(entry.at)  \(entry.action.rawValue)"
                if let kind = entry.kind { line += " \(kind.rawValue)" }
                if !entry.ids.isEmpty { line += " " + entry.ids.map(\.shortText).joined(separator: ",") }
                if !entry.fields.isEmpty { line += "  [" + entry.fields.joined(separator: ", ") + "]" }
                if !entry.detail.isEmpty { line += "  " + entry.detail }
                if !entry.officer.isEmpty { line += "  (\(entry.officer))" }
                emit(line)
            }
        }
    }
}
