import LiaisonCore
import TerminalKit

/// Everything a key can ask for. Keys map to commands through the tables below, and the
/// same tables write the footer and the help screen.
public enum Command: Sendable, Hashable {
    case quit, quitNow, back, help, refresh
    case nextTab, previousTab
    case showTab(Tab)
    case up, down, pageUp, pageDown, first, last
    case open
    case search, filter, sortNext, sortReverse
    /// Flips a choice, or offers the next one.
    case toggle
    /// Records: make, edit, delete, take back the last change.
    case new, edit, delete, undo
    /// From a meeting or a contact: log a grievance or feedback raised there.
    case logGrievance, logFeedback
    /// Grievance actions: a workflow move, and the loop closed.
    case moveGrievance, closeLoop
    /// Marks the follow-up action under the cursor done, or open again.
    case markDone
    case showFollowUps
    /// On a record's page: the next or the previous line that opens a record.
    case nextLink, previousLink
    /// In forms.
    case nextField, previousField, save, editOutside, removeRow, removeAttendee
    /// In questions: yes; keep my version; take the other one; throw a draft away.
    case confirm, keepMine, takeTheirs, throwAway
    /// The vault: unlock it (or lock it, or make one); destroy its keys.
    case vault, wipe
    /// At base: imports bundles from a path typed; shows the conflicts waiting; completes
    /// the name of a folder or bundle being typed.
    case importBundles, showConflicts, completeName
    /// Editing a line of text.
    case text(TextCommand)
}

extension Command {
    /// Whether the command does something on a record of this kind's page: logging from a
    /// meeting or a contact, moving a grievance, marking a meeting's follow-up done.
    func works(on kind: RecordKind) -> Bool {
        switch self {
        case .logGrievance, .logFeedback: kind == .meeting || kind == .contact
        case .moveGrievance, .closeLoop: kind == .grievance
        case .markDone: kind == .meeting
        default: true
        }
    }
}

/// What a key does to the line of text being typed.
public enum TextCommand: Sendable, Hashable {
    case left, right, start, end, deleteBackward, deleteForward, deleteToStart, deleteToEnd, deleteWord
}

/// A key binding with the words that explain it.
public struct Binding: Sendable {
    public let keys: [Key]
    public let command: Command
    /// The catalogue key of what the command does, for the help screen.
    public let help: String
    /// The catalogue key of the short name in the footer; nil keeps it out of the footer.
    public let footer: String?

    init(_ keys: [Key], _ command: Command, _ help: String, footer: String? = nil) {
        self.keys = keys
        self.command = command
        self.help = help
        self.footer = footer
    }

    /// The keys as help shows them: `j ↓`.
    public var keyLabel: String { keys.map(\.label).joined(separator: " ") }

    /// What the command does, in the catalogue's language.
    public func help(_ words: Catalogue) -> String { words.text(help) }

    /// The short name in the footer, in the catalogue's language; nil when it has none.
    public func footer(_ words: Catalogue) -> String? {
        let key: String? = footer
        return key.map { words.text($0) }
    }
}

/// One key of a footer: the keys as shown, what they do in a word, and the command, by which
/// a screen adjusts its footer (a picker of one choice drops Space).
public typealias FooterKey = (keys: String, label: String, command: Command)

/// The screens that have keys of their own.
public enum KeyContext: String, Sendable, CaseIterable {
    case dashboard, list, detail, followUps, form, text, picker, export, folder, help, menu, search, welcome, conflicts
    case importPath, importReport
    case deleteQuestion, discardQuestion, conflictQuestion, draftsQuestion, quitQuestion, vaultQuestion, wipeQuestion

