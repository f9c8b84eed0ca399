import LiaisonCore
import TerminalKit

/// Runs the interface on a terminal over a store until the officer quits or the process
/// is asked to end.
public struct App {
    let store: Store
    let runner: EffectRunner

    public init(store: Store, demoMeetings: Int = 200) {
        self.store = store
        runner = EffectRunner(store: store, demoMeetings: demoMeetings)
    }

    /// How the run ended.
    public enum Ending: Equatable, Sendable {
        case quit
        /// A signal asked the process to end; the caller exits with 128 + signal.
        case signal(Int32)
        /// A scripted terminal ran out of events.
        case endOfInput
    }

    /// The loop: effects, then a frame, then the next event, until quit.
    @discardableResult
    public func run(on terminal: some Terminal) -> Ending {
        var state = AppState(size: terminal.size, today: store.today(), taxonomies: store.taxonomies)
        var effects = state.start()
        var ending = Ending.quit
        while true {
            while !effects.isEmpty {
                let effect = effects.removeFirst()
                if effect.takesAWhile {
                    let frame = Screen.render(state)
                    terminal.present(frame.buffer, cursor: frame.cursor)
                }
                for message in runner.perform(effect) { effects += state.update(message) }
            }
            if state.quitting { return ending }
            let frame = Screen.render(state)
            terminal.present(frame.buffer, cursor: frame.cursor)
            guard let event = terminal.nextEvent(timeout: nil) else { return .endOfInput }
            if case .terminate(let signal) = event { ending = .signal(signal) }
            effects = state.update(.event(event))
        }
    }
}
