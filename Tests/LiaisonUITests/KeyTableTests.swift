import Foundation
import LiaisonCore
import TerminalKit
import Testing
@testable import LiaisonUI

struct KeyTableTests {
    @Test func noKeyMeansTwoThingsOnOneScreen() {
        for context in KeyContext.allCases {
            let keys = (KeyTable.bindings(context) + KeyTable.global(for: context)).flatMap(\.keys)
            #expect(Set(keys).count == keys.count, "\(context) binds a key twice")
        }
    }

    @Test func aScreenKeyWinsOverAGlobalOne() {
        #expect(KeyTable.command(for: .escape, in: .detail) == .back)
        #expect(KeyTable.command(for: .character("q"), in: .help) == .back)
        #expect(KeyTable.command(for: .character("q"), in: .list) == .quit)
        #expect(KeyTable.command(for: .character("3"), in: .detail) == .showTab(.contacts))
        #expect(KeyTable.command(for: .character("3"), in: .menu) == nil, "menus take only their own keys")
        #expect(KeyTable.command(for: .character("x"), in: .list) == nil)
        #expect(KeyTable.command(for: .tab, in: .list) == .nextTab)
        #expect(KeyTable.command(for: .tab, in: .detail) == .nextLink, "a page's Tab jumps between its links")
    }

    @Test func theFooterAndHelpComeFromTheTables() {
        let footer = KeyTable.footer(.list)
        #expect(footer.map(\.keys) == ["j/k", "Enter", "n", "/", "f", "s", "?", "q"])
        #expect(footer.map(\.label) == ["Move", "Open", "New", "Search", "Filter", "Sort", "Help", "Quit"])
        #expect(KeyTable.footer(.detail, kind: .meeting).map(\.keys) == ["Enter", "Esc", "e", "G/F", "x", "?", "q"])
        #expect(KeyTable.footer(.detail, kind: .grievance).map(\.keys) == ["Enter", "Esc", "e", "m", "l", "?", "q"])
        #expect(KeyTable.footer(.detail, kind: .feedback).map(\.keys) == ["Enter", "Esc", "e", "?", "q"])
        #expect(KeyTable.footer(.form).map(\.keys) == ["Tab", "Enter", "Ctrl-S", "Esc", "Ctrl-E", "F1"])
        #expect(KeyTable.footer(.deleteQuestion).map(\.keys) == ["y", "Esc"])
        let help = HelpScreen.lines(.list)
        #expect(help.screen.count == KeyTable.bindings(.list).count)
        #expect(help.screen.contains { $0.0 == "PgDn Ctrl-F" && $0.1 == "Page down" })
        #expect(help.global.count == KeyTable.global.count)
    }

    @Test func everyCommandOfTheListsHasAKeyAndWords() {
        let words = Catalogue.standard(.en)
        for binding in KeyTable.bindings(.list) + KeyTable.global {
            #expect(!binding.keys.isEmpty && !binding.help(words).isEmpty)
        }
        #expect(KeyTable.bindings(.list)[0].help(words) == "Move down")
        #expect(KeyTable.bindings(.list)[0].footer(words) == "Move")
        #expect(KeyContext.followUps.title(words) == "Follow-up actions")
        #expect(Key.control("s").label == "Ctrl-S")
        #expect(Key.backTab.label == "Shift-Tab")
    }

