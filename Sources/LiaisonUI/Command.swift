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
    /// In forms.
    case nextField, previousField, save, editOutside, removeRow
    /// In questions: yes; keep my version; take the other one; throw a draft away.
    case confirm, keepMine, takeTheirs, throwAway
    /// Editing a line of text.
    case text(TextCommand)
}

/// What a key does to the line of text being typed.
public enum TextCommand: Sendable, Hashable {
    case left, right, start, end, deleteBackward, deleteForward, deleteToStart, deleteToEnd, deleteWord
}

/// A key binding with the words that explain it.
public struct Binding: Sendable {
    public let keys: [Key]
    public let command: Command
    /// What the command does, for the help screen.
    public let help: String
    /// The short name in the footer; nil keeps it out of the footer.
    public let footer: String?

    init(_ keys: [Key], _ command: Command, _ help: String, footer: String? = nil) {
        self.keys = keys
        self.command = command
        self.help = help
        self.footer = footer
    }

    /// The keys as help shows them: `j ↓`.
    public var keyLabel: String { keys.map(\.label).joined(separator: " ") }
}

/// The screens that have keys of their own.
public enum KeyContext: String, Sendable, CaseIterable {
    case dashboard, list, detail, followUps, form, text, picker, export, folder, help, menu, search, welcome
    case deleteQuestion, discardQuestion, conflictQuestion, draftsQuestion, quitQuestion

    public var title: String {
        switch self {
        case .dashboard: "Dashboard"
        case .list: "Lists"
        case .detail: "Record"
        case .followUps: "Follow-up actions"
        case .form: "Forms"
        case .picker: "Pickers"
        case .export: "Export"
        case .help: "Help"
        case .menu: "Menus"
        case .text: "Typing text (forms, search, welcome)"
        case .search: "Searching a list"
        case .folder: "Typing the export folder"
        case .welcome: "Welcome"
        case .deleteQuestion: "Delete this record?"
        case .discardQuestion: "Throw the changes away?"
        case .conflictQuestion: "Saved elsewhere meanwhile"
        case .draftsQuestion: "Drafts left unsaved"
        case .quitQuestion: "Quit without setting up?"
        }
    }

    /// Screens where letters are typed or answer a question, so the keys of every screen
    /// do not apply.
    var isTyping: Bool {
        switch self {
        case .form, .text, .picker, .search, .folder, .welcome, .deleteQuestion, .discardQuestion, .conflictQuestion,
             .draftsQuestion, .quitQuestion: true
        default: false
        }
    }
}

/// The key tables: one per screen, then the global one, looked up in that order.
public enum KeyTable {
    static let movement: [Binding] = [
        Binding([.character("j"), .down], .down, "Move down", footer: "Move"),
        Binding([.character("k"), .up], .up, "Move up"),
        Binding([.pageDown, .control("f")], .pageDown, "Page down"),
        Binding([.pageUp, .control("b")], .pageUp, "Page up"),
        Binding([.character("g"), .home], .first, "Go to the first row"),
        Binding([.character("G"), .end], .last, "Go to the last row"),
    ]

    static func changes(editFooter: String?) -> [Binding] { [
        Binding([.character("e")], .edit, "Edit the record", footer: editFooter),
        Binding([.character("d")], .delete, "Delete the record (asks first; u brings it back)"),
        Binding([.character("u")], .undo, "Undo the last edit, delete or new record of this session"),
    ] }

