import Foundation
import LiaisonCore
import TerminalKit

/// Whether this device has a vault, and whether the interface has it open.
public enum VaultStatus: Sendable, Equatable {
    case none
    case locked(lockAfterMinutes: Int)
    case unlocked(lockAfterMinutes: Int)

    var lockAfterMinutes: Int? {
        switch self {
        case .none: nil
        case .locked(let minutes), .unlocked(let minutes): minutes
        }
    }

    var isUnlocked: Bool { if case .unlocked = self { true } else { false } }
}

/// A line typed in answer to the vault: its passphrase (never shown), or the word that
/// confirms a wipe.
public struct PromptState: Sendable, Equatable {
    public enum Purpose: Sendable, Equatable {
        /// The passphrase that opens the vault.
        case unlock
        /// A new vault's passphrase; then (`first` set) the same again.
        case create(first: String?)
        /// The word that confirms destroying the keys.
        case wipe
        /// At base: the path of a bundle, or of a folder of bundles, to import.
        case importPath
        /// What the import said.
        case importDone([String])
    }

    public var purpose: Purpose
    public var editor = LineEditor()
    /// Why the last answer was refused.
    public var problem: String?
    /// The answer is being checked (scrypt takes a moment).
    public var working = false
    /// Of an import under way: how many bundles are done, of how many.
    public var done = 0
    public var total = 0
    /// Of what an import said: the first line shown, once wrapped to the box.
    public var offset = 0

    public init(purpose: Purpose) { self.purpose = purpose }

    /// A passphrase is never shown, only how long it is.
    var hidesText: Bool {
        switch purpose {
        case .unlock, .create: true
        case .wipe, .importPath, .importDone: false
        }
    }

    var context: KeyContext {
        switch purpose {
        case .unlock, .create: .vaultQuestion
        case .wipe: .wipeQuestion
        case .importPath: .importPath
        case .importDone: .importReport
        }
    }
}

extension AppState {
    /// The prompt on top, if any.
    public var prompt: PromptState? {
        get { if case .prompt(let value)? = top { value } else { nil } }
        set {
            layers.removeAll { if case .prompt = $0 { true } else { false } }
            if let newValue { layers.append(.prompt(newValue)) }
        }
    }

    /// `U`: unlocks the vault, locks it when open, or makes one when there is none.
    mutating func toggleVault() -> [Effect] {
        switch vault {
        case .unlocked: return [.lockVault(idle: false)]
        case .locked: prompt = PromptState(purpose: .unlock)
        case .none: prompt = PromptState(purpose: .create(first: nil))
        }
        return []
    }

    /// `W`: asks for the typed word before destroying the keys.
    mutating func askToWipe() -> [Effect] {
        prompt = PromptState(purpose: .wipe)
        return []
    }

    /// `i` on the Export tab: asks where the bundles to import are.
    mutating func askToImport() -> [Effect] {
        prompt = PromptState(purpose: .importPath)
        return []
    }

    mutating func handlePrompt(_ key: Key) -> [Effect] {
        guard var current = prompt, !current.working else { return [] }
        let command = KeyTable.command(for: key, in: current.context)
        // Tab completes a folder or bundle name, as a shell does.
        if current.purpose == .importPath, command == .completeName { return [.completePath(current.editor.text)] }
        if case .importDone(let lines) = current.purpose {
            // What an import said is read: the keys scroll it, from where it shows now (a
            // resize may have moved the end).
            let layout = PromptScreen.reportLayout(lines, in: contentArea)
            let page = max(1, layout.visible - 1)
            let last = max(0, layout.lines.count - layout.visible)
            let offset = min(max(0, current.offset), last)
            let moved: Int? = switch command {
            case .down: offset + 1
            case .up: offset - 1
            case .pageDown: offset + page
            case .pageUp: offset - page
            case .first: 0
            case .last: last
            default: nil
            }
            if let moved {
                current.offset = min(max(0, moved), last)
                prompt = current
                return []
            }
            // Nothing is typed here: closing is all that is left.
            guard command == .back || command == .confirm || command == .open else { return [] }
        }
        switch command {
        case .back:
            prompt = nil
            return []
        case .confirm, .open:
            return answer(current)
        default:
            if current.editor.handle(key) { current.problem = nil }
            prompt = current
            return []
        }
    }

