import Foundation
import Testing

/// The interface of the real binary in a real terminal (tmux), as an officer sees it.
@Suite(.serialized)
struct InterfaceTests {
    /// A store with a profile and a little demo data, and the command that opens it.
    private func prepared() throws -> (LiaisonProcess, String) {
        let cli = try LiaisonProcess()
        try cli.initialise()
        #expect(try cli.run(["demo", "--meetings", "40"]).status == 0)
        return (cli, cli.interfaceCommand())
    }

    @Test func theTabsSearchDetailsHelpAndResizeWorkAndQuitRestoresTheTerminal() throws {
        let (cli, command) = try prepared()
        let tmux = try TmuxSession(command, in: cli.folder)

        // The dashboard first, with the officer and the changes waiting for export.
        var screen = tmux.waitFor("Dashboard, as of Sat 21 Nov 2026")
        #expect(screen.contains("Grievances"))
        #expect(screen.contains("Follow-up actions"))
        #expect(screen.contains("not exported"))
        #expect(screen.contains("Amina Yusuf"))

        // Every tab, by number and by Tab.
        try tmux.send("2")
        screen = tmux.waitFor("Meetings · 1 of 40")
        #expect(screen.contains("Local start"))
        try tmux.send("Tab")
        tmux.waitFor("Contacts · 1 of")
        try tmux.send("4")
        tmux.waitFor("Grievances · 1 of")
        try tmux.send("5")
        tmux.waitFor("Feedback · 1 of")
        try tmux.send("BTab")
        tmux.waitFor("Grievances · 1 of")

        // A search, live as typed, in any script.
        try tmux.send("3", "/")
        try tmux.type("张")
        screen = tmux.waitFor("search “张”")
        #expect(screen.contains("Zhang Wei"))
        #expect(!tmux.lines.dropFirst(2).contains { $0.contains("Amina") }, "only matching contacts are listed")
        try tmux.send("Enter")

        // Open the contact, follow a link to one of their meetings, and come back.
        try tmux.send("Enter")
        screen = tmux.waitFor("Contact  Zhang Wei")
        #expect(tmux.lines.contains { $0.hasPrefix(" Local name ") && $0.contains(" 张伟") })
        // Shift-Tab from the page's end jumps back to its last link.
        try tmux.send("End", "BTab", "Enter")
        tmux.waitUntil("a linked record opens") { lines in
            ["Meeting  ", "Grievance  ", "Feedback  "].contains { lines.count > 1 && lines[1].contains($0) }
        }
        try tmux.send("Escape")
        tmux.waitFor("Contact  Zhang Wei")
        try tmux.send("Escape")
        tmux.waitFor("Contacts · 1 of")

        // Help lists the keys of the screen and the global ones.
        try tmux.send("?")
        // The last line of the help is waited for: tmux may show a frame half drawn.
        screen = tmux.waitFor("Search as you type")
        #expect(screen.contains("Keys of this screen (Lists)"))
        #expect(screen.contains("Keys of every screen"))
        try tmux.send("Escape")
        tmux.waitFor("Contacts · 1 of")

        // Smaller, too small, and back.
        try tmux.resize(width: 60, height: 20)
        tmux.waitFor("1  2  3 Contacts  4  5")
        try tmux.send("4")
        screen = tmux.waitFor("Grievances · 1 of")
        #expect(screen.contains("Reference"))
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(rows.count == 20 && rows.allSatisfy { $0.count <= 60 }, "\(screen)")
        try tmux.resize(width: 30, height: 8)
        tmux.waitFor("too small")
        try tmux.resize(width: 80, height: 24)
        screen = tmux.waitFor("Category")

        try tmux.send("q")
        #expect(tmux.file("exit.status") == "0")
        #expect(tmux.file("stty.after") == tmux.file("stty.before"), "the terminal modes are restored after q")
    }

    @Test func aTerminatedInterfaceGivesTheTerminalBack() throws {
        let (cli, command) = try prepared()
        let tmux = try TmuxSession(command, in: cli.folder)
        tmux.waitFor("Dashboard, as of")
        try tmux.send("2")
        tmux.waitFor("Meetings · 1 of")
        let pid = try #require(tmux.programPid())
        kill(pid, SIGTERM)
        #expect(tmux.file("exit.status") == "\(128 + SIGTERM)")
        #expect(tmux.file("stty.after") == tmux.file("stty.before"), "the terminal modes are restored after SIGTERM")
    }

    @Test func theFirstRunSetsUpTheDevice() throws {
        let cli = try LiaisonProcess()
        let tmux = try TmuxSession(cli.interfaceCommand(), in: cli.folder)
        tmux.waitFor("set up this device")
        try tmux.type("Hiroshi Tanaka")
        try tmux.send("Tab")
        try tmux.type("East team")
        try tmux.send("Tab")
        try tmux.type("k")
        try tmux.send("Tab", "Tab", "Space", "Tab", "Enter")
        var screen = tmux.waitFor("2 to 6")
        #expect(screen.contains("Prefix"), "a one-letter prefix is refused with a sentence")
        // The refusal put the cursor in the prefix field.
        try tmux.type("dl")
        try tmux.send("Tab", "Tab", "Tab", "Enter")
        screen = tmux.waitFor("Welcome, Hiroshi Tanaka")
        #expect(screen.contains("nothing to export"))
        try tmux.send("q")
        #expect(tmux.file("exit.status") == "0")
        let profile = try cli.run(["stats"])
        #expect(profile.status == 0)
    }

    @Test func aTerminalThatCannotShowTheInterfaceGetsASentence() throws {
        let cli = try LiaisonProcess()
        try cli.initialise()
        let tmux = try TmuxSession(cli.interfaceCommand(prefix: "TERM=dumb ") + " 2> err.txt",
                                   in: cli.folder)
        #expect(tmux.file("exit.status") == "1")
        #expect(tmux.file("err.txt")?.contains("cannot place the cursor") == true)
        let unknown = try cli.run([], environment: ["TERM": "no-such-terminal"])
        #expect(unknown.status == 1, "not a terminal at all")
        #expect(unknown.error.contains("needs a terminal"))
    }
}
