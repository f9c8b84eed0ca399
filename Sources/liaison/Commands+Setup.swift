import ArgumentParser
import Foundation
import LiaisonCore

/// `liaison` with no subcommand: the full-screen interface.
struct Interface: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui", abstract: "Open the terminal interface (the default when no subcommand is given).")

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        emit("""
            The full-screen interface of liaison is not built yet.
            Meanwhile the store at \(storeOptions.url.path) is reached with:
              liaison init --officer NAME --unit UNIT --prefix ABC   set up this device
              liaison demo                                          load demo data
              liaison add | edit | list | show | move | delete | stats
            See `liaison --help` and `liaison help SUBCOMMAND`.
            """)
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
            let store = try storeOptions.open(create: true)
            defer { store.close() }
            let profile = try store.setProfile(
                DeviceProfile(officer: officer, unit: unit, prefix: prefix, acknowledgeDays: acknowledgeDays,
                              resolveDays: resolveDays, inclusionTarget: inclusionTarget,
                              loopClosedTarget: loopClosedTarget),
                replace: force)
            emit("Device set up for \(profile.officer) (\(profile.unit)), prefix \(profile.prefix).")
            emit("Store: \(store.url.path)")
            emit("Device id: \(profile.deviceId.uuidString)")
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
            stage of their workflow, and feedback, spread over the days before today. The same \
            seed on the same day gives the same records.
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
            let store = try storeOptions.open()
            defer { store.close() }
            let demo = DemoData(meetings: meetings, seed: seed, today: store.today())
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
