import Foundation
import LiaisonCore
import TerminalKit

extension AppState {
    // MARK: - Lists

    mutating func performInList(_ command: Command, _ kind: RecordKind) -> [Effect] {
        guard var list = lists[kind] else { return [] }
        let height = listHeight
        switch command {
        case .down: list.cursor += 1
        case .up: list.cursor -= 1
        case .pageDown:
            list.cursor += height
            list.top += height
        case .pageUp:
            list.cursor -= height
            list.top -= height
        case .first: list.cursor = 0
        case .last: list.cursor = (list.total ?? 1) - 1
        case .open:
            guard let row = list.selected else {
                status = StatusLine(text: nothingToOpen(kind), isError: false)
                return []
            }
            return open(RecordLink(kind, row.id))
        case .search:
            searchEditor = LineEditor(list.search)
            return []
        case .filter:
            let options = QuickFilter.options(kind, taxonomies: taxonomies, today: today, words: words)
            menu = MenuState(title: QuickFilter.menuTitle(kind, words), options: options,
                             cursor: options.firstIndex(of: list.filter) ?? 0)
            return []
        case .sortNext, .sortReverse:
            let sort = command == .sortNext ? nextSort(list) : reversedSort(list)
            list.sort = sort
            lists[kind] = list
            let name = ListColumns.columns(kind).first { $0.sortKey == sort.key }?.title(words) ?? ""
            let sentence = sort.descending ? words.text("ui.status.sorted_descending", ["column": name])
                                           : words.text("ui.status.sorted_ascending", ["column": name])
            status = StatusLine(text: sentence, isError: false)
            return reload(kind)
        case .refresh:
            return reload(kind)
        case .back:
            guard !list.search.isEmpty || list.filter != .all else { return [] }
            list.search = ""
            list.filter = .all
            lists[kind] = list
            return reload(kind)
        default:
            return []
        }
        lists[kind] = list
        clampList(kind)
        return ensureRows(kind)
    }

    /// What Enter says on an empty list.
    private func nothingToOpen(_ kind: RecordKind) -> String {
        words.text("ui.status.none_to_open.\(kind.rawValue)")
    }

    /// The sort of the list, or the kind's own order written as a sort.
    private func currentSort(_ list: ListState) -> RecordQuery.Sort {
        list.sort ?? (list.kind == .contact ? .init(.name) : .init(.date, descending: true))
    }

    private func nextSort(_ list: ListState) -> RecordQuery.Sort {
        let keys = ListColumns.layout(list.kind, width: size.width).map { ListColumns.columns(list.kind)[$0.index].sortKey }
        let current = currentSort(list).key
        let next = keys[((keys.firstIndex(of: current) ?? -1) + 1) % keys.count]
        let descendingFirst: Set<RecordQuery.SortKey> = [.date, .people, .severity, .sentiment]
        return RecordQuery.Sort(next, descending: descendingFirst.contains(next))
    }

    private func reversedSort(_ list: ListState) -> RecordQuery.Sort {
        var sort = currentSort(list)
        sort.descending.toggle()
        return sort
    }

    /// Forgets the rows of a list and reads it again from the top.
    mutating func reload(_ kind: RecordKind) -> [Effect] {
        lists[kind]?.total = nil
        lists[kind]?.rows = []
        lists[kind]?.cursor = 0
        lists[kind]?.top = 0
        return ensureRows(kind)
    }

    /// The read that brings the shown rows into the window, if they are not there.
    func ensureRows(_ kind: RecordKind) -> [Effect] {
        guard let list = lists[kind] else { return [] }
        let height = listHeight
        var page = list.query
        guard let total = list.total else {
            page.offset = 0
            page.limit = height + Self.firstPageExtra
            return [.loadRows(kind, page, countAll: true)]
        }
        let shown = list.top..<min(total, list.top + height)
        let held = list.rowsOffset..<(list.rowsOffset + list.rows.count)
        guard !shown.isEmpty, shown.lowerBound < held.lowerBound || shown.upperBound > held.upperBound else { return [] }
        page.offset = max(0, list.top - Self.pageMargin)
        page.limit = height + 2 * Self.pageMargin
        return [.loadRows(kind, page, countAll: false)]
    }

    mutating func handleSearch(_ key: Key) -> [Effect] {
        guard let kind = tab.kind, var editor = searchEditor else { return [] }
        switch KeyTable.command(for: key, in: .search) {
        case .open:
            searchEditor = nil
            return []
        case .back:
            searchEditor = nil
            lists[kind]?.search = ""
            return reload(kind)
        case let command?:
            searchEditor = nil
            return perform(command)
        case nil:
            guard editor.handle(key) else { return [] }
            searchEditor = editor
            guard editor.text != lists[kind]?.search else { return [] }
            lists[kind]?.search = editor.text
            return reload(kind)
        }
    }

    mutating func clampList(_ kind: RecordKind) {
        guard var list = lists[kind] else { return }
        let count = list.total ?? 0
        let height = listHeight
        list.cursor = max(0, min(list.cursor, count - 1))
        list.top = max(0, min(list.top, count - height))
        if list.cursor < list.top { list.top = list.cursor }
        if list.cursor >= list.top + height { list.top = list.cursor - height + 1 }
        lists[kind] = list
    }
}
