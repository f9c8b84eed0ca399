/// What a cell shows, by meaning rather than by colour. A theme maps each role to a colour
/// pair, or to attributes on a terminal without colour.
public enum Role: String, Sendable, Hashable, CaseIterable {
    case text, dim, header, title, selection, statusBar, tabActive, key, link, good, warning, error
}

/// How a cell is drawn: its role plus emphasis.
public struct Style: Sendable, Hashable {
    public var role: Role
    public var bold: Bool
    public var underline: Bool

    public init(_ role: Role = .text, bold: Bool = false, underline: Bool = false) {
        self.role = role
        self.bold = bold
        self.underline = underline
    }

    public static let text = Style(.text)
    public static let dim = Style(.dim)
    public static let header = Style(.header)
    public static let title = Style(.title, bold: true)
    public static let selection = Style(.selection)
    public static let statusBar = Style(.statusBar)
    public static let tabActive = Style(.tabActive, bold: true)
    public static let key = Style(.key, bold: true)
    public static let link = Style(.link, underline: true)
    public static let good = Style(.good)
    public static let warning = Style(.warning, bold: true)
    public static let error = Style(.error, bold: true)

    public var bolded: Style { var copy = self; copy.bold = true; return copy }
}
