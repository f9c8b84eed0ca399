import Foundation
import LiaisonBundle
import LiaisonCore
import TerminalKit

/// Work the update function asks for, as data. The runner does it against the store and
/// answers with messages, so the update function never touches the store itself.
public enum Effect: Sendable, Equatable {
    /// The device profile and the count of changes not yet exported.
    case loadHeader
    case loadDashboard
    /// A page of a list (the query carries offset and limit), and its total when asked.
    case loadRows(RecordKind, RecordQuery, countAll: Bool)
    case loadDetail(RecordLink)
    /// Sets up the device from the welcome screen, then loads demo data if asked.
    case setUp(officer: String, unit: String, prefix: String, language: Language, loadDemo: Bool)
    /// What waits to be exported, the keys, and mounted drives.
    case loadExportSummary
    /// Writes a bundle, reporting progress as it goes.
    case export(ExportRequest)
    /// Reads what a form needs (the record, the defaults, the contacts) and opens it.
    case openForm(FormRequest)
    /// Saves a record from a form; `expecting` is when the edited record was read.
    case saveRecord(AnyRecord, expecting: Timestamp?, draft: UUID)
    case moveGrievance(UUID, Grievance.Move, draft: UUID)
    case closeLoop(UUID, on: Day, how: String, draft: UUID)
    /// Deletes a record, leaving a tombstone.
    case delete(RecordLink, name: String)
    case undo(UndoStep)
    /// Keeps a form in the store while it is typed.
    case saveDraft(FormState)
    case deleteDraft(UUID)
    /// The drafts left by a liaison that ended.
    case loadDrafts
    case loadFollowUps
    case markFollowUp(UUID, done: Bool)
    /// Opens `$VISUAL` or `$EDITOR` on the text of a field of the form on top. Only the
    /// session can do it: it hands the terminal over and takes it back.
    case editOutside(draft: UUID, field: Int, text: String)
    /// Whether the device has a vault, and whether it is open.
    case loadVault
    case unlock(passphrase: String)
    case createVault(passphrase: String)
    /// Locks the vault: the officer asked, or nobody typed for its idle time (`idle`).
    case lockVault(idle: Bool)
    /// Destroys the vault's key and the signing key.
    case wipe
    /// Completes the folder or bundle name being typed.
    case completePath(String)
    /// At base: imports the bundle at a path, or every bundle in a folder.
    case importBundles(path: String)
    /// At base: the conflicts waiting, and settling one with a side per field.
    case loadConflicts
    case resolveConflict(Int64, [String: ConflictSide])

    /// Whether the officer should see a frame before it runs.
    var takesAWhile: Bool {
        switch self {
        case .setUp(_, _, _, _, true), .export, .unlock, .createVault, .importBundles: true
        default: false
        }
    }
}

/// Everything that can change the state: terminal events and the answers to effects.
public enum Message: Sendable {
    case event(InputEvent)
    case headerLoaded(DeviceProfile?, pendingChanges: Int)
    case dashboardLoaded(Indicators)
    case rowsLoaded(RecordKind, RecordQuery, total: Int?, rows: [RecordRow])
    case detailLoaded(RecordLink, DetailPage?)
    case setUpDone(DeviceProfile)
    /// The welcome form was refused: the sentence, and the field to fix.
    case setUpRefused(String, field: String?)
    case exportSummaryLoaded(ExportSummary)
    case exportProgress(ExportProgress)
    case exported(ExportResult)
    /// No bundle was written; the sentence says why.
    case exportNotWritten(String, isError: Bool)
    /// A form to open, and the contacts for its pickers (nil keeps those already read).
    case formOpened(FormState, contacts: [ContactChoice]?)
    /// The workflow moves a grievance can make now.
    case movesOffered(UUID, reference: String, moves: [Grievance.Status], resolution: String)
    /// A record was saved from the form on top; `undo` takes it back.
    case saved(AnyRecord, undo: UndoStep?)
    /// The form on top was refused: what to fix, by field.
    case saveRefused([FieldProblem])
    /// The record was saved elsewhere while the form on top edited it.
    case saveConflict(EditConflict)
    case deleted(RecordLink, name: String)
    /// An undo was done; the sentence says what came back.
    case undone(String, RecordKind)
    case draftsFound([Draft], contacts: [ContactChoice])
    case followUpsLoaded([FollowUpItem])
    case followUpMarked(Meeting)
    /// The text came back from the outside editor.
    case editedOutside(draft: UUID, field: Int, text: String)
    /// Autosave: the forms changed since their drafts were saved are saved now.
    case saveDrafts
    /// A draft could not be saved; it is tried again at the next autosave.
    case draftNotSaved(UUID, String)
    case vaultLoaded(VaultStatus)
    /// The vault refused what was typed; the sentence says why.
    case vaultRefused(String)
    /// The vault was unlocked, locked, made or wiped; the sentence says so.
    case vaultChanged(VaultStatus, sentence: String)
    /// The path typed, completed as far as it goes.
    case pathCompleted(String)
    /// How many of the bundles an import was given are done so far.
    case importProgress(done: Int, total: Int)
    /// What an import said: the totals and what waits, then a line or two per bundle.
    case imported([String])
    /// The path typed for an import names nothing to import: said under what was typed,
    /// which stays to be corrected.
    case importPathRefused(String)
    case conflictsLoaded([ConflictView])
    /// A conflict was resolved, or the resolution refused; the sentence says which.
    case conflictResolved(String, isError: Bool)
    /// Something failed; the sentence says what.
    case failed(String)
}

