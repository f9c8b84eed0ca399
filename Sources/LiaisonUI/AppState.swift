import Foundation
import LiaisonCore
import TerminalKit

/// The tabs of the top bar, in key order 1 to 6.
public enum Tab: Int, Sendable, CaseIterable {
    case dashboard, meetings, contacts, grievances, feedback, export

    /// The tab's name in the top bar, in the catalogue's language.
    public func title(_ words: Catalogue) -> String {
        words.text("ui.tab.\(self)")
    }

    /// The kind a list tab shows; nil for the dashboard and the export.
    public var kind: RecordKind? {
        switch self {
        case .dashboard, .export: nil
        case .meetings: .meeting
        case .contacts: .contact
        case .grievances: .grievance
        case .feedback: .feedback
        }
    }
}

/// A record to open: a link in a detail view or a row of a list.
public struct RecordLink: Sendable, Hashable {
    public var kind: RecordKind
    public var id: UUID

    public init(_ kind: RecordKind, _ id: UUID) {
        self.kind = kind
        self.id = id
    }
}

/// A list of one kind: what it shows, where the cursor is, and the page of rows read.
public struct ListState: Sendable, Equatable {
    public let kind: RecordKind
    public var search = ""
    public var filter = QuickFilter.all
    public var sort: RecordQuery.Sort?
    /// How many records the query selects; nil until read.
    public var total: Int?
    /// The rows read, starting at `rowsOffset`: a window around what is shown.
    public var rows: [RecordRow] = []
    public var rowsOffset = 0
    public var cursor = 0
    public var top = 0

    public init(kind: RecordKind) { self.kind = kind }

    /// The query of the list, without its page.
    public var query: RecordQuery { RecordQuery(search: search, conditions: filter.conditions, sort: sort) }

    public func row(at index: Int) -> RecordRow? {
        let position = index - rowsOffset
        return rows.indices.contains(position) ? rows[position] : nil
    }

    var selected: RecordRow? { row(at: cursor) }
}

/// A record being read, with the cursor on one of its rows.
public struct DetailState: Sendable, Equatable {
    public var link: RecordLink
    public private(set) var page: DetailPage?
    /// The page wrapped to the screen, kept until the page or the width changes.
    public private(set) var rows: [DetailPage.Row] = []
    public var cursor = 0
    public var top = 0

    public init(link: RecordLink) { self.link = link }

    /// Takes a page and wraps it for a screen `width` cells wide.
    mutating func show(_ page: DetailPage, width: Int) {
        self.page = page
        rows = page.wrapped(width: DetailState.textWidth(width))
    }

    /// Wraps the page again for a new width.
    mutating func rewrap(width: Int) {
        if let page { show(page, width: width) }
    }

    /// The text's width on a screen: a cell of margin on each side.
    static func textWidth(_ screenWidth: Int) -> Int { screenWidth - 2 }
}

/// The dashboard: the indicators, their items, and the item under the cursor.
public struct DashboardState: Sendable, Equatable {
    public private(set) var indicators: Indicators?
    /// Worked out once from the indicators.
    public private(set) var items: [DashboardItem] = []
    public var cursor = 0

    mutating func show(_ indicators: Indicators, taxonomies: Taxonomies, words: Catalogue) {
        self.indicators = indicators
        items = DashboardItems.items(indicators, taxonomies: taxonomies, words: words)
        cursor = min(cursor, max(0, items.count - 1))
    }
}

/// The first-run screen that sets up the device.
public struct WelcomeState: Sendable, Equatable {
    public enum Focus: Int, Sendable, CaseIterable { case officer, unit, prefix, language, demo, start }

    public var officer = LineEditor()
    public var unit = LineEditor()
    public var prefix = LineEditor()
    /// The language of the interface on this device; Space on it shows the next one.
    public var language = Language.en
    public var loadDemo = true
    public var focus = Focus.officer
    /// The sentence that says what to fix, after a refused start.
    public var problem: String?
    public var working = false

    public init(language: Language = .en) { self.language = language }

    var isBlank: Bool { officer.text.isEmpty && unit.text.isEmpty && prefix.text.isEmpty }
}

