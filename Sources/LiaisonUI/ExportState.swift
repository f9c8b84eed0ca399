import Foundation
import LiaisonBundle
import LiaisonCore

/// What the Export tab knows before an export: what waits, the last bundle, the keys, and
/// folders the officer may want (mounted drives such as a USB stick).
public struct ExportSummary: Sendable, Equatable {
    public var pending: Int
    public var last: ExportMark?
    public var deviceFingerprint: String?
    /// The base's key fingerprint and name, when one is set.
    public var baseKey: String?
    public var mounts: [String]
    /// The store is a base's: it trusts officers' keys, keeps a base's private key beside
    /// its own keys, or has imported bundles.
    public var isBase: Bool

    public init(pending: Int, last: ExportMark?, deviceFingerprint: String?, baseKey: String?, mounts: [String],
                isBase: Bool = false) {
        self.pending = pending
        self.last = last
        self.deviceFingerprint = deviceFingerprint
        self.baseKey = baseKey
        self.mounts = mounts
        self.isBase = isBase
    }
}

/// The export the officer asked for.
public struct ExportRequest: Sendable, Equatable {
    public var folder: String
    public var full: Bool
    public var seal: Bool
    public var includeProtected: Bool
}

/// The Export tab: the choices, the progress of an export, and its result.
public struct ExportState: Sendable, Equatable {
    /// The rows the cursor moves over.
    public enum Field: Int, Sendable, CaseIterable {
        case folder, full, seal, includeProtected, start
    }

    /// How the last export ended.
    public enum Outcome: Sendable, Equatable {
        case written(ExportResult)
        /// Nothing was written: the sentence says why (nothing changed, a full disk, ...).
        case notWritten(String, isError: Bool)
    }

    public var folder: LineEditor
    /// The folder while it is being typed; nil otherwise.
    public var folderEditor: LineEditor?
    public var full = false
    public var seal = false
    /// The officer flipped sealing; until then it follows whether a base key is set.
    public var sealChosen = false
    public var includeProtected = false
    public var focus = Field.folder
    public var summary: ExportSummary?
    public var progress: ExportProgress?
    public var outcome: Outcome?

    public init(folder: String) { self.folder = LineEditor(folder) }

    var request: ExportRequest {
        ExportRequest(folder: folder.text, full: full, seal: seal, includeProtected: includeProtected)
    }

    var isRunning: Bool { progress != nil }

    /// The next folder to offer: the current folder, then each mounted drive, in turn.
    mutating func nextSuggestedFolder(start: String) {
        let choices = [start] + (summary?.mounts ?? [])
        let next = choices.firstIndex(of: folder.text).map { (choices.index(after: $0)) % choices.count } ?? 0
        folder = LineEditor(choices[next])
    }
}