    private mutating func answer(_ current: PromptState) -> [Effect] {
        var next = current
        let typed = current.editor.text
        switch current.purpose {
        case .unlock:
            guard !typed.isEmpty else { return [] }
            next.working = true
            prompt = next
            return [.unlock(passphrase: typed)]
        case .create(nil):
            guard typed.count >= VaultFile.minimumPassphrase else {
                next.problem = VaultError.weakPassphrase(minimum: VaultFile.minimumPassphrase).message(in: words)
                prompt = next
                return []
            }
            prompt = PromptState(purpose: .create(first: typed))
            return []
        case .create(let first?):
            guard typed == first else {
                var again = PromptState(purpose: .create(first: nil))
                again.problem = VaultError.passphrasesDiffer.message(in: words)
                prompt = again
                return []
            }
            next.working = true
            prompt = next
            return [.createVault(passphrase: typed)]
        case .wipe:
            // The word of either language: an officer trained in one may work in the other.
            let answer = typed.trimmingCharacters(in: .whitespaces)
            guard Language.allCases.contains(where: {
                answer.caseInsensitiveCompare(Catalogue.standard($0).text("ui.wipe.word")) == .orderedSame
            }) else {
                next.problem = words.text("ui.wipe.not_confirmed", ["word": words.text("ui.wipe.word")])
                prompt = next
                return []
            }
            prompt = nil
            return [.wipe]
        case .importPath:
            guard !typed.trimmingCharacters(in: .whitespaces).isEmpty else { return [] }
            next.working = true
            prompt = next
            return [.importBundles(path: typed)]
        case .importDone:
            prompt = nil
            return refreshAll()
        }
    }

    /// What the vault's answers change.
    mutating func vaultMessage(_ message: Message) -> [Effect] {
        switch message {
        case .vaultLoaded(let status):
            vault = status
            return []
        case .vaultRefused(let sentence):
            guard var current = prompt else {
                status = StatusLine(text: sentence, isError: true)
                return []
            }
            // A refused passphrase is typed again from the start.
            current.editor = LineEditor()
            current.working = false
            current.problem = sentence
            prompt = current
            return []
        case .vaultChanged(let new, let sentence):
            let wasUnlocked = vault.isUnlocked
            vault = new
            prompt = nil
            status = StatusLine(text: sentence, isError: false)
            var effects: [Effect] = []
            if wasUnlocked && !new.isUnlocked {
                effects += putAwayProtectedForms()
                // What pickers offer goes back to code names too.
                contactChoices = contactChoices.map { choice in
                    guard let code = choice.codeName else { return choice }
                    var hidden = choice
                    hidden.name = code
                    hidden.localName = ""
                    return hidden
                }
            } else if new.isUnlocked {
                // Forms put away when it locked come back where they were, and sealed drafts
                // left by a liaison that ended are offered.
                for stack in formsPutAway { for form in stack { layers.append(.form(form)) } }
                formsPutAway = []
                effects.append(.loadDrafts)
            }
            return effects + refreshAll()
        case .pathCompleted(let text):
            guard var current = prompt, current.purpose == .importPath else { return [] }
            current.editor = LineEditor(text)
            current.problem = nil
            prompt = current
            return []
        case .importProgress(let done, let total):
            guard var current = prompt, current.purpose == .importPath, current.working else { return [] }
            current.done = done
            current.total = total
            prompt = current
            return []
        case .imported(let lines):
            prompt = PromptState(purpose: .importDone(lines))
            return []
        case .importPathRefused(let sentence):
            guard var current = prompt, current.purpose == .importPath else { return [] }
            current.working = false
            current.problem = sentence
            prompt = current
            return []
        default:
            return []
        }
    }

    /// When the vault locks, forms that hold a protected contact's identity leave the
    /// screen, with any form opened over them: their drafts are saved sealed, and they come
    /// back once the vault is unlocked.
    private mutating func putAwayProtectedForms() -> [Effect] {
        guard let first = layers.firstIndex(where: { $0.form?.holdsProtectedIdentity == true }) else { return [] }
        let stack = layers[first...].compactMap(\.form)
        layers.removeSubrange(first...)
        formsPutAway.append(stack)
        unsavedDrafts.subtract(stack.map(\.draftId))
        return stack.map { .saveDraft($0) }
    }

    /// Reads again what is shown, and forgets the rows read for other tabs: names change
    /// with the vault, and a tab left with real names must not show them once it locks.
    private mutating func refreshAll() -> [Effect] {
        var effects: [Effect] = [.loadHeader, .loadDashboard]
        for detail in details { effects.append(.loadDetail(detail.link)) }
        for kind in RecordKind.allCases where kind != tab.kind {
            lists[kind]?.rows = []
            lists[kind]?.total = nil
        }
        if let kind = tab.kind { effects += reload(kind) }
        if tab == .export { effects.append(.loadExportSummary) }
        return effects
    }
}

extension FormState {
    /// A protected contact's form: its draft is sealed, and it leaves the screen when the
    /// vault locks.
    var holdsProtectedIdentity: Bool {
        guard purpose == .record(.contact) else { return false }
        return fields.contains { $0.key == Contact.Field.sensitivity.rawValue && $0.codes.first == Sensitivity.protected.rawValue }
    }
}

