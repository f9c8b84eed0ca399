import Foundation
import LiaisonCore
import TerminalKit
import Testing
@testable import LiaisonUI

/// The interface in French at 80x24: labels come from the catalogue and none is cut.
struct FrenchTests {
    private let french = "fr_FR.UTF-8"

    @Test func everyFormOpensInFrenchWithNoLabelCut() throws {
        let fixture = try Fixture()
        let words = Catalogue.standard(.fr)
        for (key, kind) in [("n", RecordKind.meeting), ("n", .contact), ("n", .grievance), ("n", .feedback)] {
            let tab = ["meeting": "2", "contact": "3", "grievance": "4", "feedback": "5"][kind.rawValue] ?? "2"
            let screen = fixture.run(keys(tab) + keys(key), language: french)
            let text = screen.lines.joined(separator: "\n")
            #expect(screen.lines[1].contains(words.text("form.new.\(kind.rawValue)")), "\(text)")
            let form = RecordForms.form(new: kind, FormDefaults(now: OffsetDateTime("2026-11-21T12:00:00Z")!, words: words))
            // Every label fits the label column, and those on the first screen show whole.
            let column = FormLayout.valueColumn(form, 80)
            let labelled = form.fields.filter { $0.kind.isTyped || $0.kind == .flag || $0.kind == .contact }
            for field in labelled {
                #expect(CellWidth.of(field.label + (field.required ? " *" : "")) <= column.x - 2, "\(kind) “\(field.label)” fits")
            }
            for field in labelled.prefix(6) {
                #expect(screen.lines.contains { $0.contains(" " + field.label) }, "\(kind) label “\(field.label)” whole: \(text)")
            }
            for line in screen.lines { #expect(CellWidth.of(line) <= 80) }
        }
    }

    @Test func aRecordPageReadsInFrench() throws {
        let fixture = try Fixture()
        let screen = fixture.run(keys("4") + [key(.enter)], language: french)
        let text = screen.lines.joined(separator: "\n")
        #expect(text.contains("Plainte  KDL-2026-0001"), "\(text)")
        #expect(text.contains(Catalogue.standard(.fr).text("field.grievance.raised_on")))
        #expect(text.contains(Catalogue.standard(.fr).text("choice.status.new")))
        #expect(!text.contains("Raised on"))
    }
}

/// Every screen in French at 80x24: no title, header, column title, label or footer is cut.
struct FrenchScreensTests {
    private let french = "fr_FR.UTF-8"

    /// The screens, each by the keys that reach it from the start.
    private let screens: [(String, [InputEvent])] = [
        ("dashboard", []),
        ("meetings", keys("2")), ("contacts", keys("3")), ("grievances", keys("4")), ("feedback", keys("5")),
        ("export", keys("6")),
        ("meeting page", keys("2") + [key(.enter)]), ("contact page", keys("3") + [key(.enter)]),
        ("grievance page", keys("4") + [key(.enter)]), ("feedback page", keys("5") + [key(.enter)]),
        ("follow-ups", keys("o")), ("help", keys("?")), ("list help", keys("2?")),
        ("filter menu", keys("4f")), ("delete question", keys("2d")), ("search", keys("2/")),
        ("move picker", keys("4") + [key(.enter)] + keys("m")),
        ("meeting form", keys("2n")), ("form help", keys("2n") + [key(.function(1))]),
    ]