    /// The name of the screen, in the catalogue's language.
    public func title(_ words: Catalogue) -> String {
        let key = switch self {
        case .dashboard: "keys.context.dashboard"
        case .list: "keys.context.list"
        case .detail: "keys.context.detail"
        case .followUps: "keys.context.follow_ups"
        case .form: "keys.context.form"
        case .picker: "keys.context.picker"
        case .export: "keys.context.export"
        case .help: "keys.context.help"
        case .menu: "keys.context.menu"
        case .text: "keys.context.text"
        case .search: "keys.context.search"
        case .folder: "keys.context.folder"
        case .welcome: "keys.context.welcome"
        case .conflicts: "keys.context.conflicts"
        case .importPath: "keys.context.import_path"
        case .importReport: "keys.context.import_report"
        case .deleteQuestion: "keys.context.delete_question"
        case .discardQuestion: "keys.context.discard_question"
        case .conflictQuestion: "keys.context.conflict_question"
        case .draftsQuestion: "keys.context.drafts_question"
        case .quitQuestion: "keys.context.quit_question"
        case .vaultQuestion: "keys.context.vault_question"
        case .wipeQuestion: "keys.context.wipe_question"
        }
        return words.text(key)
    }

    /// Screens where letters are typed or answer a question, so the keys of every screen
    /// do not apply.
    var isTyping: Bool {
        switch self {
        case .form, .text, .picker, .search, .folder, .welcome, .deleteQuestion, .discardQuestion, .conflictQuestion,
             .draftsQuestion, .quitQuestion, .vaultQuestion, .wipeQuestion, .importPath, .importReport: true
        default: false
        }
    }
}

/// The key tables: one per screen, then the global one, looked up in that order. The words
/// are catalogue keys (`Resources/strings/<code>/keys.json`), worded where they are shown.
public enum KeyTable {
    static let movement: [Binding] = [
        Binding([.character("j"), .down], .down, "keys.move.down", footer: "keys.footer.move"),
        Binding([.character("k"), .up], .up, "keys.move.up"),
        Binding([.pageDown, .control("f")], .pageDown, "keys.move.page_down"),
        Binding([.pageUp, .control("b")], .pageUp, "keys.move.page_up"),
        Binding([.character("g"), .home], .first, "keys.move.first"),
        Binding([.character("G"), .end], .last, "keys.move.last"),
    ]

    static func changes(editFooter: String?) -> [Binding] { [
        Binding([.character("e")], .edit, "keys.record.edit", footer: editFooter),
        Binding([.character("d")], .delete, "keys.record.delete"),
        Binding([.character("u")], .undo, "keys.record.undo"),
    ] }

