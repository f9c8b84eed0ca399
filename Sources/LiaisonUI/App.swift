import Foundation
import LiaisonBundle
import LiaisonCore
import TerminalKit

/// The interface over a store, one event at a time: it updates the state, performs the
/// effects against the store until there are none, and renders the frame. The run loop
/// and the benchmark both drive it.
public struct Session {
    public private(set) var state: AppState
    var runner: EffectRunner
    /// Effects held back while a search is typed, until the keys typed ahead are read.
    private var held: [Effect] = []
    /// Where the officer's editor is named (`VISUAL`, `EDITOR`).
    let environment: [String: String]
    /// When a form first changed since its draft was last saved.
    private var changedSince: ContinuousClock.Instant?
    /// When the officer last pressed a key: the vault locks after its idle time.
    private var lastKey = ContinuousClock.now

    /// Drafts are saved at most this long after a change.
    public static let autosaveDelay = Duration.seconds(1)

    /// Starts the session and performs its first effects (the profile, the dashboard).
    public init(store: Store, keyFolders: KeyFolders, size: Size, demoMeetings: Int = 200,
                startFolder: String = FileManager.default.currentDirectoryPath,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
        let words = Catalogue.standard(Language.from(environment: environment))
        runner = EffectRunner(store: store, keyFolders: keyFolders, demoMeetings: demoMeetings, words: words)
        state = AppState(size: size, today: store.today(), taxonomies: store.taxonomies, startFolder: startFolder,
                         words: words)
        state.rightToLeft = RightToLeftLayout(environment: environment)
        let first = state.start()
        perform(first, showing: nil)
    }

    /// The frame of the state now.
    public var frame: Frame { Screen.render(state) }

    /// Handles one event. `terminal`, when given, shows a frame before an effect that
    /// takes a while, so the officer sees that it started. With `holding`, the effects
    /// wait for `settle`.
    public mutating func handle(_ event: InputEvent, showing terminal: (any Terminal)? = nil, holding: Bool = false) {
        if case .key = event { lastKey = .now }
        held += state.update(.event(event))
        if !holding { settle(showing: terminal) }
    }

    /// Whether a search is being typed: keys typed ahead can then be read before the
    /// list is, and only the last search runs.
    public var isTypingASearch: Bool { state.searchEditor != nil }

    /// Performs the held effects; a read of a list that a later read of the same list
    /// replaces is skipped.
    public mutating func settle(showing terminal: (any Terminal)? = nil) {
        var effects: [Effect] = []
        for (index, effect) in held.enumerated() {
            if case .loadRows(let kind, _, _) = effect, held[(index + 1)...].contains(where: {
                if case .loadRows(kind, _, _) = $0 { return true } else { return false }
            }) { continue }
            effects.append(effect)
        }
        held = []
        perform(effects, showing: terminal)
        if state.unsavedDrafts.isEmpty {
            changedSince = nil
        } else if changedSince == nil {
            changedSince = .now
        }
    }

    /// How long until the changed forms' drafts are due to be saved; nil when none changed.
    public var autosaveWait: Duration? {
        guard let changedSince else { return nil }
        return max(.zero, Self.autosaveDelay - (ContinuousClock.now - changedSince))
    }

    /// How long until the open vault locks for want of a key; nil when it is not open.
    public var lockWait: Duration? {
        guard case .unlocked(let minutes) = state.vault else { return nil }
        return max(.zero, .seconds(minutes * 60) - (ContinuousClock.now - lastKey))
    }

    /// Locks the vault when nobody has typed for its idle time; true when it did.
    public mutating func lockIfIdle() -> Bool {
        guard let wait = lockWait, wait <= .milliseconds(500) else { return false }
        held.append(.lockVault(idle: true))
        settle()
        return true
    }

    /// Saves the drafts of the forms changed since their last save.
    public mutating func saveDrafts() {
        held += state.update(.saveDrafts)
        settle()
    }

    private mutating func perform(_ first: [Effect], showing terminal: (any Terminal)?) {
        var effects = first
        while !effects.isEmpty {
            let effect = effects.removeFirst()
            if case .editOutside(let draft, let field, let text) = effect {
                // The terminal goes to the officer's editor, and comes back repainted.
                let words = state.words
                var result = Result<String, EditorFailure>.failure(EditorFailure(sentence: words.text("ui.editor.needs_terminal")))
                let environment = environment
                terminal?.runOutside { result = ExternalEditor.edit(text, environment: environment, words: words) }
                switch result {
                case .success(let edited): effects += state.update(.editedOutside(draft: draft, field: field, text: edited))
                case .failure(let failure): effects += state.update(.failed(failure.sentence))
                }
                continue
            }
            if effect.takesAWhile, let terminal {
                let frame = Screen.render(state)
                terminal.present(frame.buffer, cursor: frame.cursor)
            }
            // The officer may have chosen another language since the last effect.
            runner.words = state.words
            let messages = runner.perform(effect) { message in
                // Progress shows at once: the effect is still running.
                effects += state.update(message)
                if let terminal {
                    let frame = Screen.render(state)
                    terminal.present(frame.buffer, cursor: frame.cursor)
                }
            }
            for message in messages { effects += state.update(message) }
        }
    }
}

/// Runs the interface on a terminal over a store until the officer quits or the process
/// is asked to end.
public struct App {
    let store: Store
    let keyFolders: KeyFolders
    let demoMeetings: Int
    let startFolder: String
    let environment: [String: String]

    /// `startFolder` is the first folder the Export tab offers: by default the current one.
    /// `environment` gives the language (`LC_ALL`, `LC_MESSAGES`, `LANG`) and the editor.
    public init(store: Store, keyFolders: KeyFolders, demoMeetings: Int = 200,
                startFolder: String = FileManager.default.currentDirectoryPath,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.store = store
        self.keyFolders = keyFolders
        self.demoMeetings = demoMeetings
        self.startFolder = startFolder
        self.environment = environment
    }

    /// How the run ended.
    public enum Ending: Equatable, Sendable {
        case quit
        /// A signal asked the process to end; the caller exits with 128 + signal.
        case signal(Int32)
        /// A scripted terminal ran out of events.
        case endOfInput
    }

    /// The loop: a frame, then the next event, until quit.
    @discardableResult
    public func run(on terminal: some Terminal) -> Ending {
        var session = Session(store: store, keyFolders: keyFolders, size: terminal.size, demoMeetings: demoMeetings, startFolder: startFolder,
                              environment: environment)
        var ending = Ending.quit
        while !session.state.quitting {
            let frame = session.frame
            terminal.present(frame.buffer, cursor: frame.cursor)
            // A changed form's draft is saved once the officer pauses, at most a second later;
            // the open vault locks once nobody has typed for its idle time.
            let wait = [session.autosaveWait, session.lockWait].compactMap { $0 }.min()
            guard let event = terminal.nextEvent(timeout: wait) else {
                if session.lockIfIdle() { continue }
                if session.autosaveWait != nil {
                    session.saveDrafts()
                    continue
                }
                return .endOfInput
            }
            if case .terminate(let signal) = event { ending = .signal(signal) }
            session.handle(event, showing: terminal, holding: session.isTypingASearch)
            // Keys already typed ahead in a search are read before the list is searched.
            while session.isTypingASearch, let next = terminal.nextEvent(timeout: .zero) {
                if case .terminate(let signal) = next { ending = .signal(signal) }
                session.handle(next, showing: terminal, holding: true)
            }
            session.settle(showing: terminal)
            // Typing without a pause still saves the draft every second.
            if session.autosaveWait == .zero { session.saveDrafts() }
        }
        return ending
    }
}
