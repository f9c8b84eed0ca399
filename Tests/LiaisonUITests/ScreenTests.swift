import Foundation
import LiaisonCore
import TerminalKit
import Testing
@testable import LiaisonUI

/// Whole screens on the memory terminal over a real temporary store.
struct ScreenTests {
    @Test func theDashboardShowsTheFiguresAndOpensTheListBehindThem() throws {
        let fixture = try Fixture()
        var lines = fixture.run([]).lines
        #expect(lines[0].contains("1 Dashboard") && lines[0].contains("5 Feedback"))
        #expect(lines[1].contains("Dashboard, as of Sat 21 Nov 2026"))
        #expect(lines[1].contains("8 not exported"))
        #expect(lines.contains { $0.contains("Open") && $0.contains(" 1") })
        #expect(lines.contains { $0.contains("Women and girls") && $0.contains("57%") })
        #expect(lines[23].contains("Enter Open"))

        // The first item is the open grievances: Enter lists them, filtered.
        lines = fixture.run([key(.enter)]).lines
        #expect(lines[1].hasPrefix(" Grievances · 1 of 1 · Open"))
        #expect(lines[3].contains("KDL-2026-0001"))
    }

    @Test func listColumnsLineUpWithNamesInEveryScript() throws {
        let fixture = try Fixture()
        let lines = fixture.run(keys("3")).lines
        let rows = lines[3...6]
        #expect(rows.contains { $0.contains(shown("أمينة يوسف")) })
        #expect(rows.contains { $0.contains("ዳዊት ተስፋዬ") })
        #expect(rows.contains { $0.contains("张伟") })
        #expect(rows.contains { $0.contains("Mun\u{308}oz") }, "the combining mark stays with its letter")
        let communities = rows.compactMap { row in ["Abyei", "Mekelle", "Bor", "Gao"].compactMap { column(of: $0, in: row) }.first }
        #expect(communities.count == 4)
        #expect(Set(communities).count == 1, "the community column starts at one cell in every row: \(communities)")
        #expect(column(of: "Community", in: lines[2]) == communities.first)
        for line in lines { #expect(CellWidth.of(line) <= 80) }
    }

    @Test func aMeetingShowsEverythingLinkedAndLinksLeadOnAndBack() throws {
        let fixture = try Fixture()
        // Meetings, newest first: the water point meeting is on the first row.
        var terminal = fixture.run(keys("2") + [key(.enter)])
        var text = terminal.lines.joined(separator: "\n")
        #expect(terminal.lines[1].contains("Meeting  Water point 💧 repair with 张伟"))
        #expect(text.contains("Attendees (2)"))
        #expect(text.contains("Amina Yusuf  \(shown("أمينة يوسف"))  (Participant)"), "an attendee's local name is beside the name")
        #expect(text.contains("[OVERDUE] Send the engineer — WASH, due Thu 19 Nov 2026"))
        #expect(text.contains("Grievances raised (1)"))
        #expect(text.contains("KDL-2026-0001  New"))
        #expect(text.contains("Feedback given (1)"))
        #expect(text.contains("Quick repair"))
        #expect(!text.contains("Created "), "the stamps and the id come last, below the fold at 80x24")
        let end = fixture.run(keys("2") + [key(.enter), key(.end)]).lines
        #expect(end.contains { $0.contains("Created ") && $0.contains(" 2026, ") && !$0.contains("Z") }, "stamps read as dates, not ISO text")
        #expect(end[end.count - 2].contains("Id "), "the id is the page's last line")

        // Tab jumps to the first link, the first attendee; Enter opens the contact; Esc comes back.
        let moves = [key(.tab)]
        terminal = fixture.run(keys("2") + [key(.enter)] + moves + [key(.enter)])
        text = terminal.lines.joined(separator: "\n")
        #expect(terminal.lines[1].contains("Contact  Amina Yusuf"))
        #expect(terminal.lines.contains { $0.hasPrefix(" Local name ") && $0.hasSuffix(shown("أمينة يوسف")) })
        // Tab goes on to the second attendee; Shift-Tab from the first goes round to the last link.
        #expect(fixture.run(keys("2") + [key(.enter), key(.tab), key(.tab), key(.enter)]).lines[1].contains("Contact  Zhang Wei"))
        #expect(fixture.run(keys("2") + [key(.enter), key(.tab), key(.backTab), key(.enter)]).lines[1].contains("Feedback"))
        #expect(text.contains("Meetings (1)"))
        terminal = fixture.run(keys("2") + [key(.enter)] + moves + [key(.enter), key(.escape)])
        #expect(terminal.lines[1].contains("Meeting  Water point"))
        terminal = fixture.run(keys("2") + [key(.enter), key(.escape)])
        #expect(terminal.lines[1].hasPrefix(" Meetings · 1 of 2"))
    }

    @Test func aGrievanceShowsItsDueDatesAsOverdue() throws {
        let fixture = try Fixture()
        let lines = fixture.run(keys("4") + [key(.enter)]).lines
        #expect(lines[1].contains("Grievance  KDL-2026-0001"))
        #expect(lines.contains { $0.contains("Acknowledge by") && $0.contains("Sun 22 Nov 2026") })
        #expect(lines.contains { $0.contains("History (1)") })
        #expect(lines.contains { $0.hasPrefix(" Raised by ") && $0.contains(" Amina Yusuf  ") }, "with her local name")
    }

    @Test func aSearchNarrowsTheListAsItIsTyped() throws {
        let fixture = try Fixture()
        let terminal = fixture.run(keys("3/") + keys("ዳዊት"))
        #expect(terminal.lines[1].contains("Contacts · 1 of 1 · search “ዳዊት”"))
        #expect(terminal.lines[3].contains("Dawit Tesfaye"))
        #expect(terminal.lines[23].hasPrefix(" Search contacts: ዳዊት"))
        #expect(terminal.cursor == Point(x: CellWidth.of(" Search contacts: ዳዊት"), y: 23))
    }

    @Test func aSmallTerminalShowsWhatFitsAndATinyOneSaysSo() throws {
        let fixture = try Fixture()
        var terminal = fixture.run(keys("3"), size: Size(width: 40, height: 10))
        #expect(terminal.lines.count == 10)
        #expect(terminal.lines[2].contains("Name"))
        #expect(terminal.lines.contains { $0.contains("Zhang Wei") })
        for line in terminal.lines { #expect(CellWidth.of(line) <= 40) }

        terminal = fixture.run(keys("3") + [.resize(Size(width: 39, height: 9))], size: Size(width: 80, height: 24))
        #expect(terminal.lines.joined(separator: " ").contains("The terminal is too small (39x9)"))
        terminal = fixture.run(keys("3") + [.resize(Size(width: 39, height: 9)), .resize(Size(width: 80, height: 24))])
        #expect(terminal.lines[1].hasPrefix(" Contacts · 1 of 4"))
    }

    @Test func helpListsTheKeysOfTheScreenAndEveryScreen() throws {
        let fixture = try Fixture()
        let lines = fixture.run(keys("2?")).lines
        let text = lines.joined(separator: "\n")
        #expect(text.contains("Keys of this screen (Lists)"))
        #expect(text.contains("Choose a quick filter"))
        #expect(text.contains("Keys of every screen"))
        #expect(text.contains("Shift-Tab"))
    }

    @Test func theFilterMenuNarrowsAList() throws {
        let fixture = try Fixture()
        let menu = fixture.run(keys("2f")).lines.joined(separator: "\n")
        #expect(menu.contains("Show which meetings?"))
        // All, Last 7 days, Last 30 days, Early warning, Follow-up open: the fifth.
        let lines = fixture.run(keys("2fjjjj") + [key(.enter)]).lines
        #expect(lines[1].hasPrefix(" Meetings · 1 of 1 · Follow-up open"))
        #expect(lines[3].contains("Water point"))
    }

    @Test func anEmptyStoreOpensTheWelcomeScreenThatSetsUpTheDevice() throws {
        let fixture = try Fixture(records: false, profile: false)
        var terminal = fixture.run([])
        #expect(terminal.lines[0].contains("set up this device"))
        terminal = fixture.run(keys("Tomás") + [key(.tab)] + keys("North") + [key(.tab)] + keys("x")
                               + [key(.tab), key(.tab), key(.character(" ")), key(.tab), key(.enter)])
        #expect(terminal.lines.joined().contains("2 to 6"), "a one-letter prefix is refused: \(terminal.lines)")
        #expect(try fixture.store.profile() == nil)
        // Space on the language shows the next one at once, and the device keeps it.
        terminal = fixture.run(keys("Tomás") + [key(.tab)] + keys("North") + [key(.tab)] + keys("kdl")
                               + [key(.tab), key(.character(" ")), key(.tab), key(.character(" ")), key(.tab), key(.enter)])
        #expect((terminal.lines[0] + terminal.lines[1]).contains("Tomás"))
        #expect(try fixture.store.profile()?.prefix == "KDL")
        #expect(try fixture.store.profile()?.language == .fr)
        #expect(terminal.lines[0].contains("Réunions"), "the interface is in French: \(terminal.lines[0])")
        let again = fixture.run([])
        #expect(again.lines[0].contains("Réunions"), "the next start is in French too, whatever LANG says")
    }
}

/// The Export tab over a real store, on the memory terminal.
struct ExportScreenTests {
    @Test func theExportTabWritesABundleAndShowsItsPath() throws {
        let fixture = try Fixture()
        let terminal = fixture.run([key(.character("6")), key(.end), key(.enter)])
        let screen = terminal.lines.joined(separator: "\n")
        // A long path wraps over several rows.
        let unwrapped = terminal.lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined()
        #expect(unwrapped.contains("Bundle 1 written:\(fixture.folder.path)/liaison-KDL-2026-11-21-0001.zip"), "\(screen)")
        #expect(screen.contains("4 contacts, 2 meetings, 1 grievance, 1 feedback"))
        #expect(screen.contains("nothing to export"))
        #expect(FileManager.default.fileExists(atPath: fixture.folder.appendingPathComponent("liaison-KDL-2026-11-21-0001.zip").path))
        #expect(try fixture.store.lastExport()?.sequence == 1)
    }

    @Test func theExportTabFitsSmallTerminals() throws {
        let fixture = try Fixture()
        for size in [Size(width: 80, height: 24), Size(width: 60, height: 20), Size(width: 40, height: 10)] {
            let terminal = fixture.run([key(.character("6"))], size: size)
            #expect(terminal.lines.count == size.height)
            #expect(terminal.lines.allSatisfy { CellWidth.of($0) <= size.width })
            #expect(terminal.lines.joined().contains("Folder"), "\(size): \(terminal.lines)")
        }
    }
}