    public static func bindings(_ context: KeyContext) -> [Binding] {
        switch context {
        case .dashboard:
            movement + [
                Binding([.enter], .open, "keys.dashboard.open", footer: "keys.footer.open"),
                Binding([.character("n")], .new, "keys.dashboard.new", footer: "keys.footer.new_meeting"),
                Binding([.character("o")], .showFollowUps, "keys.dashboard.follow_ups", footer: "keys.footer.follow_ups"),
                Binding([.character("u")], .undo, "keys.record.undo"),
                Binding([.character("r")], .refresh, "keys.dashboard.refresh", footer: "keys.footer.refresh"),
            ]
        case .list:
            movement + [
                Binding([.enter], .open, "keys.list.open", footer: "keys.footer.open"),
                Binding([.character("n")], .new, "keys.list.new", footer: "keys.footer.new"),
            ] + changes(editFooter: nil) + [
                Binding([.character("/")], .search, "keys.list.search", footer: "keys.footer.search"),
                Binding([.character("f")], .filter, "keys.list.filter", footer: "keys.footer.filter"),
                Binding([.character("s")], .sortNext, "keys.list.sort", footer: "keys.footer.sort"),
                Binding([.character("S")], .sortReverse, "keys.list.reverse"),
                Binding([.character("r")], .refresh, "keys.list.refresh"),
                Binding([.escape], .back, "keys.list.clear"),
            ]
        case .detail:
            // G and F log from the record here; End goes to the last row. The footer leaves
            // moving to help, to make room for what works on the record.
            movement.map { Binding($0.keys.filter { $0 != .character("G") }, $0.command, $0.help) } + [
                Binding([.enter], .open, "keys.detail.follow", footer: "keys.footer.follow"),
                Binding([.tab], .nextLink, "keys.detail.next_link"),
                Binding([.backTab], .previousLink, "keys.detail.previous_link"),
                Binding([.escape, .backspace, .character("h"), .left], .back, "keys.go_back", footer: "keys.footer.back"),
            ] + changes(editFooter: "keys.footer.edit") + [
                Binding([.character("G")], .logGrievance, "keys.detail.log_grievance", footer: "keys.footer.log"),
                Binding([.character("F")], .logFeedback, "keys.detail.log_feedback"),
                Binding([.character("m")], .moveGrievance, "keys.detail.move_grievance", footer: "keys.footer.move_grievance"),
                Binding([.character("l")], .closeLoop, "keys.detail.close_loop", footer: "keys.footer.loop_closed"),
                Binding([.character("x"), .character(" ")], .markDone, "keys.detail.mark_done", footer: "keys.footer.done"),
                Binding([.character("r")], .refresh, "keys.detail.refresh"),
            ]
        case .followUps:
            movement + [
                Binding([.character("x"), .character(" ")], .markDone, "keys.follow_ups.mark_done", footer: "keys.footer.done"),
                Binding([.enter], .open, "keys.follow_ups.open", footer: "keys.footer.meeting"),
                Binding([.escape, .character("h"), .left], .back, "keys.go_back", footer: "keys.footer.back"),
                Binding([.character("r")], .refresh, "keys.follow_ups.refresh"),
            ]
        case .form:
            [
                Binding([.tab, .down], .nextField, "keys.form.next", footer: "keys.footer.next"),
                Binding([.backTab, .up], .previousField, "keys.field.previous"),
                Binding([.pageDown], .pageDown, "keys.form.page_down"),
                Binding([.pageUp], .pageUp, "keys.form.page_up"),
                Binding([.enter], .open, "keys.form.choose", footer: "keys.footer.choose"),
                Binding([.control("s")], .save, "keys.form.save", footer: "keys.footer.save"),
                Binding([.escape], .back, "keys.form.close", footer: "keys.footer.close"),
                Binding([.control("e")], .editOutside, "keys.form.editor", footer: "keys.footer.editor"),
                Binding([.character(" ")], .toggle, "keys.form.toggle"),
                Binding([.control("x")], .removeRow, "keys.form.remove_row"),
                Binding([.backspace, .delete], .removeAttendee, "keys.form.remove_attendee"),
                Binding([.control("g"), .character("G")], .logGrievance, "keys.form.log_grievance"),
                Binding([.control("f"), .character("F")], .logFeedback, "keys.form.log_feedback"),
                Binding([.function(1)], .help, "keys.form.help", footer: "keys.footer.help"),
            ]
        case .picker:
            [
                Binding([.down], .down, "keys.choice.next", footer: "keys.footer.move"),
                Binding([.up], .up, "keys.choice.previous"),
                Binding([.enter], .open, "keys.picker.choose", footer: "keys.footer.choose"),
                Binding([.character(" ")], .toggle, "keys.picker.tick", footer: "keys.footer.tick"),
                Binding([.escape], .back, "keys.choice.cancel", footer: "keys.footer.cancel"),
                Binding([.function(1)], .help, "keys.picker.help", footer: "keys.footer.help"),
            ]
        case .export:
            [
                Binding([.character("j"), .down], .down, "keys.choice.next", footer: "keys.footer.move"),
                Binding([.character("k"), .up], .up, "keys.choice.previous"),
                Binding([.enter], .open, "keys.export.choose", footer: "keys.footer.choose"),
                Binding([.character(" ")], .toggle, "keys.export.flip", footer: "keys.footer.flip"),
                Binding([.character("g"), .home], .first, "keys.export.first"),
                Binding([.character("G"), .end], .last, "keys.export.last"),
                Binding([.character("r")], .refresh, "keys.export.refresh"),
                Binding([.character("i")], .importBundles, "keys.export.import", footer: "keys.footer.import"),
                Binding([.character("c")], .showConflicts, "keys.export.conflicts"),
            ]
        case .help:
            [
                Binding([.character("j"), .down], .down, "keys.help.down"),
                Binding([.character("k"), .up], .up, "keys.help.up"),
                Binding([.pageDown, .character(" ")], .pageDown, "keys.help.page_down"),
                Binding([.pageUp], .pageUp, "keys.help.page_up"),
                Binding([.escape, .character("?"), .character("q")], .back, "keys.help.close", footer: "keys.footer.close"),
            ]
        case .menu:
            [
                Binding([.character("j"), .down], .down, "keys.choice.next", footer: "keys.footer.move"),
                Binding([.character("k"), .up], .up, "keys.choice.previous"),
                Binding([.enter], .open, "keys.menu.choose", footer: "keys.footer.choose"),
                Binding([.escape, .character("q")], .back, "keys.choice.cancel", footer: "keys.footer.cancel"),
            ]
        case .text:
            [
                Binding([.left], .text(.left), "keys.text.left"),
                Binding([.right], .text(.right), "keys.text.right"),
                Binding([.home, .control("a")], .text(.start), "keys.text.start"),
                Binding([.end, .control("e")], .text(.end), "keys.text.end"),
                Binding([.backspace], .text(.deleteBackward), "keys.text.delete_backward"),
                Binding([.delete, .control("d")], .text(.deleteForward), "keys.text.delete_forward"),
                Binding([.control("u")], .text(.deleteToStart), "keys.text.delete_to_start", footer: "keys.footer.clear"),
                Binding([.control("k")], .text(.deleteToEnd), "keys.text.delete_to_end"),
                Binding([.control("w")], .text(.deleteWord), "keys.text.delete_word"),
            ]
        case .folder:
            [
                Binding([.enter], .open, "keys.folder.keep", footer: "keys.footer.keep"),
                Binding([.escape], .back, "keys.folder.cancel", footer: "keys.footer.cancel"),
            ]
        case .search:
            [
                Binding([.enter], .open, "keys.search.keep", footer: "keys.footer.keep"),
                Binding([.escape], .back, "keys.search.clear", footer: "keys.footer.clear"),
                Binding([.down], .down, "keys.search.down"),
                Binding([.up], .up, "keys.search.up"),
                Binding([.pageDown], .pageDown, "keys.search.page_down"),
                Binding([.pageUp], .pageUp, "keys.search.page_up"),
            ]
        case .welcome:
            [
                Binding([.tab, .down], .nextField, "keys.welcome.next", footer: "keys.footer.next"),
                Binding([.backTab, .up], .previousField, "keys.field.previous"),
                Binding([.character(" ")], .toggle, "keys.welcome.demo", footer: "keys.footer.tick"),
                Binding([.enter], .open, "keys.welcome.start", footer: "keys.footer.start"),
                Binding([.escape, .control("c")], .back, "keys.welcome.quit", footer: "keys.footer.quit"),
            ]
        case .deleteQuestion:
            [
                Binding([.character("y"), .character("Y")], .confirm, "keys.delete.confirm", footer: "keys.footer.delete"),
                Binding([.escape, .character("n")], .back, "keys.delete.keep", footer: "keys.footer.keep"),
            ]
        case .discardQuestion:
            [
                Binding([.character("y"), .character("Y")], .confirm, "keys.discard.confirm", footer: "keys.footer.throw_away"),
                Binding([.character("s"), .control("s")], .save, "keys.form.save", footer: "keys.footer.save"),
                Binding([.escape, .character("n")], .back, "keys.question.back_to_form", footer: "keys.footer.back"),
            ]
        case .conflictQuestion:
            [
                Binding([.character("k")], .keepMine, "keys.conflict.keep_mine", footer: "keys.footer.keep_mine"),
                Binding([.character("t")], .takeTheirs, "keys.conflict.take_theirs", footer: "keys.footer.take_theirs"),
                Binding([.escape], .back, "keys.question.back_to_form", footer: "keys.footer.back"),
            ]
        case .draftsQuestion:
            [
                Binding([.character("j"), .down], .down, "keys.drafts.next", footer: "keys.footer.move"),
                Binding([.character("k"), .up], .up, "keys.drafts.previous"),
                Binding([.enter], .open, "keys.drafts.restore", footer: "keys.footer.restore"),
                Binding([.character("x")], .throwAway, "keys.drafts.throw_away", footer: "keys.footer.throw_away"),
                Binding([.escape], .back, "keys.drafts.later", footer: "keys.footer.later"),
            ]
        case .quitQuestion:
            [
                Binding([.character("y"), .character("Y")], .confirm, "keys.quit.confirm", footer: "keys.footer.quit"),
                Binding([.escape, .character("n")], .back, "keys.quit.back", footer: "keys.footer.back"),
            ]
        case .vaultQuestion:
            [
                Binding([.enter], .confirm, "keys.vault.confirm", footer: "keys.footer.unlock"),
                Binding([.escape], .back, "keys.vault.cancel", footer: "keys.footer.cancel"),
            ]
        case .wipeQuestion:
            [
                Binding([.enter], .confirm, "keys.wipe.confirm", footer: "keys.footer.wipe"),
                Binding([.escape], .back, "keys.wipe.cancel", footer: "keys.footer.keep"),
            ]
        case .conflicts:
            [
                Binding([.character("j"), .down], .down, "keys.conflicts.down", footer: "keys.footer.move"),
                Binding([.character("k"), .up], .up, "keys.conflicts.up"),
                Binding([.character("b"), .left], .keepMine, "keys.conflicts.base", footer: "keys.footer.base"),
                Binding([.character("f"), .right], .takeTheirs, "keys.conflicts.field", footer: "keys.footer.field"),
                Binding([.enter], .confirm, "keys.conflicts.resolve", footer: "keys.footer.resolve"),
                Binding([.character("n"), .pageDown], .pageDown, "keys.conflicts.next"),
                Binding([.character("p"), .pageUp], .pageUp, "keys.conflicts.previous"),
                Binding([.character("r")], .refresh, "keys.conflicts.refresh"),
                Binding([.escape, .character("h")], .back, "keys.go_back", footer: "keys.footer.back"),
            ]
        case .importPath:
            [
                Binding([.enter], .open, "keys.import_path.start", footer: "keys.footer.import_now"),
                Binding([.tab], .completeName, "keys.import_path.complete", footer: "keys.footer.complete"),
                Binding([.escape], .back, "keys.import_path.cancel", footer: "keys.footer.cancel"),
            ]
        case .importReport:
            [
                Binding([.character("j"), .down], .down, "keys.import_report.down", footer: "keys.footer.scroll"),
                Binding([.character("k"), .up], .up, "keys.import_report.up"),
                Binding([.pageDown, .character(" ")], .pageDown, "keys.import_report.next"),
                Binding([.pageUp], .pageUp, "keys.import_report.previous"),
                Binding([.home, .character("g")], .first, "keys.import_report.first"),
                Binding([.end, .character("G")], .last, "keys.import_report.last"),
                Binding([.enter, .escape], .confirm, "keys.import_report.close", footer: "keys.footer.close"),
            ]
        }
    }

