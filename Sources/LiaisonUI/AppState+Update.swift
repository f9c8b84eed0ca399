import Foundation
import LiaisonCore
import TerminalKit

extension AppState {
    /// Rows read beyond what is shown, above and below, so that moving a little needs no read.
    static let pageMargin = 60
    /// Rows read beyond the screen when a list is read afresh (a tab, each key of a search):
    /// few, so that a new search shows at once.
    static let firstPageExtra = 10

    /// The first effects, before any event.
    public mutating func start() -> [Effect] { [.loadHeader, .loadVault] }

    /// The only code that changes the state. It returns the work to do next.
    public mutating func update(_ message: Message) -> [Effect] {
        switch message {
        case .event(.terminate):
            // The terminal closed or the process was asked to end: what was typed is kept.
            let drafts = takeDraftEffects()
            quit()
            return drafts
        case .event(.resize(let newSize)):
            size = newSize
            for index in details.indices { details[index].rewrap(width: newSize.width) }
            clampAll()
            return tab.kind.map { ensureRows($0) } ?? []
        case .event(.key(let key)):
            status = nil
            return handle(key)
        case .headerLoaded(let profile, let pending):
            officer = profile.map(Officer.init)
            // The language chosen for this device wins over the locale variables.
            if let language = profile?.language { words = .standard(language) }
            pendingChanges = pending
            guard mode == .starting else { return [] }
            guard profile != nil else {
                mode = .welcome(WelcomeState(language: words.language))
                return []
            }
            mode = .main
            return [.loadDashboard, .loadDrafts]
        case .dashboardLoaded(let indicators):
            dashboard.show(indicators, taxonomies: taxonomies, words: words)
            today = indicators.asOf
            return []
        case .rowsLoaded(let kind, let query, let total, let rows):
            guard var list = lists[kind], list.query == query.withoutPage else { return [] }
            if let total { list.total = total }
            list.rows = rows
            list.rowsOffset = query.offset
            lists[kind] = list
            clampList(kind)
            return []
        case .detailLoaded(let link, let page):
            guard let index = details.lastIndex(where: { $0.link == link }) else { return [] }
            guard let page else {
                details.remove(at: index)
                status = StatusLine(text: Self.gone(link.kind, words), isError: true)
                return []
            }
            details[index].show(page, width: size.width)
            clampDetail(index)
            return []
        case .setUpDone(let profile):
            officer = Officer(profile)
            mode = .main
            status = StatusLine(text: words.text("ui.status.welcome", ["name": profile.officer]), isError: false)
            return [.loadHeader, .loadDashboard]
        case .setUpRefused(let sentence, let field):
            guard case .welcome(var welcome) = mode else { return [] }
            welcome.problem = sentence
            welcome.working = false
            welcome.focus = WelcomeState.Focus.allCases.first { "\($0)" == field } ?? welcome.focus
            mode = .welcome(welcome)
            return []
        case .exportSummaryLoaded, .exportProgress, .exported, .exportNotWritten:
            return exportMessage(message)
        case .formOpened, .movesOffered, .saved, .saveRefused, .saveConflict, .deleted, .undone, .draftsFound,
             .followUpsLoaded, .followUpMarked, .editedOutside, .saveDrafts, .draftNotSaved:
            return recordMessage(message)
        case .vaultLoaded, .vaultRefused, .vaultChanged, .pathCompleted, .importProgress, .imported, .importPathRefused:
            return vaultMessage(message)
        case .conflictsLoaded, .conflictResolved:
            return conflictsMessage(message)
        case .failed(let sentence):
            if case .welcome(var welcome) = mode {
                welcome.problem = sentence
                welcome.working = false
                mode = .welcome(welcome)
            }
            status = StatusLine(text: sentence, isError: true)
            return []
        }
    }

    // MARK: - Keys

