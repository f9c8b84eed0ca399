import Foundation
import Testing

/// The real binary in a terminal: a tmux server of its own, one window of a fixed size,
/// keys sent as a person would type them and the screen read back as text.
final class TmuxSession {
    let socket = "liaison-test-\(UUID().uuidString.prefix(8))"
    let folder: URL

    /// tmux, installed by the test setup when the machine lacks it.
    static let tmux: String? = {
        let paths = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"]
        if let found = paths.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) { return found }
        let install = Process()
        install.executableURL = URL(fileURLWithPath: "/bin/sh")
        install.arguments = ["-c", "(apt-get install -y tmux || sudo -n apt-get install -y tmux) >/dev/null 2>&1"]
        try? install.run()
        install.waitUntilExit()
        return paths.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Starts `command` through `sh` in a window `width` x `height`, in `folder`. The shell
    /// records the terminal modes before and after (`stty -g`) and the exit status.
    init(_ command: String, in folder: URL, width: Int = 80, height: Int = 24) throws {
        self.folder = folder
        guard Self.tmux != nil else { throw TmuxMissing() }
        // A session run before in the same folder left its files: start without them.
        for name in ["stty.before", "stty.after", "shell.pid", "exit.status"] {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
        let script = """
            cd '\(folder.path)'; stty -g > stty.before; echo $$ > shell.pid; \(command); \
            echo $? > exit.status; stty -g > stty.after; sleep 300
            """
        try tmux(["new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", "main", "sh", "-c", script])
    }

    /// The server goes with the session, also when the test failed or threw: its output goes
    /// nowhere, since the test's folder may already be gone by now. Its socket goes too: a
    /// server ended by kill-server leaves it in tmux's folder, one more each run.
    deinit {
        _ = try? tmux(["kill-server"], output: nil)
        let folder = ProcessInfo.processInfo.environment["TMUX_TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        unlink("\(folder)/tmux-\(getuid())/\(socket)")
    }

    struct TmuxMissing: Error, CustomStringConvertible {
        var description: String { "tmux is not installed and could not be installed (apt-get install tmux)." }
    }

    /// Runs tmux and returns what it printed. The first command starts the tmux server,
    /// which lives on and keeps every descriptor it inherits: it is spawned with nothing
    /// open but its output file, so it cannot hold the test runner's pipes.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let outputURL = folder.appendingPathComponent("tmux-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: outputURL) }
        try tmux(arguments, output: outputURL)
        return (try? String(contentsOf: outputURL, encoding: .utf8)) ?? ""
    }

    /// Runs tmux with its output in `output` (or discarded) and waits for it to end.
    private func tmux(_ arguments: [String], output: URL?) throws {
        let argv = [Self.tmux ?? "/usr/bin/tmux", "-L", socket, "-f", "/dev/null"] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output?.path ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        if let closeFrom = Self.addCloseFrom { _ = closeFrom(&actions, 3) }
        // The test runner blocks most signals on its threads, and a child inherits that mask.
        // tmux's kill-server is a SIGTERM the server sends itself: with the mask inherited it
        // never arrives and the server lives on. So tmux starts with no signal blocked.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        // The binary's clock is LIAISON_NOW; faketime stays out of tmux and what it runs.
        let environment = LiaisonProcess.hermetic(ProcessInfo.processInfo.environment)
            .map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { environment.forEach { free($0) } }
        let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, environment)
        guard spawned == 0 else { throw TmuxMissing() }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's
    /// Glibc module does not declare.
    private static let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            return nil
        }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// Sends keys in tmux's names: "Enter", "Escape", "Tab", "BTab", or literal text.
    /// Keys pressed so far: each named key and each typed character counts one.
    private(set) var keystrokes = 0
    /// Of those, the characters of text typed.
    private(set) var typedCharacters = 0

    func send(_ keys: String...) throws {
        try tmux(["send-keys", "-t", "main"] + keys)
        keystrokes += keys.count
    }

    /// Sends text literally, character by character as typed.
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", "main", "-l", text])
        keystrokes += text.count
        typedCharacters += text.count
    }

    var screen: String { (try? tmux(["capture-pane", "-p", "-t", "main"])) ?? "" }

    var lines: [String] { screen.components(separatedBy: "\n") }

    /// Waits until the screen holds `text` (10 s at most) and returns it.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var shown = screen
        while !shown.contains(text), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            shown = screen
        }
        #expect(shown.contains(text), "waited for \"\(text)\"; the screen shows:\n\(shown)", sourceLocation: sourceLocation)
        return settled(shown, until: deadline)
    }

    /// The screen once two captures in a row agree: tmux may show a frame half drawn, and
    /// what a test then reads must be the whole of it.
    private func settled(_ first: String, until deadline: Date) -> String {
        var shown = first
        while Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            let next = screen
            if next == shown { break }
            shown = next
        }
        return shown
    }

    /// Waits until the screen meets a condition (10 s at most) and returns it.
    @discardableResult
    func waitUntil(_ what: String, timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation,
                   _ condition: ([String]) -> Bool) -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        var shown = lines
        while !condition(shown), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            shown = lines
        }
        #expect(condition(shown), "waited until \(what); the screen shows:\n\(shown.joined(separator: "\n"))",
                sourceLocation: sourceLocation)
        return shown
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", "main", "-x", "\(width)", "-y", "\(height)"])
    }

    /// The contents of a file the shell wrote, once it exists.
    func file(_ name: String, timeout: Double = 10) -> String? {
        let url = folder.appendingPathComponent(name)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? String(contentsOf: url, encoding: .utf8), text.hasSuffix("\n") {
                return text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// The pid of the program the shell runs.
    func programPid() -> Int32? {
        guard let shell = file("shell.pid") else { return nil }
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/pgrep")
            process.arguments = ["-P", shell]
            let output = Pipe()
            process.standardOutput = output
            try? process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            if let pid = Int32(String(decoding: data, as: UTF8.self).split(separator: "\n").first ?? "") { return pid }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }
}