/// The vault's question in a box over the screen: what to type, a line to type it on
/// (bullets for a passphrase), and what was wrong with the last answer.
enum PromptScreen {
    static func draw(_ prompt: PromptState, words: Catalogue, in area: Rect, into buffer: inout ScreenBuffer) -> Point? {
        if case .importDone(let report) = prompt.purpose {
            drawReport(report, offset: prompt.offset, words: words, in: area, into: &buffer)
            return nil
        }
        let (title, text) = content(prompt, words)
        let width = boxWidth(area)
        let inner = textWidth(area)
        let lines = DetailPage.wrap(text, width: inner)
        let problem = prompt.problem.map { DetailPage.wrap($0, width: inner) } ?? []
        let height = min(area.height, lines.count + problem.count + 4)
        let box = area.centred(width: width, height: height)
        guard box.width >= 10, box.height >= 3 else { return nil }
        let inside = Box.draw(box, title: title, into: &buffer)
        var y = inside.y
        for line in lines where y < inside.maxY - 1 {
            buffer.put(line, x: inside.x + 1, y: y, style: .text)
            y += 1
        }
        y += 1
        let shown = prompt.hidesText ? String(repeating: "•", count: prompt.editor.text.count) : prompt.editor.text
        let field = Rect(x: inside.x + 1, y: min(y, inside.maxY - 1), width: max(1, inside.width - 2), height: 1)
        buffer.fill(field, style: .selection)
        buffer.put(shown, x: field.x, y: field.y, style: .selection, limit: field.width, asTyped: true)
        for line in problem where y + 1 < inside.maxY {
            y += 1
            buffer.put(line, x: inside.x + 1, y: y, style: .warning)
        }
        let before = prompt.hidesText ? prompt.editor.cursor : CellWidth.of(String(prompt.editor.text.prefix(prompt.editor.cursor)))
        return Point(x: field.x + min(before, field.width - 1), y: field.y)
    }

    /// A prompt's box: as wide as the area allows, up to 64 columns.
    private static func boxWidth(_ area: Rect) -> Int { min(area.width - 2, 64) }

    /// The width a prompt's text is wrapped to inside its box.
    private static func textWidth(_ area: Rect) -> Int { max(8, boxWidth(area) - 4) }

    /// What an import said as the box shows it: its lines wrapped to the box's width, and
    /// how many of them fit at once (the box's last row says where the reader is).
    static func reportLayout(_ report: [String], in area: Rect) -> (lines: [String], visible: Int) {
        let lines = DetailPage.wrap(report.joined(separator: "\n"), width: textWidth(area))
        return (lines, max(0, min(area.height, lines.count + 4) - 3))
    }

    /// The import's report, from line `offset` on; when it does not fit, its last row says
    /// which lines show, of how many, and how to see the rest.
    static func drawReport(_ report: [String], offset: Int, words: Catalogue, in area: Rect,
                           into buffer: inout ScreenBuffer) {
        let layout = reportLayout(report, in: area)
        let box = area.centred(width: boxWidth(area), height: min(area.height, layout.lines.count + 4))
        guard box.width >= 10, box.height >= 3 else { return }
        let inside = Box.draw(box, title: words.text("ui.import.title"), into: &buffer)
        // After a resize the offset may be past the end: the last page shows.
        let first = min(max(0, offset), max(0, layout.lines.count - layout.visible))
        for (row, line) in layout.lines.dropFirst(first).prefix(layout.visible).enumerated() {
            buffer.put(line, x: inside.x + 1, y: inside.y + row, style: .text)
        }
        guard layout.lines.count > layout.visible, layout.visible > 0 else { return }
        let position = words.text("ui.import.position", [
            "first": words.number(first + 1), "last": words.number(first + layout.visible),
            "count": words.number(layout.lines.count),
        ])
        buffer.put(position, x: inside.x + 1, y: inside.maxY - 1, style: .dim, limit: max(1, inside.width - 2))
    }

    private static func content(_ prompt: PromptState, _ words: Catalogue) -> (String, String) {
        switch prompt.purpose {
        case .unlock:
            (words.text("ui.vault.unlock.title"), words.text(prompt.working ? "ui.vault.checking" : "ui.vault.unlock.text"))
        case .create(nil):
            (words.text("ui.vault.create.title"),
             words.text("ui.vault.create.text", ["count": String(VaultFile.minimumPassphrase)]))
        case .create:
            (words.text("ui.vault.create.title"), words.text(prompt.working ? "ui.vault.checking" : "ui.vault.create.again"))
        case .wipe:
            (words.text("ui.wipe.title"), words.text("ui.wipe.text", ["word": words.text("ui.wipe.word")]))
        case .importPath:
            (words.text("ui.import.title"), !prompt.working ? words.text("ui.import.text")
                : prompt.total > 0 ? words.plural("ui.import.working_count", count: prompt.total,
                                                  ["done": words.number(prompt.done)])
                : words.text("ui.import.working"))
        case .importDone:
            // Drawn apart, scrolled (`drawReport`).
            (words.text("ui.import.title"), "")
        }
    }
}
