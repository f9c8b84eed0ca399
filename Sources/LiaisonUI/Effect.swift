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
    case setUp(officer: String, unit: String, prefix: String, loadDemo: Bool)
    /// What waits to be exported, the keys, and mounted drives.
    case loadExportSummary
    /// Writes a bundle, reporting progress as it goes.
    case export(ExportRequest)

    /// Whether the officer should see a frame before it runs.
    var takesAWhile: Bool {
        switch self {
        case .setUp(_, _, _, true), .export: true
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
    /// Something failed; the sentence says what.
    case failed(String)
}

/// Performs effects against the store.
public struct EffectRunner {
    let store: Store
    let demoMeetings: Int

    public init(store: Store, demoMeetings: Int = 200) {
        self.store = store
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
                return [.detailLoaded(link, try DetailPageBuilder(store: store).page(link))]
            case .setUp(let officer, let unit, let prefix, let loadDemo):
                let profile: DeviceProfile
                do {
                    profile = try store.setProfile(DeviceProfile(officer: officer, unit: unit, prefix: prefix))
                } catch let error as ValidationError {
                    return [.setUpRefused(error.description, field: error.problems.first?.field)]
                }
                // The device's signing key, for its bundles.
                _ = try KeyRing(store: store.url).deviceKey()
                if loadDemo {
                    _ = try DemoData(meetings: demoMeetings, seed: 2026, today: store.today()).populate(store) { _ in }
                }
                return [.setUpDone(profile)]
            case .loadExportSummary:
                let keys = KeyRing(store: store.url)
                let device = try? keys.devicePublicKey(profile: nil).fingerprint
                let base = try? keys.baseKey()
                return [.exportSummaryLoaded(ExportSummary(
                    pending: try store.changesSinceLastExport(), last: try store.lastExport(), deviceFingerprint: device,
                    baseKey: base.map { $0.fingerprint + ($0.name.map { " (\($0))" } ?? "") },
                    mounts: MountedDrives.list()))]
            case .export(let request):
                let folder = URL(fileURLWithPath: (request.folder as NSString).expandingTildeInPath)
                let options = ExportOptions(folder: folder, full: request.full, seal: request.seal,
                                            includeProtected: request.includeProtected)
                do {
                    let result = try BundleWriter.export(store, options, keys: KeyRing(store: store.url)) {
                        progress(.exportProgress($0))
                    }
                    return [.exported(result)]
                } catch let refusal as ExportRefusal {
                    return [.exportNotWritten(refusal.description, isError: false)]
                } catch {
                    return [.exportNotWritten(String(describing: error), isError: true)]
                }
            }
        } catch {
            return [.failed(String(describing: error))]
        }
    }

    private func rows(_ kind: RecordKind, _ query: RecordQuery) throws -> [RecordRow] {
        let t = store.taxonomies
        let today = store.today()
        var rows: [RecordRow] = []
        switch kind {
        case .contact: try store.forEach(Contact.self, query) { rows.append(ListColumns.row($0, taxonomies: t, today: today)) }
        case .meeting: try store.forEach(Meeting.self, query) { rows.append(ListColumns.row($0, taxonomies: t, today: today)) }
        case .grievance: try store.forEach(Grievance.self, query) { rows.append(ListColumns.row($0, taxonomies: t, today: today)) }
        case .feedback: try store.forEach(Feedback.self, query) { rows.append(ListColumns.row($0, taxonomies: t, today: today)) }
        }
        return rows
    }
}