/// What a form opens on.
public enum FormRequest: Sendable, Equatable {
    /// A new record; a grievance or feedback can come from a meeting and a contact, and a
    /// contact can start with a name typed in a picker.
    case new(RecordKind, meeting: UUID? = nil, contact: UUID? = nil, name: String = "", returnTo: FormReturn? = nil)
    case edit(RecordLink)
    /// The workflow moves of a grievance, to choose one.
    case moves(UUID)
    /// The form of one workflow move.
    case move(UUID, to: Grievance.Status, reference: String, resolution: String)
    case closeLoop(UUID)
}

/// Performs effects against the store.
public struct EffectRunner {
    let store: Store
    /// Where the device's keys are kept.
    let keyFolders: KeyFolders
    let demoMeetings: Int
    /// The words of the officer's language, for the forms and pages it builds.
    var words: Catalogue

    public init(store: Store, keyFolders: KeyFolders, demoMeetings: Int = 200, words: Catalogue = .standard(.en)) {
        self.store = store
        self.keyFolders = keyFolders
        self.words = words
        self.demoMeetings = demoMeetings
    }

    /// Performs an effect; `progress` hears the answers that come before the last (an
    /// export's progress).
    public func perform(_ effect: Effect, progress: (Message) -> Void = { _ in }) -> [Message] {
        do {
            switch effect {
            case .loadHeader:
                return [.headerLoaded(try store.profile(), pendingChanges: try store.changesSinceLastExport())]
            case .loadDashboard:
                return [.dashboardLoaded(try store.indicators(asOf: store.today()))]
            case .loadRows(let kind, let query, let countAll):
                let total = countAll ? try store.count(kind, query) : nil
                return [.rowsLoaded(kind, query, total: total, rows: try rows(kind, query))]
            case .loadDetail(let link):
                return [.detailLoaded(link, try DetailPageBuilder(store: store, words: words).page(link))]
            case .setUp(let officer, let unit, let prefix, let language, let loadDemo):
                let profile: DeviceProfile
                do {
                    profile = try store.setProfile(DeviceProfile(officer: officer, unit: unit, prefix: prefix,
                                                                 language: language))
                } catch let error as ValidationError {
                    return [.setUpRefused(error.message(in: words), field: error.problems.first?.field)]
                }
                // The device's signing key, for its bundles.
                try keyFolders.ring(for: store).makeDeviceKeyIfMissing()
                if loadDemo {
                    _ = try DemoData(meetings: demoMeetings, seed: 2026, for: store).populate(store) { _ in }
                }
                return [.setUpDone(profile)]
            case .loadExportSummary:
                let keys = try keyFolders.ring(for: store)
                let device = try? keys.devicePublicKey(profile: nil).fingerprint
                let base = try? keys.baseKey()
                // A base trusts officers' keys, keeps its own private key, or has imported.
                let isBase = try keys.basePrivateKeyURL != nil || !keys.trusted().isEmpty || store.hasImportedBundles()
                return [.exportSummaryLoaded(ExportSummary(
                    pending: try store.changesSinceLastExport(), last: try store.lastExport(), deviceFingerprint: device,
                    baseKey: base.map { $0.fingerprint + ($0.name.map { " (\($0))" } ?? "") },
                    mounts: MountedDrives.list(), isBase: isBase))]
            case .export(let request):
                let folder = URL(fileURLWithPath: (request.folder as NSString).expandingTildeInPath)
                let options = ExportOptions(folder: folder, full: request.full, seal: request.seal,
                                            includeProtected: request.includeProtected)
                do {
                    let result = try BundleWriter.export(store, options, keys: try keyFolders.ring(for: store)) {
                        progress(.exportProgress($0))
                    }
                    return [.exported(result)]
                } catch let refusal as ExportRefusal {
                    return [.exportNotWritten(refusal.message(in: words), isError: false)]
                } catch let refusal as BundleError {
                    return [.exportNotWritten(refusal.message(in: words), isError: true)]
                } catch let refusal as VaultError {
                    return [.exportNotWritten(refusal.message(in: words), isError: true)]
                } catch {
                    return [.exportNotWritten(EffectRunner.sentence(error, words), isError: true)]
                }
            case .loadVault, .unlock, .createVault, .lockVault, .wipe:
                return try performVaultEffect(effect)
            case .completePath(let text):
                return [.pathCompleted(PathCompletion.complete(text))]
            case .importBundles(let path):
                return performImport(path, progress: progress)
            case .loadConflicts:
                return [.conflictsLoaded(try store.conflicts().map { try ConflictView(conflict: $0, store: store, words: words) })]
            case .resolveConflict(let id, let choices):
                do {
                    try store.resolveConflict(id, choosing: choices)
                    return [.conflictResolved(words.text("ui.conflicts.resolved", ["id": String(id)]), isError: false)]
                } catch {
                    return [.conflictResolved(EffectRunner.sentence(error, words), isError: true)]
                }
            default:
                return try performRecordEffect(effect)
            }
        } catch {
            return [.failed(EffectRunner.sentence(error, words))]
        }
    }

    private func rows(_ kind: RecordKind, _ query: RecordQuery) throws -> [RecordRow] {
        let t = store.taxonomies
        let today = store.today()
        var rows: [RecordRow] = []
        switch kind {
        case .contact:
            try store.forEach(Contact.self, query) { rows.append(ListColumns.row($0, taxonomies: t, today: today, words: words)) }
        case .meeting:
            try store.forEach(Meeting.self, query) { rows.append(ListColumns.row($0, taxonomies: t, today: today, words: words)) }
        case .grievance:
            try store.forEach(Grievance.self, query) { rows.append(ListColumns.row($0, taxonomies: t, today: today, words: words)) }
        case .feedback:
            try store.forEach(Feedback.self, query) { rows.append(ListColumns.row($0, taxonomies: t, today: today, words: words)) }
        }
        return rows
    }
}