    @Test func noScreenCutsItsWordsAt80x24() throws {
        let fixture = try Fixture()
        for (name, script) in screens {
            let lines = fixture.run(script, language: french).lines
            let text = lines.joined(separator: "\n")
            #expect(!lines[1].contains("…"), "\(name): the title is cut: \(lines[1])")
            #expect(!lines[lines.count - 1].contains("…"), "\(name): the footer is cut: \(lines[lines.count - 1])")
            // Rows of data may be cut to their column; the screen's own words may not.
            let ownWords = ["dashboard", "export", "help", "list help", "form help", "meeting form", "filter menu",
                            "move picker"]
            if ownWords.contains(name) {
                for line in lines.dropFirst(2).dropLast() {
                    #expect(!line.contains("…"), "\(name): words are cut: \(line)\n\(text)")
                }
            } else if ["meetings", "contacts", "grievances", "feedback"].contains(name) {
                #expect(!lines[2].contains("…"), "\(name): a column title is cut: \(lines[2])")
            }
            for line in lines { #expect(CellWidth.of(line) <= 80, "\(name): \(line)") }
        }
    }

    /// Every screen at 60x20 and at 40x10, in both languages: nothing runs past the edge,
    /// and no label is cut into something else (`Admin area…` for both admin areas).
    @Test func narrowScreensCutNoLabelAndRunNothingPastTheEdge() throws {
        let fixture = try Fixture()
        for language in Language.allCases {
            let words = Catalogue.standard(language)
            let labels = Catalogue.keys(language).filter { $0.hasPrefix("field.") || $0.hasPrefix("form.") }
                .map { words.text($0) }.filter { !$0.contains("{") }
            for size in [Size(width: 60, height: 20), Size(width: 40, height: 10)] {
                for (name, script) in screens + [("grievance form", keys("4e")), ("contact form", keys("3e"))] {
                    let lines = fixture.run(script, size: size, language: language == .fr ? french : "C.UTF-8").lines
                    let text = lines.joined(separator: "\n")
                    for line in lines {
                        #expect(CellWidth.of(line) <= size.width, "\(name) at \(size.width)x\(size.height): \(line)")
                        // A label cut where a label starts a row: a strict prefix of a label, then “…”.
                        let start = line.drop { $0 == " " }
                        guard let cut = start.firstIndex(of: "…") else { continue }
                        let head = String(start[..<cut])
                        let isCutLabel = labels.contains { $0.hasPrefix(head) && $0 != head && head.count >= 3 }
                        #expect(!isCutLabel, "\(name) at \(size.width)x\(size.height) in \(language): a label is cut: \(line)\n\(text)")
                    }
                }
            }
        }
    }

    @Test func theWelcomeScreenReadsInFrench() throws {
        let fixture = try Fixture(records: false, profile: false)
        let lines = fixture.run([], language: french).lines
        let text = lines.joined(separator: "\n")
        #expect(text.contains("Bienvenue"), "\(text)")
        #expect(!text.contains("…"), "\(text)")
        #expect(text.contains("Français"))
    }
}

/// Screens that say what works on them.
struct FieldFitnessTests {
    @Test func anEmptyListSaysHowToFillIt() throws {
        let fixture = try Fixture(records: false)
        for (tab, says) in [("2", "n logs the first one"), ("3", "n adds the first one"), ("4", "G on a meeting's page"),
                            ("5", "F on a meeting's page")] {
            let text = fixture.run(keys(tab)).lines.joined(separator: " ")
            #expect(text.contains(says), "tab \(tab): \(text)")
        }
        let french = fixture.run(keys("4"), language: "fr_FR.UTF-8").lines.joined(separator: " ")
        #expect(french.contains("n en saisit une"), "\(french)")
        #expect(!french.contains("…"))
    }

