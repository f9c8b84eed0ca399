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
    case dashboard, list, detail, followUps, form, picker, export, help, menu

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
        }
    }

    /// Screens where letters are typed, so the keys of every screen do not apply.
    var isTyping: Bool { self == .form || self == .picker }
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
                Binding([.control("x")], .removeRow, "Remove the attendee or follow-up action under the cursor"),
                Binding([.control("g")], .logGrievance, "Save the meeting, then log a grievance raised at it"),
                Binding([.control("f")], .logFeedback, "Save the meeting, then log feedback given at it"),
            ]
        case .picker:
            [
                Binding([.down], .down, "Next choice", footer: "Move"),
                Binding([.up], .up, "Previous choice"),
                Binding([.enter], .open, "Choose (keeps the ticks of a list that takes several)", footer: "Choose"),
                Binding([.character(" ")], .toggle, "Tick or untick, in a list that takes several", footer: "Tick"),
                Binding([.escape], .back, "Close without choosing", footer: "Cancel"),
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
        Binding([.character("Q"), .control("c")], .quitNow, "Quit from anywhere"),
    ]

    /// The command of a key on a screen: the screen's table first, then the global one.
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
        let sections: [(String, [Binding])] = [("Every screen", global)]
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