    public static func bindings(_ context: KeyContext) -> [Binding] {
        switch context {
        case .dashboard:
            movement + [
                Binding([.enter], .open, "Open the list behind the figure", footer: "Open"),
                Binding([.character("n")], .new, "Log a new meeting", footer: "New meeting"),
                Binding([.character("o")], .showFollowUps, "Every follow-up action, to mark them done",
                        footer: "Follow-ups"),
                Binding([.character("u")], .undo, "Undo the last edit, delete or new record of this session"),
                Binding([.character("r")], .refresh, "Work the figures out again", footer: "Refresh"),
            ]
        case .list:
            movement + [
                Binding([.enter], .open, "Open the record", footer: "Open"),
                Binding([.character("n")], .new, "Make a new record of this list", footer: "New"),
            ] + changes(editFooter: nil) + [
                Binding([.character("/")], .search, "Search as you type (Enter keeps it, Esc clears it)",
                        footer: "Search"),
                Binding([.character("f")], .filter, "Choose a quick filter", footer: "Filter"),
                Binding([.character("s")], .sortNext, "Sort by the next column", footer: "Sort"),
                Binding([.character("S")], .sortReverse, "Reverse the sort"),
                Binding([.character("r")], .refresh, "Read the list again"),
                Binding([.escape], .back, "Clear the search and filter"),
            ]
        case .detail:
            // G and F log from the record here; End goes to the last row.
            movement.map { Binding($0.keys.filter { $0 != .character("G") }, $0.command, $0.help, footer: $0.footer) } + [
                Binding([.enter], .open, "Follow the link on this line", footer: "Follow"),
                Binding([.escape, .backspace, .character("h"), .left], .back, "Go back", footer: "Back"),
            ] + changes(editFooter: "Edit") + [
                Binding([.character("G")], .logGrievance,
                        "Log a grievance raised at this meeting (by the attendee under the cursor) or by this contact",
                        footer: "Log"),
                Binding([.character("F")], .logFeedback, "Log feedback given at this meeting or by this contact"),
                Binding([.character("m")], .moveGrievance,
                        "Move this grievance: acknowledge, start, refer, resolve, close, reject, reopen"),
                Binding([.character("l")], .closeLoop, "Record that the community was told the outcome (loop closed)"),
                Binding([.character("x"), .character(" ")], .markDone, "Mark the follow-up action under the cursor done, or open"),
                Binding([.character("r")], .refresh, "Read the record again"),
            ]
        case .followUps:
            movement + [
                Binding([.character("x"), .character(" ")], .markDone, "Mark the follow-up action done, or open again",
                        footer: "Done"),
                Binding([.enter], .open, "Open its meeting", footer: "Meeting"),
                Binding([.escape, .character("h"), .left], .back, "Go back", footer: "Back"),
                Binding([.character("r")], .refresh, "Read the follow-up actions again"),
            ]
        case .form:
            [
                Binding([.tab, .down], .nextField, "Next field (↓ moves between lines in text)", footer: "Next"),
                Binding([.backTab, .up], .previousField, "Previous field"),
                Binding([.pageDown], .pageDown, "A page of fields down"),
                Binding([.pageUp], .pageUp, "A page of fields up"),
                Binding([.enter], .open, "Choose from a list; tick; next field; a new line in text", footer: "Choose"),
                Binding([.control("s")], .save, "Save the form", footer: "Save"),
                Binding([.escape], .back, "Close the form (asks before throwing changes away)", footer: "Close"),
                Binding([.control("e")], .editOutside, "Edit a text of several lines in $VISUAL or $EDITOR", footer: "Editor"),
                Binding([.character(" ")], .toggle, "Tick a yes-or-no field; open the list of a field chosen from one"),
                Binding([.control("x"), .backspace, .delete], .removeRow,
                        "Remove the attendee or follow-up action under the cursor (Backspace and Delete on an attendee)"),
                Binding([.control("g"), .character("G")], .logGrievance,
                        "Save the meeting, then log a grievance raised at it (G on an attendee: raised by them)"),
                Binding([.control("f"), .character("F")], .logFeedback,
                        "Save the meeting, then log feedback given at it (F on an attendee: given by them)"),
                Binding([.function(1)], .help, "Show the keys of forms and of typing text", footer: "Help"),
            ]
        case .picker:
            [
                Binding([.down], .down, "Next choice", footer: "Move"),
                Binding([.up], .up, "Previous choice"),
                Binding([.enter], .open, "Choose (keeps the ticks of a list that takes several)", footer: "Choose"),
                Binding([.character(" ")], .toggle, "Tick or untick, in a list that takes several", footer: "Tick"),
                Binding([.escape], .back, "Close without choosing", footer: "Cancel"),
                Binding([.function(1)], .help, "Show the keys of pickers", footer: "Help"),
            ]
        case .export:
            [
                Binding([.character("j"), .down], .down, "Next choice", footer: "Move"),
                Binding([.character("k"), .up], .up, "Previous choice"),
                Binding([.enter], .open, "Type the folder; flip a choice; start the export", footer: "Choose"),
                Binding([.character(" ")], .toggle, "Flip a choice; on the folder, offer the next mounted drive",
                        footer: "Flip"),
                Binding([.character("g"), .home], .first, "Go to the folder"),
                Binding([.character("G"), .end], .last, "Go to Export now"),
                Binding([.character("r")], .refresh, "Read what waits to be exported again"),
            ]
        case .help:
            [
                Binding([.character("j"), .down], .down, "Scroll down"),
                Binding([.character("k"), .up], .up, "Scroll up"),
                Binding([.escape, .character("?"), .character("q")], .back, "Close help", footer: "Close"),
            ]
        case .menu:
            [
                Binding([.character("j"), .down], .down, "Next choice", footer: "Move"),
                Binding([.character("k"), .up], .up, "Previous choice"),
                Binding([.enter], .open, "Choose", footer: "Choose"),
                Binding([.escape, .character("q")], .back, "Close without choosing", footer: "Cancel"),
            ]
        case .text:
            [
                Binding([.left], .text(.left), "Move back a character"),
                Binding([.right], .text(.right), "Move on a character"),
                Binding([.home, .control("a")], .text(.start), "Go to the start of the line"),
                Binding([.end, .control("e")], .text(.end), "Go to the end of the line (Ctrl-E on a text of several lines opens the editor)"),
                Binding([.backspace], .text(.deleteBackward), "Delete the character before the cursor"),
                Binding([.delete, .control("d")], .text(.deleteForward), "Delete the character under the cursor"),
                Binding([.control("u")], .text(.deleteToStart), "Clear the line up to the cursor", footer: "Clear"),
                Binding([.control("k")], .text(.deleteToEnd), "Delete from the cursor to the end of the line"),
                Binding([.control("w")], .text(.deleteWord), "Delete the word before the cursor"),
            ]
        case .folder:
            [
                Binding([.enter], .open, "Keep the folder typed", footer: "Keep"),
                Binding([.escape], .back, "Put back the folder as it was", footer: "Cancel"),
            ]
        case .search:
            [
                Binding([.enter], .open, "Keep the search and go back to the list", footer: "Keep"),
                Binding([.escape], .back, "Clear the search", footer: "Clear"),
                Binding([.down], .down, "Leave the search and move down the list"),
                Binding([.up], .up, "Leave the search and move up the list"),
                Binding([.pageDown], .pageDown, "Leave the search and page down"),
                Binding([.pageUp], .pageUp, "Leave the search and page up"),
            ]
        case .welcome:
            [
                Binding([.tab, .down], .nextField, "Next field", footer: "Next"),
                Binding([.backTab, .up], .previousField, "Previous field"),
                Binding([.character(" ")], .toggle, "Tick or untick loading the demo data", footer: "Tick"),
                Binding([.enter], .open, "Next field; on Start, set up the device", footer: "Start"),
                Binding([.escape, .control("c")], .back, "Quit (asks first when something is typed)", footer: "Quit"),
            ]
        case .deleteQuestion:
            [
                Binding([.character("y"), .character("Y")], .confirm, "Delete it (u brings it back)", footer: "Delete"),
                Binding([.escape, .character("n")], .back, "Keep it (so does any other key)", footer: "Keep"),
            ]
        case .discardQuestion:
            [
                Binding([.character("y"), .character("Y")], .confirm, "Throw the changes away", footer: "Throw away"),
                Binding([.character("s"), .control("s")], .save, "Save the form", footer: "Save"),
                Binding([.escape, .character("n")], .back, "Go back to the form (so does any other key)", footer: "Back"),
            ]
        case .conflictQuestion:
            [
                Binding([.character("k")], .keepMine, "Keep your version, saved over the other", footer: "Keep mine"),
                Binding([.character("t")], .takeTheirs, "Take the other version and close the form", footer: "Take theirs"),
                Binding([.escape], .back, "Go back to the form (so does any other key)", footer: "Back"),
            ]
        case .draftsQuestion:
            [
                Binding([.character("j"), .down], .down, "Next draft", footer: "Move"),
                Binding([.character("k"), .up], .up, "Previous draft"),
                Binding([.enter], .open, "Restore the draft as it was", footer: "Restore"),
                Binding([.character("x")], .throwAway, "Throw the draft away", footer: "Throw away"),
                Binding([.escape], .back, "Keep the drafts for the next start", footer: "Later"),
            ]
        case .quitQuestion:
            [
                Binding([.character("y"), .character("Y")], .confirm, "Quit without setting up", footer: "Quit"),
                Binding([.escape, .character("n")], .back, "Go back to the welcome screen (so does any other key)",
                        footer: "Back"),
            ]
        }
    }

