@preconcurrency import CNcursesw
import TerminalKit

/// The one table from style roles to what the terminal draws: colour pairs where there is
/// colour, attributes (bold, reverse, underline) where there is none or `NO_COLOR` is set.
struct Theme {
    private let colour: Bool

    init(colour: Bool) {
        self.colour = colour
        guard colour else { return }
        for (index, role) in Role.allCases.enumerated() {
            let (foreground, background) = Self.colours(role)
            init_pair(Int16(index + 1), foreground, background)
        }
    }

    /// Colours of a role as (foreground, background); -1 is the terminal's own.
    private static func colours(_ role: Role) -> (Int16, Int16) {
        switch role {
        case .text, .title, .dim: (-1, -1)
        case .header: (Int16(COLOR_CYAN), -1)
        case .selection: (Int16(COLOR_BLACK), Int16(COLOR_CYAN))
        case .statusBar: (Int16(COLOR_WHITE), Int16(COLOR_BLUE))
        case .tabActive: (Int16(COLOR_BLUE), Int16(COLOR_WHITE))
        case .key: (Int16(COLOR_YELLOW), Int16(COLOR_BLUE))
        case .link: (Int16(COLOR_CYAN), -1)
        case .good: (Int16(COLOR_GREEN), -1)
        case .warning: (Int16(COLOR_YELLOW), -1)
        case .error: (Int16(COLOR_WHITE), Int16(COLOR_RED))
        }
    }

    /// Attributes of a role without colour.
    private static func monochrome(_ role: Role) -> attr_t {
        switch role {
        case .text, .good, .title: liaison_attr_normal()
        case .dim: liaison_attr_dim()
        case .header: liaison_attr_underline()
        case .selection, .statusBar, .error: liaison_attr_reverse()
        case .tabActive, .warning: liaison_attr_bold()
        case .key: liaison_attr_reverse() | liaison_attr_bold()
        case .link: liaison_attr_underline()
        }
    }

    func attributes(_ style: Style) -> (attr_t, Int16) {
        var attributes = colour ? (style.role == .dim ? liaison_attr_dim() : liaison_attr_normal())
                                : Self.monochrome(style.role)
        if style.bold { attributes |= liaison_attr_bold() }
        if style.underline { attributes |= liaison_attr_underline() }
        let pair = colour ? Int16(Role.allCases.firstIndex(of: style.role)! + 1) : 0
        return (attributes, pair)
    }
}