    @Test func aRecordsFooterShowsTheKeysThatWorkOnIt() throws {
        let fixture = try Fixture()
        let grievance = fixture.run(keys("4") + [key(.enter)]).lines.last ?? ""
        #expect(grievance.contains("m Move") && grievance.contains("l Loop closed"), "\(grievance)")
        #expect(!grievance.contains("G/F"), "logging refuses on a grievance's page: \(grievance)")
        let meeting = fixture.run(keys("2") + [key(.enter)]).lines.last ?? ""
        #expect(meeting.contains("G/F") && !meeting.contains("m Move"), "\(meeting)")
        for kind in RecordKind.allCases {
            for language in Language.allCases {
                let footer = KeyTable.footer(.detail, words: .standard(language), kind: kind)
                let width = footer.reduce(1) { $0 + CellWidth.of($1.keys) + 1 + CellWidth.of($1.label) + 2 }
                #expect(width <= 80, "\(kind) \(language): the footer fits 80 columns")
            }
        }
    }
}

extension FieldFitnessTests {
    @Test func titlesHeadingsAndPickerFootersAreNotCutAt80x24() throws {
        let fixture = try Fixture()
        // A move form's title names the target status; its heading takes the whole row.
        let move = fixture.run(keys("4") + [key(.enter), key(.character("m")), key(.enter)]).lines
        #expect(move[1].contains("Acknowledge grievance KDL-2026-0001"), "\(move[1])")
        #expect(move[2].contains("KDL-2026-0001 → Acknowledged") && !move[2].contains("…"), "\(move[2])")
        // The help title takes the header; what waits to be exported makes room for it.
        let help = fixture.run(keys("2?")).lines
        #expect(help[1].contains("Help: the keys of this screen and of every screen"), "\(help[1])")
        // A meeting form's section headings are whole.
        let form = fixture.run(keys("2n") + [InputEvent](repeating: key(.pageDown), count: 1)).lines.joined(separator: "\n")
        #expect(form.contains("Follow-up actions"), "\(form)")
        // A picker of one choice does not offer Space to tick.
        let picker = fixture.run(keys("4") + [key(.enter), key(.character("m"))]).lines.last ?? ""
        #expect(!picker.contains("Space"), "\(picker)")
    }

    @Test func rightToLeftNamesAreLaidOutUnlessTheTerminalDoesIt() throws {
        let fixture = try Fixture()
        try #require(Bidi.isAvailable || Bidi.visual("أ") == nil)
        let name = "أمينة يوسف"
        let laidOut = try #require(Bidi.visual(name), "FriBidi lays out Arabic (libfribidi0)")
        #expect(laidOut != name)
        let amina = keys("2") + [key(.enter), key(.tab), key(.enter)]
        let page = fixture.run(amina).lines
        #expect(page.contains { $0.hasSuffix(laidOut) }, "\(page)")
        let byTerminal = fixture.run(amina, bidi: "terminal").lines
        #expect(byTerminal.contains { $0.hasSuffix(name) }, "\(byTerminal)")
        // Being edited, the name is in typing order, where the cursor counts; left, laid out.
        let editing = fixture.run(amina + keys("e") + [key(.tab)]).lines
        #expect(editing.contains { $0.contains("Local name") && $0.contains(name) }, "\(editing)")
        let left = fixture.run(amina + keys("e") + [key(.tab), key(.tab)]).lines
        #expect(left.contains { $0.contains("Local name") && $0.contains(laidOut) }, "\(left)")
    }

    @Test func anEarlyWarningOnTheDashboardWrapsRatherThanLoseItsEnd() throws {
        let fixture = try Fixture()
        try fixture.store.save(Meeting(title: "Peace committee session", start: OffsetDateTime("2026-11-20T10:00:00Z")!,
                                       earlyWarning: true, earlyWarningNote: "Reports of armed youth near the road at night"))
        // A note of pages takes three rows at most, ending in “…”.
        try fixture.store.save(Meeting(title: "Forum", start: OffsetDateTime("2026-11-19T10:00:00Z")!, earlyWarning: true,
                                       earlyWarningNote: String(repeating: "Shots heard again. ", count: 200)))
        let text = fixture.run([]).lines.joined(separator: "\n")
        #expect(text.contains("Reports of armed") && text.contains("night"), "\(text)")
        #expect(text.components(separatedBy: "Shots heard").count - 1 <= 6, "\(text)")
        let french = fixture.run([], language: "fr_FR.UTF-8").lines.joined(separator: "\n")
        #expect(french.contains("night"), "\(french)")
        #expect(fixture.run(keys("?"), language: "fr_FR.UTF-8").lines[1].contains("de tous les écrans"))
    }