    /// A key goes to the layer on top: each kind of layer reads it through its own table.
    private mutating func handle(_ key: Key) -> [Effect] {
        if top == .quitQuestion {
            confirmingQuit = false
            if KeyTable.command(for: key, in: .quitQuestion) == .confirm { quit() }
            return []
        }
        switch mode {
        case .starting: return KeyTable.command(for: key, in: KeyTable.always) == .quitNow ? quitNow() : []
        case .welcome(let welcome): return handleWelcome(key, welcome)
        case .main: break
        }
        if KeyTable.command(for: key, in: KeyTable.always) == .quitNow {
            // Quit from anywhere: open forms stay as drafts, offered at the next start.
            let drafts = takeDraftEffects()
            quit()
            return drafts
        }
        switch top {
        case .dialog: return handleDialog(key)
        case .picker: return handlePicker(key)
        case .form: return handleFormKey(key)
        case .search: return handleSearch(key)
        case .prompt: return handlePrompt(key)
        case nil where export.folderEditor != nil && tab == .export: return handleFolder(key)
        default: break
        }
        guard let command = KeyTable.command(for: key, in: keyContext) else {
            status = StatusLine(text: words.text("ui.status.key_does_nothing", ["key": key.label]), isError: false)
            return []
        }
        return perform(command)
    }

    private mutating func quitNow() -> [Effect] {
        quit()
        return []
    }

    /// Runs a command on the current screen.
    public mutating func perform(_ command: Command) -> [Effect] {
        switch top {
        case .help: return performInHelp(command)
        case .menu: return performInMenu(command)
        default: break
        }
        switch command {
        case .quitNow:
            quit()
            return []
        case .quit:
            // Back one layer; quit from the tab itself.
            if layers.isEmpty { quit() } else { layers.removeLast() }
            return []
        case .help:
            helpTop = 0
            return []
        case .showTab(let target):
            return show(target)
        case .nextTab:
            return show(Tab(rawValue: (tab.rawValue + 1) % Tab.allCases.count) ?? .dashboard)
        case .previousTab:
            return show(Tab(rawValue: (tab.rawValue + Tab.allCases.count - 1) % Tab.allCases.count) ?? .dashboard)
        case .vault:
            return toggleVault()
        case .wipe:
            return askToWipe()
        default:
            break
        }
        if case .followUps = top { return performInFollowUps(command) }
        if case .conflicts = top { return performInConflicts(command) }
        if let effects = performOnRecords(command) { return effects }
        if case .record = top { return performInDetail(command) }
        if let kind = tab.kind { return performInList(command, kind) }
        if tab == .export { return performInExport(command) }
        return performInDashboard(command)
    }

    private mutating func show(_ target: Tab) -> [Effect] {
        tab = target
        layers = []
        if target == .export { return [.loadExportSummary] }
        guard let kind = target.kind else {
            return dashboard.indicators == nil ? [.loadDashboard] : []
        }
        return ensureRows(kind)
    }

    // MARK: - Dashboard

    private mutating func performInDashboard(_ command: Command) -> [Effect] {
        let items = dashboard.items
        switch command {
        case .down: dashboard.cursor += 1
        case .up: dashboard.cursor -= 1
        case .pageDown, .last: dashboard.cursor = items.count - 1
        case .pageUp, .first: dashboard.cursor = 0
        case .refresh: return [.loadDashboard, .loadHeader]
        case .open:
            guard items.indices.contains(dashboard.cursor), let target = items[dashboard.cursor].target else {
                status = StatusLine(text: words.text("ui.status.nothing_to_open"), isError: false)
                return []
            }
            switch target {
            case .list(let tab, let filter):
                guard let kind = tab.kind else { return show(tab) }
                var list = ListState(kind: kind)
                list.filter = filter
                lists[kind] = list
                return show(tab)
            case .record(let link):
                return open(link)
            case .followUps:
                return perform(.showFollowUps)
            }
        default:
            return []
        }
        dashboard.cursor = max(0, min(dashboard.cursor, items.count - 1))
        return []
    }

    // MARK: - Details

    mutating func open(_ link: RecordLink) -> [Effect] {
        details.append(DetailState(link: link))
        return [.loadDetail(link)]
    }