    /// Keys that work on every screen but help and menus.
    public static let global: [Binding] = [
        Binding([.character("1")], .showTab(.dashboard), "keys.global.dashboard"),
        Binding([.character("2")], .showTab(.meetings), "keys.global.meetings"),
        Binding([.character("3")], .showTab(.contacts), "keys.global.contacts"),
        Binding([.character("4")], .showTab(.grievances), "keys.global.grievances"),
        Binding([.character("5")], .showTab(.feedback), "keys.global.feedback"),
        Binding([.character("6")], .showTab(.export), "keys.global.export"),
        Binding([.tab], .nextTab, "keys.global.next_tab"),
        Binding([.backTab], .previousTab, "keys.global.previous_tab"),
        Binding([.character("U")], .vault, "keys.global.vault"),
        Binding([.character("W")], .wipe, "keys.global.wipe"),
        Binding([.character("?"), .function(1)], .help, "keys.global.help", footer: "keys.footer.help"),
        Binding([.character("q")], .quit, "keys.global.quit", footer: "keys.footer.quit"),
        Binding([.character("Q")], .quitNow, "keys.global.quit_now"),
    ]

    /// Keys that work everywhere, forms and questions included.
    public static let always: [Binding] = [
        Binding([.control("c")], .quitNow, "keys.always.quit_now"),
    ]