    /// Keys that work on every screen but help and menus.
    public static let global: [Binding] = [
        Binding([.character("1")], .showTab(.dashboard), "Dashboard"),
        Binding([.character("2")], .showTab(.meetings), "Meetings"),
        Binding([.character("3")], .showTab(.contacts), "Contacts"),
        Binding([.character("4")], .showTab(.grievances), "Grievances"),
        Binding([.character("5")], .showTab(.feedback), "Feedback"),
        Binding([.character("6")], .showTab(.export), "Export"),
        Binding([.tab], .nextTab, "Next tab"),
        Binding([.backTab], .previousTab, "Previous tab"),
        Binding([.character("?"), .function(1)], .help, "Show every key", footer: "Help"),
        Binding([.character("q")], .quit, "Go back; quit from the top of a tab", footer: "Quit"),
        Binding([.character("Q")], .quitNow, "Quit from anywhere"),
    ]

    /// Keys that work everywhere, forms and questions included.
    public static let always: [Binding] = [
        Binding([.control("c")], .quitNow, "Quit from anywhere; open forms are kept as drafts, offered at the next start"),
    ]

    /// The command of a key on a screen: the screen's table first, then the global one.
    /// The command of a key in one table.
    public static func command(for key: Key, in table: [Binding]) -> Command? {
        table.first { $0.keys.contains(key) }?.command
    }