/// A small menu over the screen, such as the quick filters of a list.
public struct MenuState: Sendable, Equatable {
    public var title: String
    public var options: [QuickFilter]
    public var cursor = 0
}

/// Who works on this device, for the top bar.
public struct Officer: Sendable, Equatable {
    public var name: String
    public var unit: String
    public var prefix: String
    public var deviceId: UUID

    public init(_ profile: DeviceProfile) {
        name = profile.officer
        unit = profile.unit
        prefix = profile.prefix
        deviceId = profile.deviceId
    }
}

/// A sentence in the footer until the next key.
public struct StatusLine: Sendable, Equatable {
    public var text: String
    public var isError: Bool
}

/// Everything the interface shows, as one value. Only `update(_:)` changes it.
public struct AppState: Sendable, Equatable {
    public enum Mode: Sendable, Equatable {
        /// Reading the store, before anything is shown.
        case starting
        case welcome(WelcomeState)
        case main
    }

    public var size: Size
    public var today: Day
    public let taxonomies: Taxonomies
    public var mode = Mode.starting
    public var officer: Officer?
    public var pendingChanges: Int?
    public var tab = Tab.dashboard
    public var dashboard = DashboardState()
    public var lists: [RecordKind: ListState]
    /// What is on screen over the tab, the top last: pages, forms, pickers, dialogs,
    /// menus, the search and help. See `Layer`.
    public var layers: [Layer] = []
    public var status: StatusLine?
    /// The Export tab.
    public var export: ExportState
    /// The folder liaison was started in: the first folder the Export tab offers.
    public let startFolder: String
    public private(set) var quitting = false

    // MARK: Logging the work

    /// What `u` takes back.
    public var undo: UndoStep?
    /// Contacts for the pickers, read when a form opens.
    public var contactChoices: [ContactChoice] = []
    /// Forms changed since their draft was last saved, by draft id.
    public var unsavedDrafts: Set<UUID> = []
    /// Drafts left by an ended liaison that wait to be offered again.
    public var offeredDrafts: [[FormState]] = []
    /// The device's vault, as the interface last heard of it.
    public var vault = VaultStatus.none
    /// Forms of protected contacts taken off the screen when the vault locked, each with
    /// the forms opened over it: they come back when it is unlocked.
    public var formsPutAway: [[FormState]] = []

    /// The words of the officer's language.
    public var words: Catalogue
    /// Who lays out right-to-left text: liaison (through FriBidi), or the terminal.
    public var rightToLeft: RightToLeftLayout = .liaison

    public init(size: Size, today: Day, taxonomies: Taxonomies, startFolder: String = "",
                words: Catalogue = .standard(.en)) {
        self.words = words
        self.startFolder = startFolder
        export = ExportState(folder: startFolder)
        self.size = size
        self.today = today
        self.taxonomies = taxonomies
        lists = Dictionary(uniqueKeysWithValues: RecordKind.allCases.map { ($0, ListState(kind: $0)) })
    }

    mutating func quit() { quitting = true }

    /// Screens smaller than this show only a notice.
    public static let minimumSize = Size(width: 40, height: 10)

    public var isTooSmall: Bool { size.width < Self.minimumSize.width || size.height < Self.minimumSize.height }

    /// The content area: below the top bar and title, above the footer.
    var contentArea: Rect { Rect(x: 0, y: 2, width: size.width, height: size.height - 3) }

    /// Rows of the content area.
    var contentHeight: Int { max(1, contentArea.height) }

    /// Rows of the list body: the content area less the column header.
    var listHeight: Int { max(1, contentArea.height - 1) }

    /// Which key table applies now: the top layer's, or the tab's.
    public var keyContext: KeyContext { top?.context ?? tabContext }
}

/// The `LIAISON_BIDI` setting: `liaison` (the default) lays right-to-left text out for
/// display; `terminal` leaves it to terminals that do their own (mlterm, Konsole, some
/// others), which would otherwise turn it around twice.
public enum RightToLeftLayout: String, Sendable, Equatable, CaseIterable {
    case liaison, terminal

    public init(environment: [String: String]) {
        self = environment["LIAISON_BIDI"].flatMap { Self(rawValue: $0.lowercased()) } ?? .liaison
    }
}
