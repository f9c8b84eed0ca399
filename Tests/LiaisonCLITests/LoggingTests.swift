import Foundation
import Testing

/// Logging the work in the real binary, in a real terminal (tmux), checked with `liaison show --json`.
@Suite(.serialized)
struct LoggingTests {
    /// A store with a profile and two contacts, and the command that opens it.
    private func prepared() throws -> (LiaisonProcess, String) {
        let cli = try LiaisonProcess()
        try cli.initialise()
        for contact in [#"{"name": "Amina al-Hassan", "local_name": "أمينة الحسن", "role": "womens_group", "community": "Abyei"}"#,
                        #"{"name": "Dawit Tesfaye", "local_name": "ዳዊት ተስፋዬ", "role": "youth_group", "community": "Abyei"}"#] {
            #expect(try cli.run(["add", "contact"], input: contact).status == 0)
        }
        return (cli, cli.interfaceCommand())
    }

    /// The record whose search text matches, as `liaison show --json` prints it.
    private func shown(_ cli: LiaisonProcess, _ kind: String, _ search: String) throws -> [String: Any] {
        let list = try #require(try cli.json(["list", kind, "--search", search, "--json"]) as? [[String: Any]])
        let id = try #require(list.first?["id"] as? String)
        return try #require(try cli.json(["show", id, "--json"]) as? [String: Any])
    }

    @Test func aTypicalMeetingIsLoggedWithItsGrievanceAndFeedbackAndTheGrievanceFollowedToItsEnd() throws {
        let (cli, command) = try prepared()
        let tmux = try TmuxSession(command, in: cli.folder)
        tmux.waitFor("Dashboard, as of")

        // The meeting: title, kind and start as offered, a duration, the place.
        try tmux.send("n")
        tmux.waitFor("New meeting")
        try tmux.type("Water point committee")
        try tmux.send("Enter", "Tab", "Tab")
        try tmux.type("90m")
        try tmux.send("Enter")
        try tmux.type("Abyei town")
        try tmux.send("Enter", "Tab", "Tab")
        // Two attendees by a few letters, and one new contact made without leaving.
        try tmux.type("ami")
        try tmux.send("Enter")
        try tmux.type("daw")
        try tmux.send("Enter")
        tmux.waitFor("Dawit Tesfaye")
        try tmux.type("Nyandeng Deng")
        try tmux.send("Enter")
        tmux.waitFor("New contact")
        try tmux.send("C-s")
        tmux.waitFor("Nyandeng Deng  · Participant")
        // Headcounts, the summary, and a follow-up action due in three days.
        try tmux.send("Tab")
        try tmux.type("14")
        try tmux.send("Tab")
        try tmux.type("11")
        try tmux.send("Tab", "Tab", "Tab")
        try tmux.type("The water point has been broken for two weeks.")
        try tmux.send("Tab")
        try tmux.type("The committee will keep a repair log.")
        try tmux.send("Tab", "Enter")
        try tmux.type("Send the WASH engineer")
        try tmux.send("Enter")
        try tmux.type("WASH cluster")
        try tmux.send("Enter")
        try tmux.type("+3d")
        try tmux.send("C-s")
        tmux.waitFor("Meeting  Water point committee")

        // A grievance raised by Amina at the meeting, and feedback: G and F on her line, the
        // page's first link (Tab). Who raised it being known, the forms start at what it is about.
        try tmux.send("Tab")
        try tmux.send("G")
        tmux.waitFor("New grievance raised at")
        try tmux.send("Enter")
        try tmux.type("serv")
        try tmux.send("Enter", "Tab", "Tab")
        try tmux.type("Women walk four hours to the next well.")
        try tmux.send("C-s")
        tmux.waitFor("Grievances raised (1)")
        try tmux.send("F")
        tmux.waitFor("New feedback given at")
        try tmux.send("Enter")
        try tmux.type("sug")
        try tmux.send("Space", "Enter")
        try tmux.type("Water")
        try tmux.send("Enter")
        try tmux.type("Thank you for coming to listen.")
        try tmux.send("C-s")
        var screen = tmux.waitFor("Saved: feedback “Water”")
        let loggingKeys = tmux.keystrokes
        let loggingTyped = tmux.typedCharacters
        let commandKeys = loggingKeys - loggingTyped
        print("Logging a typical meeting took \(loggingKeys) keystrokes: \(commandKeys) command keys and \(loggingTyped) typed characters.")
        #expect(commandKeys <= 40, "a whole meeting, its grievance and feedback, in at most 40 command keys")

        #expect(screen.contains("Meeting  Water point committee"), "back at the meeting")
        // The grievance, followed to its end: acknowledge, start, resolve, close, loop closed.
        // Its link is the page's last but one: the feedback's comes after it.
        try tmux.send("End", "BTab", "BTab", "Enter")
        tmux.waitFor("Grievance  KDL-2026-0001")
        try tmux.send("m", "Enter")
        try tmux.type("Called the chief")
        try tmux.send("C-s")
        tmux.waitFor("is now acknowledged")
        try tmux.send("m", "Enter", "C-s")
        tmux.waitFor("is now in progress")
        try tmux.send("m")
        try tmux.type("resol")
        try tmux.send("Enter")
        try tmux.type("A new pump was installed.")
        try tmux.send("C-s")
        tmux.waitFor("is now resolved")
        try tmux.send("m", "Enter", "C-s")
        tmux.waitFor("is now closed")
        try tmux.send("l", "Tab")
        try tmux.type("at the community forum")
        try tmux.send("C-s")
        screen = tmux.waitFor("Loop closed for grievance KDL-2026-0001")
        #expect(screen.contains("Closed"))
        try tmux.send("Q")
        #expect(tmux.file("exit.status") == "0")
        #expect(tmux.file("stty.after") == tmux.file("stty.before"))

        // What the store holds, as the command line shows it.
        let meeting = try shown(cli, "meetings", "water")
        #expect(meeting["title"] as? String == "Water point committee")
        #expect(meeting["duration_minutes"] as? Int == 90)
        #expect(meeting["place"] as? String == "Abyei town")
        #expect((meeting["attendees"] as? [[String: Any]])?.count == 3)
        #expect((meeting["headcount"] as? [String: Int]) == ["women": 14, "men": 11, "girls": 0, "boys": 0])
        let followUps = try #require(meeting["follow_ups"] as? [[String: Any]])
        #expect(followUps.first?["action"] as? String == "Send the WASH engineer")
        #expect(followUps.first?["owner"] as? String == "WASH cluster")
        let contact = try shown(cli, "contacts", "nyandeng")
        #expect(contact["name"] as? String == "Nyandeng Deng")
        let grievance = try #require(try cli.json(["show", "KDL-2026-0001", "--json"]) as? [String: Any])
        #expect(grievance["meeting_id"] as? String == meeting["id"] as? String)
        #expect(grievance["category"] as? String == "access_to_services")
        #expect(grievance["status"] as? String == "closed")
        #expect(grievance["resolution"] as? String == "A new pump was installed.")
        #expect(grievance["loop_closed_how"] as? String == "at the community forum")
        #expect(grievance["loop_closed_on"] as? String == "2026-11-21", "the day of the test's clock")
        #expect((grievance["history"] as? [[String: Any]])?.compactMap { $0["to"] as? String }
                == ["new", "acknowledged", "in_progress", "resolved", "closed"])
        let feedback = try shown(cli, "feedback", "listen")
        #expect(feedback["meeting_id"] as? String == meeting["id"] as? String)
        #expect(feedback["types"] as? [String] == ["suggestion"])
        #expect(feedback["topic"] as? String == "Water")