    @Test func everyLabelledRowIsATabStopAndTheFooterSaysWhatEnterDoes() throws {
        let fixture = try Fixture()
        // A grievance from a meeting starts at who raised it; Shift-Tab reaches the meeting,
        // shown and kept, as a stop of its own.
        let form = fixture.run(keys("2") + [key(.enter), key(.character("G")), key(.backTab)]).lines
        let meetingRow = try #require(form.firstIndex { $0.contains("At meeting") })
        #expect(form[meetingRow].contains("(kept as"), "\(form[meetingRow])")
        #expect(form.last?.contains("Enter Next") == true, "\(form.last ?? "")")
        let onWho = fixture.run(keys("2") + [key(.enter), key(.character("G"))]).lines.last ?? ""
        #expect(onWho.contains("Enter Choose"), "\(onWho)")
        var s = Session(store: fixture.store, keyFolders: fixture.keyFolders, size: Size(width: 80, height: 24), startFolder: fixture.folder.path,
                        environment: ["LANG": "C.UTF-8"])
        for event in keys("2n") + tabKeys(from: "title", to: "summary", .meeting) { s.handle(event) }
        #expect(s.frame.buffer.lines.last?.contains("Enter New line") == true, "\(s.frame.buffer.lines.last ?? "")")
        // Enter on a box moves on and changes nothing, so that Enter pressed to go on never
        // raises an early warning or marks a follow-up done; Space ticks it.
        for event in tabKeys(from: "summary", to: "early_warning", .meeting) { s.handle(event) }
        #expect(s.frame.buffer.lines.last?.contains("Enter Next") == true, "\(s.frame.buffer.lines.last ?? "")")
        s.handle(key(.enter))
        #expect(s.state.forms.last?.fields.first { $0.key == "early_warning" }?.flag == false)
        #expect(s.state.forms.last?.focused.key == "early_warning_note")
        s.handle(key(.backTab))
        s.handle(key(.character(" ")))
        #expect(s.state.forms.last?.fields.first { $0.key == "early_warning" }?.flag == true)
    }

    @Test func aMeetingFormOffersWhoIsAtHandAndAddsUpItsHeadcount() throws {
        let fixture = try Fixture()
        var s = Session(store: fixture.store, keyFolders: fixture.keyFolders, size: Size(width: 80, height: 24), startFolder: fixture.folder.path,
                        environment: ["LANG": "C.UTF-8"])
        func press(_ events: [InputEvent]) { for event in events { s.handle(event) } }
        func field(_ key: String) -> FormField? { s.state.forms.last?.fields.first { $0.key == key } }
        press(keys("2n") + keys("Water committee") + tabKeys(from: "title", to: "place", .meeting)
              + [key(.control("u"))] + keys("Kadugli") + tabKeys(from: "place", to: "attendees", .meeting))
        // A new attendee typed in the picker: the new contact lives where the meeting is.
        press([key(.enter)] + keys("Nyandeng Deng") + [key(.enter)])
        #expect(s.state.forms.count == 2)
        #expect(field("community")?.value == "Kadugli")
        press([key(.control("s"))])
        #expect(s.state.forms.count == 1)
        // The headcount shows its total as it is typed.
        press(tabKeys(from: "attendees", to: "headcount.women", .meeting) + keys("12") + [key(.tab)] + keys("9"))
        #expect(s.frame.buffer.lines.contains { $0.contains("Headcount") && $0.contains("Total 21") }, "\(s.frame.buffer.lines.joined(separator: "\n"))")
        // Who does a follow-up: the officer and the attendees are offered; anyone else is typed.
        let toAdd = tabKeys(from: "headcount.men", to: "follow_ups", .meeting)
        press(toAdd + [key(.enter)] + keys("Send the engineer") + [key(.enter), key(.enter)])
        let offered = try #require(s.state.picker).options.map(\.label)
        #expect(offered == ["Amina Yusuf", "Nyandeng Deng"], "\(offered)")
        press([key(.down), key(.enter)])
        #expect(field("follow_ups.owner")?.value == "Nyandeng Deng")
        press([key(.backTab)] + keys("WASH cluster") + [key(.enter)])
        #expect(field("follow_ups.owner")?.value == "WASH cluster")
    }

