@preconcurrency import CNcursesw
import Glibc
import TerminalKit

/// Why the interface cannot run on this terminal.
public enum NcursesError: Error, CustomStringConvertible, Equatable {
    /// curses knows no terminal of this type (TERM unset or unknown).
    case unknownTerminal(String)
    /// The terminal cannot move its cursor (TERM=dumb), so there is no full screen.
    case noCursorAddressing(String)

    public var description: String {
        switch self {
        case .unknownTerminal(let name):
            "The terminal type \(name.isEmpty ? "(TERM is not set)" : "'\(name)'") is unknown here, so the "
                + "full-screen interface cannot start. Set TERM (for example TERM=xterm-256color), "
                + "or use the subcommands: liaison --help."
        case .noCursorAddressing(let name):
            "The terminal type '\(name)' cannot place the cursor, so the full-screen interface cannot start. "
                + "Use a full terminal, or the subcommands: liaison --help."
        }
    }
}

/// The real terminal, through ncursesw. Only this type knows curses: it turns frames into
/// curses calls and curses input into `InputEvent`s, and it always gives the terminal back
/// as it found it.
public final class NcursesTerminal: Terminal {
    private let screen: OpaquePointer
    private let utf8: Bool
    private let theme: Theme
    private var previous: ScreenBuffer?
    private var stopped = false

    /// Starts curses on `output` and `input` (the process's terminal by default).
    ///
    /// - Parameters:
    ///   - terminalType: the terminal type; `TERM` when nil.
    ///   - colour: false forces attributes instead of colour, as `NO_COLOR` does.
    public init(terminalType: String? = nil, output: UnsafeMutablePointer<FILE> = stdout,
                input: UnsafeMutablePointer<FILE> = stdin, colour: Bool = true) throws {
        // A locale named by LANG but not installed (common over SSH) leaves the C locale,
        // in which curses shows every non-ASCII character as "?". The language is chosen
        // from the variables' text elsewhere; here only the character type matters.
        if setlocale(LC_ALL, "") == nil { setlocale(LC_CTYPE, "C.UTF-8") }
        utf8 = String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8"
        let type = terminalType ?? getenv("TERM").map { String(cString: $0) } ?? ""
        TerminalGuard.installSignalHandlers()
        guard !type.isEmpty, let screen = newterm(type, output, input) else {
            TerminalGuard.removeSignalHandlers()
            throw NcursesError.unknownTerminal(type)
        }
        self.screen = screen
        guard liaison_can_address_cursor() != 0 else {
            endwin()
            delscreen(screen)
            TerminalGuard.removeSignalHandlers()
            throw NcursesError.noCursorAddressing(type)
        }
        let window = liaison_stdscr()
        raw()
        noecho()
        nonl()
        keypad(window, true)
        idlok(window, true) // lets curses scroll the screen instead of redrawing every row
        intrflush(window, false)
        set_escdelay(25)
        let useColour = colour && has_colors() && start_color() != liaison_err()
        if useColour { use_default_colors() }
        theme = Theme(colour: useColour)
        TerminalGuard.saveRestoreSequence()
        TerminalGuard.installCrashHandlers()
    }

    deinit { stop() }