    /// The command of a key on a screen: the screen's table first, then the global one.
    /// The command of a key in one table.
    public static func command(for key: Key, in table: [Binding]) -> Command? {
        table.first { $0.keys.contains(key) }?.command
    }

    /// The global keys that work on a screen: none where only the screen's own keys do (help,
    /// menus, typing), and never a key the screen binds itself (Tab on a record's page jumps
    /// between links rather than tabs).
    public static func global(for context: KeyContext) -> [Binding] { globalByContext[context] ?? [] }

    /// Worked out once, as keys are looked up on every keystroke and footers on every frame.
    private static let globalByContext: [KeyContext: [Binding]] = Dictionary(uniqueKeysWithValues: KeyContext.allCases.map {
        context in
        guard !(context == .help || context == .menu || context.isTyping) else { return (context, []) }
        let own = Set(bindings(context).flatMap(\.keys))
        return (context, global.compactMap { binding in
            let keys = binding.keys.filter { !own.contains($0) }
            return keys.isEmpty ? nil : Binding(keys, binding.command, binding.help, footer: binding.footer)
        })
    })

    public static func command(for key: Key, in context: KeyContext) -> Command? {
        let tables = [bindings(context), global(for: context)]
        for table in tables {
            if let binding = table.first(where: { $0.keys.contains(key) }) { return binding.command }
        }
        return nil
    }

