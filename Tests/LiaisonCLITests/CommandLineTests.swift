import Foundation
import Testing

/// Runs the real `liaison` binary, built by `swift test` beside the test bundle, in a
/// temporary folder of its own that goes when the test ends.
///
/// Every run sees the same clock and time zone, whatever the machine's: the clock starts at
/// `now` (through `LIAISON_NOW`) and the zone is `timeZone` (through `TZ`).
final class LiaisonProcess {
    let folder: URL
    /// The instant every run of this test starts at.
    let now: String
    /// The device's time zone in every run.
    let timeZone: String

    /// Mid-morning in Kadugli on a Saturday, unless a test names another instant.
    static let defaultNow = "2026-11-21T10:00:00+02:00"

    init(now: String = LiaisonProcess.defaultNow, timeZone: String = "Africa/Juba") throws {
        self.now = now
        self.timeZone = timeZone
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// The variables that set the clock and the zone of a run.
    var clockEnvironment: [String: String] { ["LIAISON_NOW": now, "TZ": timeZone] }

    /// The environment of a liaison this test starts: the runner's, with the test's clock
    /// and store, and without a preloaded faketime. The binary's clock is `LIAISON_NOW`;
    /// and faketime's shared lock would stay held for good by a child the test kills.
    var childEnvironment: [String: String] {
        var environment = Self.hermetic(ProcessInfo.processInfo.environment)
        environment["LIAISON_STORE"] = store
        // The device's keys go to the test's own data folder, not the runner's.
        environment["XDG_DATA_HOME"] = dataFolder
        for (key, value) in clockEnvironment { environment[key] = value }
        return environment
    }

    /// `environment` without the variables that preload faketime into a child, and in
    /// English whatever the runner's locale, so that what a test reads does not depend on it.
    static func hermetic(_ environment: [String: String]) -> [String: String] {
        var out = environment.filter { key, _ in
            key != "LD_PRELOAD" && !key.hasPrefix("FAKETIME") && key != "LC_ALL" && key != "LC_MESSAGES"
        }
        out["LANG"] = "C.UTF-8"
        return out
    }

    /// A shell command that opens the interface on this test's store and clock, for tmux.
    func interfaceCommand(prefix: String = "") -> String {
        "\(prefix)LIAISON_NOW='\(now)' TZ='\(timeZone)' XDG_DATA_HOME='\(dataFolder)' '\(LiaisonProcess.binary.path)' --store '\(store)'"
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    var store: String { folder.appendingPathComponent("store.sqlite").path }

    /// The data folder of this test's liaison, where its device keeps its keys.
    var dataFolder: String { folder.appendingPathComponent("data").path }

    static let binary: URL = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/debug"),
        ].map { $0.appendingPathComponent("liaison") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }()

    /// Seconds a run may take before it is killed.
    static let timeLimit = 300

    struct Result {
        let status: Int32
        let output: String
        let error: String
    }

    /// Runs liaison with the arguments, feeding `input` on standard input.
    @discardableResult
    func run(_ arguments: [String], input: String = "", inputFile: String? = nil, environment: [String: String] = [:],
             binary: URL = LiaisonProcess.binary) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = childEnvironment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let id = UUID().uuidString
        let outURL = folder.appendingPathComponent("\(id).out")
        let errURL = folder.appendingPathComponent("\(id).err")
        let inURL = folder.appendingPathComponent("\(id).in")
        try Data(input.utf8).write(to: inURL)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardInput = try FileHandle(forReadingFrom: inputFile.map { URL(fileURLWithPath: $0) } ?? inURL)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        let ended = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in ended.signal() }
        try process.run()
        // A run that hangs is ended, so that no test leaves a process behind.
        if ended.wait(timeout: .now() + .seconds(Self.timeLimit)) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            ended.wait()
            Issue.record("liaison \(arguments) ran over \(Self.timeLimit) s and was killed")
        }
        return Result(status: process.terminationStatus,
                      output: try String(contentsOf: outURL, encoding: .utf8),
                      error: try String(contentsOf: errURL, encoding: .utf8))
    }

    func json(_ arguments: [String]) throws -> Any {
        let result = try run(arguments)
        #expect(result.status == 0, "\(arguments): \(result.error)")
        return try JSONSerialization.jsonObject(with: Data(result.output.utf8))
    }

    func initialise() throws {
        let result = try run(["init", "--officer", "Amina Yusuf", "--unit", "Civil Affairs", "--prefix", "KDL"])
        #expect(result.status == 0, "\(result.error)")
    }
}

