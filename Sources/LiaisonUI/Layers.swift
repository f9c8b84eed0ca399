import Foundation
import LiaisonCore
import TerminalKit

/// One thing on screen over the current tab. What is on screen is a stack of these, the
/// top last: routing keys, the footer, `?` help and drawing all read the top.
public enum Layer: Sendable, Equatable {
    /// A record's page.
    case record(DetailState)
    /// Every follow-up action, to mark them done.
    case followUps(FollowUpListState)
    case form(FormState)
    /// A list to choose from, over a form or a page.
    case picker(PickerState)
    /// A question that waits for its answer.
    case dialog(Dialog)
    /// A small menu, such as a list's quick filters.
    case menu(MenuState)
    /// The search being typed into the current list, in the footer.
    case search(LineEditor)
    /// The keys of the layer beneath and of every screen; `top` is the first row shown.
    case help(top: Int)
    /// "Quit without setting up?", on the welcome screen.
    case quitQuestion
    /// The vault's passphrase, or the word that confirms a wipe, being typed.
    case prompt(PromptState)
    /// At base: the conflicts between base's and the field's versions of records.
    case conflicts(ConflictsState)

    /// The key table that applies while this layer is on top.
    var context: KeyContext {
        switch self {
        case .record: .detail
        case .followUps: .followUps
        case .form: .form
        case .picker: .picker
        case .dialog(.delete): .deleteQuestion
        case .dialog(.discard): .discardQuestion
        case .dialog(.conflict): .conflictQuestion
        case .dialog(.restore): .draftsQuestion
        case .quitQuestion: .quitQuestion
        case .menu: .menu
        case .search: .search
        case .help: .help
        case .prompt(let prompt): prompt.context
        case .conflicts: .conflicts
        }
    }

    /// The cursor shows in it: text is typed or a choice narrowed.
    var isTyping: Bool {
        switch self {
        case .form, .picker, .prompt: true
        default: false
        }
    }

    var record: DetailState? { if case .record(let value) = self { value } else { nil } }
    var form: FormState? { if case .form(let value) = self { value } else { nil } }
    var picker: PickerState? { if case .picker(let value) = self { value } else { nil } }
    var dialog: Dialog? { if case .dialog(let value) = self { value } else { nil } }
    var menu: MenuState? { if case .menu(let value) = self { value } else { nil } }
    var search: LineEditor? { if case .search(let value) = self { value } else { nil } }
    var followUps: FollowUpListState? { if case .followUps(let value) = self { value } else { nil } }
    var conflicts: ConflictsState? { if case .conflicts(let value) = self { value } else { nil } }
    var helpTop: Int? { if case .help(let top) = self { top } else { nil } }

    /// Covers the content area, rather than floating over what is beneath it.
    var coversContent: Bool {
        switch self {
        case .record, .followUps, .form, .help, .conflicts: true
        case .picker, .dialog, .menu, .search, .quitQuestion, .prompt: false
        }
    }
}

/// Typed views of the stack. Reading one gives its layers, bottom first; setting one keeps
/// its layers where they stand, pushes new ones on top and pops those left out.
extension AppState {
    /// The layer on top, nil when the tab itself is.
    public var top: Layer? { layers.last }

    /// Records opened on top of the current tab, the last on top.
    public var details: [DetailState] {
        get { layers.compactMap(\.record) }
        set { replace(newValue, Layer.record) { $0.record != nil } }
    }

    /// Forms open over the screen, the one being typed in last (a new contact over the
    /// meeting it joins).
    public var forms: [FormState] {
        get { layers.compactMap(\.form) }
        set { replace(newValue, Layer.form) { $0.form != nil } }
    }

    /// The form being typed in, changed where it stands in the stack.
    var topForm: FormState? {
        get { forms.last }
        set {
            guard let index = layers.lastIndex(where: { $0.form != nil }) else {
                if let newValue { layers.append(.form(newValue)) }
                return
            }
            if let newValue { layers[index] = .form(newValue) } else { layers.remove(at: index) }
        }
    }

    public var picker: PickerState? {
        get { layers.lazy.compactMap(\.picker).last }
        set { replaceOne(newValue, Layer.picker, \.picker) }
    }

    public var dialog: Dialog? {
        get { layers.lazy.compactMap(\.dialog).last }
        set { replaceOne(newValue, Layer.dialog, \.dialog) }
    }

    public var menu: MenuState? {
        get { layers.lazy.compactMap(\.menu).last }
        set { replaceOne(newValue, Layer.menu, \.menu) }
    }

    public var searchEditor: LineEditor? {
        get { layers.lazy.compactMap(\.search).last }
        set { replaceOne(newValue, Layer.search, \.search) }
    }

    public var followUpList: FollowUpListState? {
        get { layers.lazy.compactMap(\.followUps).last }
        set { replaceOne(newValue, Layer.followUps, \.followUps) }
    }

    /// The conflicts waiting at base, when they are open.
    public var conflictsView: ConflictsState? {
        get { layers.lazy.compactMap(\.conflicts).last }
        set { replaceOne(newValue, Layer.conflicts, \.conflicts) }
    }

    /// The first row of help shown, when help is open.
    var helpTop: Int? {
        get { layers.lazy.compactMap(\.helpTop).last }
        set { replaceOne(newValue, { Layer.help(top: $0) }, \.helpTop) }
    }

    public var showingHelp: Bool { helpTop != nil }

    public var confirmingQuit: Bool {
        get { layers.contains(.quitQuestion) }
        set { replace(newValue ? [()] : [], { Layer.quitQuestion }) { $0 == .quitQuestion } }
    }

    /// The layer beneath the top, whose keys help shows.
    var beneathHelp: KeyContext {
        layers.dropLast().last?.context ?? tabContext
    }

    /// The key table of the tab, when no layer is over it.
    var tabContext: KeyContext {
        switch tab {
        case .dashboard: .dashboard
        case .export: .export
        default: .list
        }
    }

    /// Sets the one layer of a kind, or removes it. An overlay (a question, a picker, a
    /// menu, the search, help) set anew goes on top, over whatever was opened since: it is
    /// what the officer must answer now.
    private mutating func replaceOne<T>(_ value: T?, _ wrap: (T) -> Layer, _ extract: (Layer) -> T?) {
        guard let value else {
            replace([], wrap) { extract($0) != nil }
            return
        }
        let layer = wrap(value)
        if layer.coversContent {
            replace([value], wrap) { extract($0) != nil }
        } else {
            layers.removeAll { extract($0) != nil }
            layers.append(layer)
        }
    }

    /// Sets the layers `matches` picks out to `values`: in place while both last, then new
    /// ones on top, and the rest popped.
    private mutating func replace<T>(_ values: [T], _ wrap: (T) -> Layer, matches: (Layer) -> Bool) {
        var remaining = values[...]
        var out: [Layer] = []
        for layer in layers {
            guard matches(layer) else {
                out.append(layer)
                continue
            }
            if let next = remaining.popFirst() { out.append(wrap(next)) }
        }
        layers = out + remaining.map(wrap)
    }
}