    /// The footer of a screen: its own keys first, then the global ones. On a record's page,
    /// only the keys that work on a record of its `kind`.
    public static func footer(_ context: KeyContext, words: Catalogue = .standard(.en),
                              kind: RecordKind? = nil) -> [FooterKey] {
        let tables = bindings(context) + global(for: context)
        return tables.filter { binding in kind.map { binding.command.works(on: $0) } ?? true }.compactMap { binding in
            binding.footer(words).map { (footerKeys(binding, in: tables), $0, binding.command) }
        }
    }

    /// The keys shown in the footer for a binding; `j/k` for moving, the first key otherwise.
    private static func footerKeys(_ binding: Binding, in table: [Binding]) -> String {
        if binding.command == .down, table.contains(where: { $0.command == .up }) {
            return binding.keys.contains(.character("j")) ? "j/k" : "↑/↓"
        }
        if binding.command == .logGrievance, table.contains(where: { $0.command == .logFeedback }) { return "G/F" }
        return binding.keys[0].label
    }
}

extension KeyTable {
    /// The headings of the help screen over a screen: its own keys, then the typing keys
    /// (over a form) or those of every screen.
    static func helpHeadings(_ context: KeyContext, words: Catalogue) -> (screen: String, other: String) {
        let other = context == .form ? words.text("keys.help.typing_keys") : words.text("keys.help.every_screen_keys")
        return (words.text("keys.help.screen_keys", ["title": context.title(words)]), other)
    }

    /// The keys section of the README, written in English from the same tables as the
    /// footer and help.
    public static var markdown: String {
        let words = Catalogue.standard(.en)
        var out = ""
        let sections: [(String, [Binding])] = [
            (words.text("keys.section.everywhere"), always), (words.text("keys.section.every_screen"), global),
        ] + KeyContext.allCases.map { ($0.title(words), bindings($0)) }
        for (title, table) in sections {
            out += "\n**\(title)**\n\n| keys | what they do |\n| --- | --- |\n"
            for binding in table {
                let keys = binding.keys.map { "`\($0.label == "`" ? "backtick" : $0.label)`" }.joined(separator: " ")
                let help: String = binding.help(words)
                out += "| \(keys) | \(help.replacingOccurrences(of: "|", with: "\\|")) |\n"
            }
        }
        return out
    }
}