    @Test func everyWordOfTheTablesIsInEveryLanguage() {
        let tables = KeyContext.allCases.map { KeyTable.bindings($0) } + [KeyTable.global, KeyTable.always]
        for language in Language.allCases {
            let keys = Catalogue.keys(language)
            for binding in tables.joined() {
                let help: String = binding.help
                #expect(keys.contains(help), "\(language) lacks \(help)")
                if let footer = binding.footer { #expect(keys.contains(footer), "\(language) lacks \(footer)") }
            }
            let words = Catalogue.standard(language)
            for context in KeyContext.allCases {
                #expect(!context.title(words).hasPrefix("keys."), "\(language) names \(context)")
            }
        }
    }

    @Test func everyFooterFitsEightyColumnsInEveryLanguage() {
        for language in Language.allCases {
            // A record's page shows the keys of its kind.
            let screens = KeyContext.allCases.filter { $0 != .detail }.map { ($0, RecordKind?.none) }
                + RecordKind.allCases.map { (KeyContext.detail, Optional($0)) }
            for (context, kind) in screens {
                let footer = KeyTable.footer(context, words: .standard(language), kind: kind)
                let width = footer.reduce(1) { (total: Int, item: FooterKey) -> Int in
                    total + CellWidth.of(item.keys) + CellWidth.of(item.label) + 3
                }
                #expect(width <= 80, "\(language) \(context): \(footer.map { "\($0.keys) \($0.label)" })")
                for (_, label, _) in footer { #expect(label.count <= 13, "\(language) footer “\(label)”") }
            }
        }
    }
}

struct LineEditorTests {
    @Test func theCursorMovesByCharacterInEveryScript() {
        var editor = LineEditor("Café 张伟")
        #expect(editor.cursor == 7)
        _ = editor.handle(.left)
        _ = editor.handle(.backspace)
        #expect(editor.text == "Café 伟")
        _ = editor.handle(.home)
        _ = editor.handle(.right)
        _ = editor.handle(.right)
        _ = editor.handle(.right)
        _ = editor.handle(.delete)
        #expect(editor.text == "Caf 伟", "the accented letter goes whole")
    }

    @Test func aCombiningMarkJoinsTheLetterBeforeIt() {
        var editor = LineEditor("Jose")
        editor.insert("\u{301}")
        #expect(editor.text == "José")
        #expect(editor.cursor == 4)
        _ = editor.handle(.backspace)
        #expect(editor.text == "Jos")
    }

    @Test func wordAndLineDeletionWork() {
        var editor = LineEditor("Amina Yusuf Ali")
        _ = editor.handle(.control("w"))
        #expect(editor.text == "Amina Yusuf ")
        _ = editor.handle(.control("a"))
        _ = editor.handle(.control("k"))
        #expect(editor.text.isEmpty)
        editor = LineEditor("abc")
        _ = editor.handle(.left)
        _ = editor.handle(.control("u"))
        #expect(editor.text == "c" && editor.cursor == 0)
    }

    @Test func longTextScrollsSoTheCursorShows() {
        let editor = LineEditor("张伟张伟张伟张伟张伟")
        let (text, cursorX) = editor.visible(width: 9)
        #expect(CellWidth.of(text) <= 9)
        #expect(cursorX == CellWidth.of(text))
        #expect(cursorX <= 8, "the cursor cell stays inside the field")
        #expect(text.hasSuffix("伟"))
    }
}

struct ReadmeKeysTests {
    @Test func theReadmeListsTheKeysOfTheTables() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let begin = try #require(text.range(of: "<!-- keys:begin -->\n"))
        let end = try #require(text.range(of: "<!-- keys:end -->"))
        let section = String(text[begin.upperBound..<end.lowerBound])
        #expect(section == KeyTable.markdown, "Replace the README's keys section with:\n\(KeyTable.markdown)")
    }
}

/// One stack of layers decides what is on top; keys, the footer, help and drawing agree.
struct LayerStackTests {
    @Test func helpOverTheFollowUpListShowsItsKeysAndGoesBackToIt() throws {
        let fixture = try Fixture()
        let screen = fixture.run([key(.character("o")), key(.character("?"))])
        let text = screen.lines.joined(separator: "\n")
        #expect(text.contains("Keys of this screen (Follow-up") && text.contains("Mark the follow-up"), "\(text)")
        let back = fixture.run([key(.character("o")), key(.character("?")), key(.escape)])
        #expect(back.lines[1].contains("Follow-up actions"), "Esc closes help and shows the list again")
    }

    @Test func underADeleteQuestionTheFooterShowsTheQuestionsKeys() throws {
        let fixture = try Fixture()
        let screen = fixture.run(keys("2") + [key(.character("d"))])
        let footer = screen.lines[screen.lines.count - 1]
        #expect(footer.contains("y Delete") && footer.contains("Esc Keep"), "footer: \(footer)")
        #expect(!footer.contains("Search"), "not the list's keys beneath")
    }

    @Test func helpOpensOverAFormWithF1AndListsTheTypingKeys() throws {
        let fixture = try Fixture()
        let screen = fixture.run(keys("2") + [key(.character("n")), key(.function(1))])
        let text = screen.lines.joined(separator: "\n")
        #expect(text.contains("Keys of this screen (Forms)"), "\(text)")
        #expect(text.contains("Ctrl-U"))
        let back = fixture.run(keys("2") + [key(.character("n")), key(.function(1)), key(.escape)])
        #expect(back.lines[1].contains("New meeting"), "Esc closes help and the form is there as it was")
        // `?` types into a text field, and opens help on a field where nothing is typed.
        let typed = fixture.run(keys("2n") + keys("Why?"))
        #expect(typed.lines.contains { $0.contains("Why?") })
        let onKind = fixture.run(keys("2n") + [key(.tab)] + keys("?"))
        #expect(onKind.lines.joined().contains("Keys of this screen (Forms)"))
    }

    @Test func theStackKeepsItsOrderWhenTheFormUnderAPickerChanges() {
        var state = AppState(size: Size(width: 80, height: 24), today: Day("2026-11-21")!, taxonomies: .standard)
        let form = RecordForms.form(new: .meeting, FormDefaults(now: OffsetDateTime("2026-11-21T10:00:00Z")!))
        state.forms.append(form)
        state.picker = PickerState(title: "Kind", options: [], purpose: .field(1))
        state.topForm?.title = "Changed"
        #expect(state.layers.count == 2)
        if case .picker = state.top {} else { Issue.record("the picker stays on top") }
        #expect(state.forms.last?.title == "Changed")
        #expect(state.keyContext == .picker)
        state.picker = nil
        #expect(state.keyContext == .form)
        state.forms = []
        #expect(state.layers.isEmpty && state.keyContext == .dashboard)
    }
}
