import Crypto
import Foundation
import LiaisonBundle
import LiaisonCore
import ZIPFoundation

/// A temporary folder with a store set up for an officer, its keys beside it, and an
/// output folder for bundles; removed when the test ends.
final class BundleFixture {
    let folder: URL
    let store: Store
    let keys: KeyRing
    /// Where the fixture's devices keep their keys: its own data folder.
    let keyFolders: KeyFolders
    let out: URL

    /// Mid-morning in Kadugli, 21 November 2026; the fixture's clock starts there and runs on.
    static let start = Date(timeIntervalSince1970: 1_795_248_000) // 2026-11-21T08:00:00Z
    static let zone = TimeZone(identifier: "Africa/Juba")!

    init(meetings: Int = 0, clock: (@Sendable () -> Date)? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-bundle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let deviceClock = clock.map { DeviceClock(now: $0, timeZone: Self.zone) }
            ?? .starting(at: Self.start, timeZone: Self.zone)
        store = try Store(at: folder.appendingPathComponent("store/liaison.sqlite"),
                          options: Store.Options(create: true, deviceClock: deviceClock))
        try store.setProfile(DeviceProfile(officer: "Amina Yusuf", unit: "Civil Affairs Kadugli", prefix: "KDL"))
        keyFolders = KeyFolders(root: folder.appendingPathComponent("data/keys"))
        keys = try keyFolders.ring(for: store)
        try keys.makeDeviceKeyIfMissing()
        out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        if meetings > 0 {
            _ = try DemoData(meetings: meetings, seed: 7, for: store).populate(store) { _ in }
        }
    }

    deinit {
        store.close()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Exports with the given options into `out` (or another folder).
    func export(full: Bool = false, seal: Bool? = false, includeProtected: Bool = false, inClear: Bool = false,
                into folder: URL? = nil, isCancelled: @escaping @Sendable () -> Bool = { false }) throws -> ExportResult {
        try BundleWriter.export(store, ExportOptions(folder: folder ?? out, full: full, seal: seal,
                                                     includeProtected: includeProtected, inClear: inClear,
                                                     isCancelled: isCancelled),
                                keys: keys)
    }

    /// The files in the output folder, hidden ones included.
    func outputFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
    }
}

