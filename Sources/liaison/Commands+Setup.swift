import ArgumentParser
import Foundation
import LiaisonBundle
import LiaisonCore
import LiaisonUI
import NcursesTerminal

/// `liaison` with no subcommand: the full-screen interface.
struct Interface: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui", abstract: "Open the terminal interface (the default when no subcommand is given).",
        discussion: """
            Makes the store on first run and opens a welcome screen that sets up the device. \
            Press ? on any screen for its keys. NO_COLOR=1 draws with bold and reverse instead \
            of colour. Exit codes as for every subcommand, plus 1 when the terminal cannot \
            show the interface (not a terminal, TERM unset, unknown or dumb).
            """)

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            FileHandle.standardError.write(Data(("liaison: the interface needs a terminal on its input and output; "
                + "use the subcommands in scripts (liaison --help).\n").utf8))
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
            ending = App(store: store).run(on: terminal)
            terminal.stop()
        }
        if case .signal(let signal) = ending { throw ExitCode(128 + signal) }
    }
}

/// `liaison init`: the device profile.
struct Initialise: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Set up this device: the officer, the unit and the grievance prefix.",
        discussion: """
            Makes the store if it does not exist yet. The prefix (2 to 6 letters) starts every \
            grievance reference, such as KDL-2026-0042. A second init is refused unless --force, \
            which changes the profile but keeps the device id.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "The officer's name.") var officer: String
    @Option(help: "The officer's unit or team.") var unit: String
    @Option(help: "2 to 6 letters that start grievance references, such as KDL.") var prefix: String
    @Option(help: "Days to acknowledge a new grievance.") var acknowledgeDays = 2
    @Option(help: "Days to resolve a grievance.") var resolveDays = 30
    @Option(help: "Target share of women and of youth among attendees, 0 to 1.") var inclusionTarget = 0.3
    @Option(help: "Target share of closed grievances with the loop closed, 0 to 1.") var loopClosedTarget = 0.9
    @Flag(help: "Replace an existing profile.") var force = false

    func run() throws {
        try reporting {
            let store = try storeOptions.openForWriting(create: true)
            defer { store.close() }
            let profile = try store.setProfile(
                DeviceProfile(officer: officer, unit: unit, prefix: prefix, acknowledgeDays: acknowledgeDays,
                              resolveDays: resolveDays, inclusionTarget: inclusionTarget,
                              loopClosedTarget: loopClosedTarget),
                replace: force)
            emit("Device set up for \(profile.officer) (\(profile.unit)), prefix \(profile.prefix).")
            emit("Store: \(store.url.path)")
            emit("Device id: \(profile.deviceId.uuidString)")
            let key = try KeyRing(store: store.url).devicePublicKey(profile: profile, now: store.now())
            emit("Signing key fingerprint: \(key.fingerprint)")
        }
    }
}

/// `liaison demo`: realistic data to try the tool with.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill the store with realistic, deterministic demo data.",
        discussion: """
            Adds contacts (names in Arabic, Amharic, Ukrainian, Chinese and accented Latin; some \
            sensitive or protected), meetings with attendees and follow-ups, grievances at every \
            stage of their workflow, and feedback, spread over the days before today. The same 
            seed at the same instant gives the same records; none lies in the future.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "How many meetings to make (contacts, grievances and feedback follow).") var meetings = 200
    @Option(help: "The seed of the generator.") var seed: UInt64 = 2026

    func validate() throws {
        guard meetings >= 1, meetings <= 10_000_000 else {
            throw ArgumentParser.ValidationError("--meetings must be from 1 to 10000000.")
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
                    FileHandle.standardError.write(Data("\rmeetings: \(written) of \(meetings)".utf8))
                }
            }
            if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
            emit("Added \(summary.contacts) contacts, \(summary.meetings) meetings, "
                 + "\(summary.grievances) grievances and \(summary.feedback) feedback.")
        }
    }
}