        // The README tells officers what it took.
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("\(commandKeys) command keys and \(loggingTyped) typed characters"),
                "the README states the keys of the end-to-end test: \(commandKeys) command keys, \(loggingTyped) typed")
    }

    @Test func aFormTypedWhenTheTerminalClosesIsRestoredToTheLastCharacter() throws {
        let (cli, command) = try prepared()
        let title = "Ферма 张伟 Mun\u{308}oz — أمينة"
        do {
            let tmux = try TmuxSession(command, in: cli.folder)
            tmux.waitFor("Dashboard, as of")
            try tmux.send("n")
            tmux.waitFor("New meeting")
            try tmux.type(title)
            try tmux.send("Tab", "Tab", "Tab")
            try tmux.type("1h30")
            tmux.waitFor("= 1 hour 30 minutes")
            // The terminal closes at once: no pause for the autosave.
            kill(try #require(tmux.programPid()), SIGHUP)
            #expect(tmux.file("exit.status") == "\(128 + SIGHUP)")
        }
        do {
            let tmux = try TmuxSession(command, in: cli.folder)
            var screen = tmux.waitFor("Restore unsaved forms?")
            #expect(screen.contains("New meeting"))
            try tmux.send("Enter")
            screen = tmux.waitFor("= 1 hour 30 minutes")
            #expect(screen.contains("1h30"))
            try tmux.send("C-s")
            tmux.waitFor("Meeting  Ферма")
            try tmux.send("Q")
            #expect(tmux.file("exit.status") == "0")
        }
        let meeting = try shown(cli, "meetings", "ферма")
        #expect(meeting["title"] as? String == title.precomposedStringWithCanonicalMapping)
        #expect(meeting["duration_minutes"] as? Int == 90)

        // Killed outright, a pause of a second is enough for the draft to be there.
        do {
            let tmux = try TmuxSession(command, in: cli.folder)
            tmux.waitFor("Dashboard, as of")
            try tmux.send("3", "n")
            tmux.waitFor("New contact")
            try tmux.type("Zainab Deng")
            tmux.waitFor("Zainab Deng")
            Thread.sleep(forTimeInterval: 1.5)
            kill(try #require(tmux.programPid()), SIGKILL)
            #expect(tmux.file("exit.status") == "\(128 + SIGKILL)")
        }
        let tmux = try TmuxSession(command, in: cli.folder)
        let screen = tmux.waitFor("Restore unsaved forms?")
        #expect(screen.contains("New contact"))
        try tmux.send("Enter")
        tmux.waitFor("Zainab Deng")
        try tmux.send("Escape", "y", "Q")
        #expect(tmux.file("exit.status") == "0")
    }
}