struct CommandLineTests {
    @Test func aRecordGoesInAsJSONAndComesBackTheSame() throws {
        let cli = try LiaisonProcess()
        try cli.initialise()
        let added = try cli.run(["add", "contact"], input: #"{"name": "Amina al-Hassan", "local_name": "أمينة الحسن", "role": "womens_group", "phones": ["+211 912 345 678"]}"#)
        #expect(added.status == 0, "\(added.error)")
        let id = added.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let shown = try #require(try cli.json(["show", id, "--json"]) as? [String: Any])
        #expect(shown["local_name"] as? String == "أمينة الحسن")
        #expect(shown["role"] as? String == "womens_group")
        #expect(shown["id"] as? String == id)
        let listed = try #require(try cli.json(["list", "contacts", "--json"]) as? [[String: Any]])
        #expect(listed.count == 1)
        #expect(listed.first?["name"] as? String == "Amina al-Hassan")
        let found = try cli.run(["list", "contacts", "--search", "امينة"])
        #expect(found.output.contains("Amina al-Hassan"))
    }

    @Test func aGrievanceIsFollowedThroughItsWorkflow() throws {
        let cli = try LiaisonProcess()
        try cli.initialise()
        let added = try cli.run(["add", "grievance"], input: #"{"category": "protection_concern", "description": "Threats at the well"}"#)
        #expect(added.status == 0, "\(added.error)")
        #expect(added.output.hasSuffix("KDL-2026-0001\n") || added.output.contains(" KDL-"))
        let reference = String(added.output.split(separator: " ").last!.trimmingCharacters(in: .whitespacesAndNewlines))
        let fresh = try #require(try cli.json(["show", reference, "--json"]) as? [String: Any])
        #expect(fresh["severity"] as? String == "high", "severity defaults from the category")
        #expect(fresh["sensitive"] as? Bool == true)
        #expect(try cli.run(["move", reference, "acknowledged", "--note", "Called back"]).status == 0)
        let refused = try cli.run(["move", reference, "closed"])
        #expect(refused.status == 65)
        #expect(refused.error.hasPrefix("liaison: A grievance that is acknowledged cannot be moved to closed"))
        #expect(try cli.run(["move", reference, "in_progress"]).status == 0)
        #expect(try cli.run(["move", reference, "resolved", "--resolution", "Patrols added"]).status == 0)
        #expect(try cli.run(["move", reference, "closed"]).status == 0)
        let closed = try #require(try cli.json(["show", reference, "--json"]) as? [String: Any])
        #expect(closed["status"] as? String == "closed")
        #expect((closed["history"] as? [Any])?.count == 5)
        let edited = try cli.run(["edit", reference], input: #"{"loop_closed_on": "2026-11-21", "loop_closed_how": "Forum"}"#)
        #expect(edited.status == 0, "\(edited.error)")
        let stats = try #require(try cli.json(["stats", "--json", "--as-of", "2026-11-21"]) as? [String: Any])
        let grievances = try #require(stats["grievances"] as? [String: Any])
        #expect(grievances["closed"] as? Int == 1)
        #expect(grievances["loop_closed_share"] as? Double == 1)
    }

    @Test func theClockIsTheOneTheTestNames() throws {
        // 23:45 on New Year's Eve in Adak is 09:45 on New Year's Day in UTC.
        let cli = try LiaisonProcess(now: "2026-12-31T23:45:00-10:00", timeZone: "America/Adak")
        try cli.initialise()
        let added = try cli.run(["add", "grievance"], input: #"{"category": "other", "description": "Late"}"#)
        #expect(added.status == 0, "\(added.error)")
        #expect(added.output.hasSuffix(" KDL-2026-0001\n"), "numbered in the year of the device's day")
        let grievance = try #require(try cli.json(["show", "KDL-2026-0001", "--json"]) as? [String: Any])
        #expect(grievance["raised_on"] as? String == "2026-12-31")
        #expect(grievance["acknowledge_by"] as? String == "2027-01-02")
        #expect((grievance["created_at"] as? String)?.hasPrefix("2027-01-01T09:45:") == true)
        let stats = try #require(try cli.json(["stats", "--json"]) as? [String: Any])
        #expect(stats["as_of"] as? String == "2026-12-31")

        let wrong = try cli.run(["list", "grievances"], environment: ["LIAISON_NOW": "next tuesday"])
        #expect(wrong.status == 64)
        #expect(wrong.error.hasPrefix("liaison: LIAISON_NOW must be an instant with its offset"))
    }

    @Test func demoDataEndsAtTheClocksInstant() throws {
        let cli = try LiaisonProcess(now: "2028-02-29T10:00:00+14:00", timeZone: "Pacific/Kiritimati")
        try cli.initialise()
        #expect(try cli.run(["demo", "--meetings", "120"]).status == 0)
        let meetings = try #require(try cli.json(["list", "meetings", "--json", "--limit", "1000"]) as? [[String: Any]])
        #expect(meetings.count == 120)
        let created = meetings.compactMap { $0["created_at"] as? String }
        #expect(created.count == 120)
        #expect(created.allSatisfy { $0 <= "2028-02-28T20:00:01" }, "nothing after 10:00 on 29 February in Kiritimati")
    }

    @Test func errorsAreOneSentenceWithADocumentedExitCode() throws {
        let cli = try LiaisonProcess()
        let missing = try cli.run(["list", "contacts"])
        #expect(missing.status == 66)
        #expect(missing.error == "liaison: There is no store at \(cli.store): run `liaison init` to make one, or give another with --store.\n")
        try cli.initialise()
        let invalid = try cli.run(["add", "meeting"], input: #"{"title": "", "latitude": 95, "longitude": 10}"#)
        #expect(invalid.status == 65)
        #expect(invalid.error.split(separator: "\n").count == 1)
        #expect(invalid.error.contains("Title is required"))
        #expect(invalid.error.contains("Latitude must be between -90 and 90"))
        #expect(try cli.run(["show", "KDL-2026-9999"]).status == 64)
        #expect(try cli.run(["list", "contacts", "--limit", "-1"]).status == 64)
        #expect(try cli.run(["add", "contact"], input: "{\"name\": \"\u{FFFD}\"").status == 65)
        #expect(try cli.run(["init", "--officer", "B", "--unit", "C", "--prefix", "XY"]).status == 64)
    }

    @Test func aFileThatIsNotAStoreIsRefusedAndLeftAsItWas() throws {
        let cli = try LiaisonProcess()
        let path = cli.folder.appendingPathComponent("report.docx").path
        let bytes = Data((0..<4096).map { UInt8($0 % 251) })
        #expect(FileManager.default.createFile(atPath: path, contents: bytes))
        let result = try cli.run(["list", "meetings", "--store", path])
        #expect(result.status == 65)
        #expect(result.error.contains("is not a liaison store"))
        #expect(FileManager.default.contents(atPath: path) == bytes)
    }

    @Test func theStoreComesFromTheOptionThenTheEnvironmentThenTheDataFolder() throws {
        let cli = try LiaisonProcess()
        let data = cli.folder.appendingPathComponent("xdg")
        let result = try cli.run(["init", "--officer", "A", "--unit", "B", "--prefix", "AB"],
                                 environment: ["LIAISON_STORE": "", "XDG_DATA_HOME": data.path])
        #expect(result.status == 0, "\(result.error)")
        #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("liaison/liaison.sqlite").path))
        let explicit = cli.folder.appendingPathComponent("other.sqlite").path
        #expect(try cli.run(["init", "--officer", "A", "--unit", "B", "--prefix", "CD", "--store", explicit]).status == 0)
        #expect(FileManager.default.fileExists(atPath: explicit))
        #expect(!FileManager.default.fileExists(atPath: cli.store), "--store wins over LIAISON_STORE")
    }

    /// A record deleted by mistake comes back by the id its list showed, and says so; one
    /// not deleted, or deleted twice, gets a sentence saying what to do.
    @Test func aDeletedRecordComesBackByItsShortId() throws {
        let cli = try LiaisonProcess()
        try cli.initialise()
        #expect(try cli.run(["demo", "--meetings", "5"]).status == 0)
        let listed = try cli.run(["list", "meetings", "--limit", "1"])
        // A kind is taken as the noun of either language, accents or not.
        for kind in ["réunions", "Reunion", "meeting"] {
            #expect(try cli.run(["list", kind, "--limit", "1"]).output == listed.output, "\(kind)")
        }
        let short = try #require(listed.output.split(separator: "\n").dropFirst().first?.split(separator: " ").first.map(String.init))
        #expect(short.count == 8)
        #expect(try cli.run(["delete", short]).status == 0)
        let again = try cli.run(["delete", short])
        #expect(again.status == 65 && again.error.contains("is already deleted"), "\(again.error)")
        let undeleted = try cli.run(["undelete", short])
        #expect(undeleted.status == 0, "\(undeleted.error)")
        #expect(undeleted.output.hasPrefix("Brought back meeting "))
        #expect(try cli.run(["show", short]).output.contains("Deleted") == false)
        let twice = try cli.run(["undelete", short])
        #expect(twice.status != 0 && twice.error.contains("is not deleted"), "\(twice.error)")
        #expect(try cli.run(["list", "meetings"]).output.contains(short))
        // A deleted record's list row keeps its mark whole, however narrow the column.
        let grievances = try cli.run(["list", "grievances", "--limit", "1"]).output.split(separator: "\n")
        let reference = try #require(grievances.dropFirst().first?.split(separator: " ").first.map(String.init))
        #expect(try cli.run(["delete", reference]).status == 0)
        let row = try #require(try cli.run(["list", "grievances", "--deleted"]).output.split(separator: "\n")
            .first { $0.hasPrefix(reference) })
        #expect(row.contains(" (deleted)"), "\(row)")
    }

    @Test func demoDataFillsTheListsAndStats() throws {
        let cli = try LiaisonProcess()
        try cli.initialise()
        let demo = try cli.run(["demo", "--meetings", "60"])
        #expect(demo.status == 0, "\(demo.error)")
        #expect(demo.output.contains("60 meetings"))
        let listed = try cli.run(["list", "meetings", "--limit", "3"])
        #expect(listed.output.split(separator: "\n").count == 4, "a header and three rows")
        let stats = try cli.run(["stats"])
        #expect(stats.output.contains("Grievances"))
        #expect(stats.output.contains("sentiment by week"))
    }

    @Test func everyCommandHasHelpAndShellCompletionWorks() throws {
        let cli = try LiaisonProcess()
        for command in ["init", "demo", "add", "edit", "list", "show", "move", "delete", "undelete", "stats", "ui", "backup",
                        "restore"] {
            let help = try cli.run([command, "--help"])
            #expect(help.status == 0)
            #expect(help.output.contains("USAGE: liaison \(command)"), "\(command) --help")
            #expect(help.output.contains("--store"), "\(command) takes --store")
        }
        let completion = try cli.run(["--generate-completion-script", "bash"])
        #expect(completion.status == 0)
        #expect(completion.output.contains("_liaison"))
        #expect(completion.output.contains("grievances"))
    }

    @Test func aCopiedBinaryStillHasItsTaxonomies() throws {
        let cli = try LiaisonProcess()
        let copy = cli.folder.appendingPathComponent("bin/liaison")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: LiaisonProcess.binary, to: copy)
        #expect(try cli.run(["init", "--officer", "A", "--unit", "B", "--prefix", "AB"], binary: copy).status == 0)
        let added = try cli.run(["add", "feedback"], input: #"{"types": ["rumour"], "text": "Слухи", "channel": "hotline"}"#,
                                binary: copy)
        #expect(added.status == 0, "\(added.error)")
    }

    @Test func withoutATerminalTheInterfaceSaysSoAndTouchesNothing() throws {
        let cli = try LiaisonProcess()
        let result = try cli.run([])
        #expect(result.status == 1)
        #expect(result.error.contains("The interface needs a terminal"))
        #expect(!FileManager.default.fileExists(atPath: cli.store), "no store is made for an interface that cannot run")
    }
}
