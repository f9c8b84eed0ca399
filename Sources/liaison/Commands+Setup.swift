import ArgumentParser
import Foundation
import LiaisonBundle
import LiaisonCore
import LiaisonUI
import NcursesTerminal

/// `liaison` with no subcommand: the full-screen interface.
struct Interface: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui", abstract: words.text("cli.ui.abstract"),
        discussion: words.text("cli.ui.discussion"))

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            FileHandle.standardError.write(Data(("liaison: " + words.text("cli.ui.needs_terminal") + "\n").utf8))
            throw ExitCode(1)
        }
        var ending = App.Ending.quit
        try reporting {
            let store = try storeOptions.openForWriting(create: true)
            defer { store.close() }
            let terminal: NcursesTerminal
            do {
                terminal = try NcursesTerminal(colour: (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty)
            } catch let error as NcursesError {
                FileHandle.standardError.write(Data("liaison: \(error.description)\n".utf8))
                throw ExitCode(1)
            }
            ending = App(store: store, keyFolders: .standard()).run(on: terminal)
            terminal.stop()
        }
        if case .signal(let signal) = ending { throw ExitCode(128 + signal) }
    }
}

/// `liaison init`: the device profile.
struct Initialise: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: words.text("cli.init.abstract"),
        discussion: words.text("cli.init.discussion"))

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: helpText("cli.init.help.officer")) var officer: String
    @Option(help: helpText("cli.init.help.unit")) var unit: String
    @Option(help: helpText("cli.init.help.prefix")) var prefix: String
    @Option(help: helpText("cli.init.help.acknowledge_days")) var acknowledgeDays = 2
    @Option(help: helpText("cli.init.help.resolve_days")) var resolveDays = 30
    @Option(help: helpText("cli.init.help.inclusion_target")) var inclusionTarget = 0.3
    @Option(help: helpText("cli.init.help.loop_closed_target")) var loopClosedTarget = 0.9
    @Option(help: helpText("cli.init.help.language")) var language: Language?
    @Flag(help: helpText("cli.init.help.force")) var force = false

    func run() throws {
        try reporting {
            let store = try storeOptions.openForWriting(create: true)
            defer { store.close() }
            let profile = try store.setProfile(
                DeviceProfile(officer: officer, unit: unit, prefix: prefix, acknowledgeDays: acknowledgeDays,
                              resolveDays: resolveDays, inclusionTarget: inclusionTarget,
                              loopClosedTarget: loopClosedTarget, language: language),
                replace: force)
            RunWords.shared.follow(profile)
            emit(words.text("cli.init.done", ["officer": profile.officer, "unit": profile.unit, "prefix": profile.prefix]))
            emit(words.text("cli.init.store", ["path": store.url.path]))
            emit(words.text("cli.init.device_id", ["id": profile.deviceId.uuidString]))
            let ring = try storeOptions.keys(store)
            try ring.makeDeviceKeyIfMissing()
            let key = try ring.devicePublicKey(profile: profile, now: store.now())
            emit(words.text("cli.init.fingerprint", ["fingerprint": key.fingerprint]))
        }
    }
}

/// `liaison demo`: realistic data to try the tool with.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: words.text("cli.demo.abstract"),
        discussion: words.text("cli.demo.discussion"))

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: helpText("cli.demo.help.meetings")) var meetings = 200
    @Option(help: helpText("cli.demo.help.seed")) var seed: UInt64 = 2026

    func validate() throws {
        guard meetings >= 1, meetings <= 10_000_000 else {
            throw ArgumentParser.ValidationError(words.text("cli.demo.meetings_range"))
        }
    }

    func run() throws {
        try reporting {
            let store = try storeOptions.openForWriting()
            defer { store.close() }
            let demo = DemoData(meetings: meetings, seed: seed, for: store)
            let showProgress = isatty(STDERR_FILENO) == 1 && meetings >= 5000
            let summary = try demo.populate(store) { written in
                if showProgress {
                    let line = words.text("cli.demo.progress", ["written": figure(written), "total": figure(meetings)])
                    FileHandle.standardError.write(Data("\r\(line)".utf8))
                }
            }
            if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
            emit(words.text("cli.demo.added", [
                "contacts": counted(.contact, summary.contacts), "meetings": counted(.meeting, summary.meetings),
                "grievances": counted(.grievance, summary.grievances), "feedback": counted(.feedback, summary.feedback),
            ]))
        }
    }
}