    /// Ends curses and restores the terminal; safe to call more than once.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        endwin()
        delscreen(screen)
        TerminalGuard.removeSignalHandlers()
    }

    public var size: Size { Size(width: Int(liaison_columns()), height: Int(liaison_lines())) }

    // MARK: - Output

    public func present(_ frame: ScreenBuffer, cursor: Point?) {
        let window = liaison_stdscr()
        for span in frame.changes(from: previous) {
            let (attributes, pair) = theme.attributes(span.style)
            liaison_set_attributes(attributes, pair)
            if span.text.utf8.allSatisfy({ $0 < 0x80 }) {
                mvwaddnstr(window, Int32(span.y), Int32(span.x), span.text, Int32(span.text.utf8.count))
            } else {
                drawPerCharacter(span, in: window)
            }
        }
        liaison_set_attributes(liaison_attr_normal(), 0)
        previous = frame
        if let cursor {
            curs_set(1)
            wmove(window, Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        wrefresh(window)
    }

    /// Draws each character at the column the frame gave it, so that a character the C
    /// library measures differently cannot shift the rest of the row.
    private func drawPerCharacter(_ span: ScreenBuffer.Span, in window: UnsafeMutablePointer<WINDOW>?) {
        var x = span.x
        for character in span.text {
            let width = max(1, CellWidth.of(character))
            var wide: [wchar_t]
            if utf8 {
                wide = character.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
            } else {
                // A locale that is not UTF-8 cannot show this; show placeholders of the same
                // width. The stored text is never touched.
                wide = character.isASCII ? character.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
                                         : Array(repeating: wchar_t(63), count: width)
            }
            wide.append(0)
            wmove(window, Int32(span.y), Int32(x))
            waddnwstr(window, wide, Int32(wide.count - 1))
            x += width
        }
    }

    // MARK: - Input

    public func nextEvent(timeout: Duration?) -> InputEvent? {
        let window = liaison_stdscr()
        var waitedMilliseconds = 0
        let limit = timeout.map { Int($0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000) }
        var instantFailures = 0
        while true {
            if let signal = TerminalGuard.takePendingSignal() { return .terminate(signal: signal) }
            let slice = limit.map { min(200, max(0, $0 - waitedMilliseconds)) } ?? 200
            wtimeout(window, Int32(slice))
            var character: wint_t = 0
            let started = monotonicMilliseconds()
            let result = wget_wch(window, &character)
            if result == liaison_key_code_yes() {
                if let event = functionKey(Int32(bitPattern: character)) { return event }
                continue
            }
            if result != liaison_err() {
                if character == 26 {
                    suspend()
                    return .resize(size)
                }
                if let key = Self.key(for: character) { return .key(key) }
                continue
            }
            let elapsed = monotonicMilliseconds() - started
            // A read that fails at once, again and again, means the terminal is gone.
            instantFailures = elapsed < 2 && slice > 0 ? instantFailures + 1 : 0
            if instantFailures > 50 { return .terminate(signal: SIGHUP) }
            waitedMilliseconds += max(elapsed, slice)
            if let limit, waitedMilliseconds >= limit { return nil }
        }
    }

    private func functionKey(_ code: Int32) -> InputEvent? {
        switch code {
        case KEY_RESIZE:
            previous = nil
            return .resize(size)
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_ENTER: return .key(.enter)
        case KEY_BTAB: return .key(.backTab)
        case KEY_F0 + 1...KEY_F0 + 12: return .key(.function(Int(code - KEY_F0)))
        default: return nil
        }
    }

    /// The key of a character read from the terminal.
    static func key(for character: wint_t) -> Key? {
        switch character {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(character) + 96)))
        case 0..<32: return nil
        default:
            guard let scalar = Unicode.Scalar(UInt32(character)) else { return nil }
            return .character(Character(scalar))
        }
    }

    public func runOutside(_ body: () -> Void) {
        def_prog_mode()
        endwin()
        body()
        reset_prog_mode()
        previous = nil
        clearok(liaison_stdscr(), true)
        wrefresh(liaison_stdscr())
    }

    /// Ctrl-Z: gives the terminal back to the shell, stops, and on `fg` takes it again and
    /// repaints everything.
    private func suspend() {
        endwin()
        let handler = signal(SIGTSTP, SIG_DFL)
        raise(SIGTSTP)
        signal(SIGTSTP, handler)
        previous = nil
        clearok(liaison_stdscr(), true)
        wrefresh(liaison_stdscr())
    }

    private func monotonicMilliseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return now.tv_sec * 1000 + now.tv_nsec / 1_000_000
    }
}