    public static func command(for key: Key, in context: KeyContext) -> Command? {
        let tables = context == .help || context == .menu || context.isTyping ? [bindings(context)] : [bindings(context), global]
        for table in tables {
            if let binding = table.first(where: { $0.keys.contains(key) }) { return binding.command }
        }
        return nil
    }

    /// The footer of a screen: its own keys first, then the global ones.
    public static func footer(_ context: KeyContext) -> [(keys: String, label: String)] {
        let tables = context == .help || context == .menu || context.isTyping ? bindings(context) : bindings(context) + global
        return tables.compactMap { binding in
            binding.footer.map { (footerKeys(binding, in: tables), $0) }
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
    /// The keys section of the README, written from the same tables as the footer and help.
    public static var markdown: String {
        var out = ""
        let sections: [(String, [Binding])] = [("Everywhere", always), ("Every screen", global)]
            + KeyContext.allCases.map { ($0.title, bindings($0)) }
        for (title, table) in sections {
            out += "\n**\(title)**\n\n| keys | what they do |\n| --- | --- |\n"
            for binding in table {
                let keys = binding.keys.map { "`\($0.label == "`" ? "backtick" : $0.label)`" }.joined(separator: " ")
                out += "| \(keys) | \(binding.help.replacingOccurrences(of: "|", with: "\\|")) |\n"
            }
        }
        return out
    }
}
