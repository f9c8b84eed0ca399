import Foundation
import LiaisonCore
import TerminalKit

/// The interface over a store, one event at a time: it updates the state, performs the
/// effects against the store until there are none, and renders the frame. The run loop
/// and the benchmark both drive it.
public struct Session {
    public private(set) var state: AppState
    let runner: EffectRunner
    /// Effects held back while a search is typed, until the keys typed ahead are read.
    private var held: [Effect] = []

    /// Starts the session and performs its first effects (the profile, the dashboard).
    public init(store: Store, size: Size, demoMeetings: Int = 200,
                startFolder: String = FileManager.default.currentDirectoryPath) {
        runner = EffectRunner(store: store, demoMeetings: demoMeetings)
        state = AppState(size: size, today: store.today(), taxonomies: store.taxonomies, startFolder: startFolder)
        let first = state.start()
        perform(first, showing: nil)
    }

    /// The frame of the state now.
    public var frame: Frame { Screen.render(state) }

    /// Handles one event. `terminal`, when given, shows a frame before an effect that
    /// takes a while, so the officer sees that it started. With `holding`, the effects
    /// wait for `settle`.
    public mutating func handle(_ event: InputEvent, showing terminal: (any Terminal)? = nil, holding: Bool = false) {
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
    }

    private mutating func perform(_ first: [Effect], showing terminal: (any Terminal)?) {
        var effects = first
        while !effects.isEmpty {
            let effect = effects.removeFirst()
            if effect.takesAWhile, let terminal {
                let frame = Screen.render(state)
                terminal.present(frame.buffer, cursor: frame.cursor)
            }
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
    let demoMeetings: Int
    let startFolder: String

    /// `startFolder` is the first folder the Export tab offers: by default the current one.
    public init(store: Store, demoMeetings: Int = 200, startFolder: String = FileManager.default.currentDirectoryPath) {
        self.store = store
        self.demoMeetings = demoMeetings
        self.startFolder = startFolder
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
        var session = Session(store: store, size: terminal.size, demoMeetings: demoMeetings, startFolder: startFolder)
        var ending = Ending.quit
        while !session.state.quitting {
            let frame = session.frame
            terminal.present(frame.buffer, cursor: frame.cursor)
            guard let event = terminal.nextEvent(timeout: nil) else { return .endOfInput }
            if case .terminate(let signal) = event { ending = .signal(signal) }
            session.handle(event, showing: terminal, holding: session.isTypingASearch)
            // Keys already typed ahead in a search are read before the list is searched.
            while session.isTypingASearch, let next = terminal.nextEvent(timeout: .zero) {
                if case .terminate(let signal) = next { ending = .signal(signal) }
                session.handle(next, showing: terminal, holding: true)
            }
            session.settle(showing: terminal)
        }
        return ending
    }
}
