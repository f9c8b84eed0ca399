/// A key as the interface sees it, whatever terminal it came from.
public enum Key: Sendable, Hashable {
    /// A printable character, in any script.
    case character(Character)
    /// A letter pressed with Ctrl, lower case: `.control("s")` is Ctrl-S.
    case control(Character)
    case up, down, left, right, home, end, pageUp, pageDown
    case enter, tab, backTab, backspace, delete, escape
    case function(Int)

    /// A printable character, typed rather than pressed with Ctrl or a named key.
    public var isCharacter: Bool {
        if case .character = self { true } else { false }
    }

    /// How help and the footer name the key: `j`, `Ctrl-S`, `PgDn`, `Shift-Tab`.
    public var label: String {
        switch self {
        case .character(" "): "Space"
        case .character(let character): String(character)
        case .control(let letter): "Ctrl-" + letter.uppercased()
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .enter: "Enter"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .backspace: "Backspace"
        case .delete: "Delete"
        case .escape: "Esc"
        case .function(let number): "F\(number)"
        }
    }
}

/// Something that happened at the terminal.
public enum InputEvent: Sendable, Hashable {
    case key(Key)
    /// The terminal has a new size; lay out again.
    case resize(Size)
    /// The process was asked to end (SIGINT, SIGTERM, SIGHUP): leave now, restoring the
    /// terminal.
    case terminate(signal: Int32)
}