    @Test func typingOverAValueFilledInReplacesIt() throws {
        let fixture = try Fixture()
        // The start of a new meeting is filled in with "now"; typing a time replaces it.
        var s = Session(store: fixture.store, keyFolders: fixture.keyFolders, size: Size(width: 80, height: 24), startFolder: fixture.folder.path,
                        environment: ["LANG": "C.UTF-8"])
        for event in keys("2n") + keys("Market") + [key(.tab), key(.tab)] + keys("yesterday 9:00") {
            s.handle(event)
        }
        let start = try #require(s.state.forms.last?.fields.first { $0.key == "start" })
        #expect(start.text.text == "yesterday 9:00", "not “nowyesterday 9:00”")
        // Once the officer has moved in it, typing adds, as in any field.
        for event in [key(.left)] + keys("1") { s.handle(event) }
        let edited = try #require(s.state.forms.last?.fields.first { $0.key == "start" })
        #expect(edited.text.text == "yesterday 9:010")
        // A name typed in a picker is the officer's: typing goes on after it.
        let opened = EffectRunner(store: fixture.store, keyFolders: fixture.keyFolders).perform(.openForm(.new(.contact, name: "Fatima", returnTo: .attendee)))
        guard case .formOpened(let form, _)? = opened.first else {
            Issue.record("the contact form opens: \(opened)")
            return
        }
        #expect(form.fields.first { $0.key == "name" }?.prefilled == nil)
    }
}

extension FieldFitnessTests {
    @Test func aTextFieldsFooterSaysCtrlUClearsIt() throws {
        let fixture = try Fixture()
        for language in ["C.UTF-8", "fr_FR.UTF-8"] {
            let footer = fixture.run(keys("2n"), language: language).lines.last ?? ""
            #expect(footer.contains("Ctrl-U"), "\(language): \(footer)")
            #expect(footer.contains("Ctrl-S"), "\(language): \(footer)")
        }
        let onKind = fixture.run(keys("2n") + [key(.tab)]).lines.last ?? ""
        #expect(!onKind.contains("Ctrl-U"), "not on a field chosen from a list: \(onKind)")
    }
}

extension FieldFitnessTests {
    @Test func severityFollowsTheCategoryUntilTheOfficerChoosesIt() throws {
        let fixture = try Fixture()
        var s = Session(store: fixture.store, keyFolders: fixture.keyFolders, size: Size(width: 80, height: 24), startFolder: fixture.folder.path,
                        environment: ["LANG": "C.UTF-8"])
        func severity() -> String? { s.state.forms.last?.fields.first { $0.key == "severity" }?.code }
        // A new grievance; the Severity picker is opened and closed with Esc, then left.
        for event in keys("4n") + tabKeys(from: "raised_on", to: "severity", .grievance) + [key(.enter), key(.escape), key(.tab)] {
            s.handle(event)
        }
        #expect(s.frame.buffer.lines.contains { $0.contains("from the category") }, "the form says where it comes from")
        // The category is chosen afterwards: the severity still follows it, and the form says so.
        for event in [key(.backTab), key(.backTab)] + keys("prot") + [key(.enter)] { s.handle(event) }
        #expect(s.state.forms.last?.fields.first { $0.key == "category" }?.code == "protection_concern")
        #expect(severity() == "high", "a protection concern is high, not left low")
        #expect(s.state.status?.text.contains("From the category") == true, "\(s.state.status?.text ?? "")")
        // Once the officer chooses a severity, a new category leaves it.
        for event in [key(.enter)] + keys("crit") + [key(.enter)] { s.handle(event) }
        #expect(severity() == "critical")
        for event in [key(.backTab), key(.backTab)] + keys("other") + [key(.enter)] { s.handle(event) }
        #expect(severity() == "critical", "the officer's choice stays")
    }
}
