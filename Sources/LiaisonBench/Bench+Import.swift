import Foundation
import LiaisonBundle
import LiaisonCore
#if canImport(Glibc)
import Glibc
#endif

extension Bench {
    /// Times importing at base: a device writes `bundles` bundles of about
    /// `recordsPerBundle` records each (a full one, then incremental ones), and base, whose
    /// store already holds `baseRecords` records of its own, imports them all. Prints the
    /// time, records a second, and resident memory before and after the import.
    ///
    /// With `weekly`, base's own records spread over the two years before the device's
    /// first week, and each bundle holds what the device made in the week since the one
    /// before, as an officer back from each trip exports it: the best case, where every
    /// bundle's ids sort after all base holds. Without, as measured before ids were
    /// ordered by time, base's records spread over the two years up to the last day, and
    /// every bundle's over the same last four and a half months, an order no device makes,
    /// whose rows land all over the newest fifth of base's indexes and the device's own.
    static func measureImport(bundles: Int, recordsPerBundle: Int, baseRecords: Int, weekly: Bool,
                              in folder: URL) throws {
        let shape = weekly ? "a week each" : "each over the same months"
        print("\n== import: \(bundles) bundles of about \(recordsPerBundle) records (\(shape)) into a base of \(baseRecords) ==")
        let work = folder.appendingPathComponent("import-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let keyFolders = KeyFolders(root: work.appendingPathComponent("keys"))
        let now = Timestamp(parsing: "2026-11-21T18:00:00Z")!
        let today = Day("2026-11-21")!
        let baseToday = today.adding(days: weekly ? -7 * bundles : 0)
        let baseNow = Timestamp(milliseconds: now.milliseconds - Int64(today.daysSinceEpoch - baseToday.daysSinceEpoch) * 86_400_000)
        let meetingsPerBundle = DemoData.meetings(forRecords: recordsPerBundle)

        let device = try Store(at: work.appendingPathComponent("device.sqlite"), options: Store.Options(create: true))
        try device.setProfile(DeviceProfile(officer: "Bench Officer", unit: "Bench", prefix: "BEN"))
        let ring = try keyFolders.ring(for: device)
        try ring.makeDeviceKeyIfMissing()
        let out = work.appendingPathComponent("bundles")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        var urls: [URL] = []
        var written = 0
        let making = try time {
            for round in 0..<bundles {
                let weeksLeft = Int64(bundles - 1 - round)
                let demo = weekly
                    ? DemoData(meetings: meetingsPerBundle, seed: 10_000 + UInt64(round),
                               now: Timestamp(milliseconds: now.milliseconds - weeksLeft * 7 * 86_400_000),
                               today: today.adding(days: -7 * Int(weeksLeft)), days: 7)
                    : DemoData(meetings: meetingsPerBundle, seed: 10_000 + UInt64(round), now: now, today: today)
                written += try demo.populate(device).total
                urls.append(try BundleWriter.export(device, ExportOptions(folder: out, full: round == 0, seal: false),
                                                    keys: ring).url)
            }
        }
        report("device: \(written) records in \(bundles) bundles", making)
        let publicKey = work.appendingPathComponent("device.pub")
        _ = try ring.exportDevicePublicKey(to: publicKey, profile: try device.profile())
        device.close()

        let base = try Store(at: work.appendingPathComponent("base.sqlite"), options: Store.Options(create: true))
        defer { base.close() }
        try base.setProfile(DeviceProfile(officer: "Base Clerk", unit: "Base", prefix: "BAS"))
        var held = 0
        let building = try time {
            held = try DemoData(meetings: DemoData.meetings(forRecords: baseRecords), seed: 1, now: baseNow, today: baseToday)
                .populate(base).total
        }
        report("base: \(held) records of its own", building,
               extra: String(format: "%.0f records/s", Double(held) / building))
        let baseKeys = try keyFolders.ring(for: base)
        _ = try baseKeys.trust(publicKey, officer: "Bench Officer")

        let verifying = try time {
            for url in urls { _ = try BundleVerifier.verify(url, keys: baseKeys) }
        }
        report("verify alone, \(bundles) bundles", verifying)
        let backingUp = try time { try FileManager.default.removeItem(at: try base.backup(reason: "bench")) }
        report("backup of the base alone", backingUp)
        try measureImportFloor(base: base, device: work.appendingPathComponent("device.sqlite"), bundles: bundles,
                               backup: backingUp, in: work)
        let before = Memory.residentMiB()
        var results: [ImportResult] = []
        let importing = time {
            results = BundleImporter(store: base, keys: baseKeys, explain: { "\($0)" }).run(urls)
        }
        let landed = results.reduce(0) { total, result in
            if case .imported(let counts) = result.status { total + counts.new + counts.updated + counts.deleted + counts.unchanged } else { total }
        }
        let refused = results.filter { if case .refused = $0.status { true } else { false } }
        guard refused.isEmpty else { throw BenchFailure("a bundle was refused: \(refused[0].status)") }
        report("import of \(bundles) bundles (\(landed) records)", importing,
               extra: String(format: "%.0f records/s; resident %.0f MiB before, %.0f MiB after", Double(landed) / importing,
                             before, Memory.residentMiB()))
    }
}