    private mutating func performInDetail(_ command: Command) -> [Effect] {
        guard let index = details.indices.last else { return [] }
        if command == .refresh { return [.loadDetail(details[index].link)] }
        switch details[index].perform(command, height: contentHeight) {
        case .close:
            details.removeLast()
        case .chose(let link?):
            return open(link)
        case .chose(nil):
            status = StatusLine(text: words.text("ui.status.nothing_to_follow"), isError: false)
        case .stay, .notHandled:
            break
        }
        return []
    }

    // MARK: - Help and menus

    private mutating func performInHelp(_ command: Command) -> [Effect] {
        if command == .quitNow { quit() }
        switch HelpScroll.perform(command, top: helpTop ?? 0, page: contentHeight - 2) {
        case .chose(let top): helpTop = top
        case .close: helpTop = nil
        case .stay, .notHandled: break
        }
        return []
    }

    private mutating func performInMenu(_ command: Command) -> [Effect] {
        guard var current = menu else { return [] }
        if command == .quitNow { quit() }
        switch current.perform(command) {
        case .stay:
            menu = current
        case .close:
            menu = nil
        case .chose(let filter):
            menu = nil
            guard let kind = tab.kind else { return [] }
            lists[kind]?.filter = filter
            return reload(kind)
        case .notHandled:
            break
        }
        return []
    }

    // MARK: - Welcome

    private mutating func handleWelcome(_ key: Key, _ current: WelcomeState) -> [Effect] {
        var welcome = current
        defer { if case .welcome = mode { mode = .welcome(welcome) } }
        guard !welcome.working else { return [] }
        let focusCount = WelcomeState.Focus.allCases.count
        switch KeyTable.command(for: key, in: .welcome) {
        case .back:
            if welcome.isBlank { quit() } else { confirmingQuit = true }
            return []
        case .nextField:
            welcome.focus = WelcomeState.Focus(rawValue: (welcome.focus.rawValue + 1) % focusCount) ?? .officer
            return []
        case .previousField:
            welcome.focus = WelcomeState.Focus(rawValue: (welcome.focus.rawValue + focusCount - 1) % focusCount) ?? .officer
            return []
        case .toggle where welcome.focus == .demo:
            welcome.loadDemo.toggle()
            return []
        case .toggle where welcome.focus == .language:
            // The next language, shown at once.
            let all = Language.allCases
            welcome.language = all[((all.firstIndex(of: welcome.language) ?? 0) + 1) % all.count]
            words = .standard(welcome.language)
            return []
        case .open where welcome.focus == .start:
            welcome.working = true
            welcome.problem = nil
            return [.setUp(officer: welcome.officer.text, unit: welcome.unit.text, prefix: welcome.prefix.text,
                           language: welcome.language,
                           loadDemo: welcome.loadDemo)]
        case .open:
            welcome.focus = WelcomeState.Focus(rawValue: welcome.focus.rawValue + 1) ?? .start
            return []
        default:
            switch welcome.focus {
            case .officer: _ = welcome.officer.handle(key)
            case .unit: _ = welcome.unit.handle(key)
            case .prefix:
                if case .character(let letter) = key { _ = welcome.prefix.handle(.character(Character(letter.uppercased())))
                } else { _ = welcome.prefix.handle(key) }
            case .language, .demo, .start: break
            }
            return []
        }
    }

    // MARK: - Keeping cursors in range

    private mutating func clampAll() {
        for kind in RecordKind.allCases { clampList(kind) }
        for index in details.indices { clampDetail(index) }
    }

    private mutating func clampDetail(_ index: Int) {
        details[index].keepInView(height: contentHeight)
    }

    /// The sentence for a record that is no longer in the store.
    static func gone(_ kind: RecordKind, _ words: Catalogue) -> String {
        words.text("ui.status.gone.\(kind.rawValue)")
    }
}

extension RecordQuery {
    /// The query without its page, to match an answer with the list that asked.
    var withoutPage: RecordQuery {
        var copy = self
        copy.offset = 0
        copy.limit = nil
        return copy
    }
}
