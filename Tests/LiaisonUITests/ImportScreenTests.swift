import Foundation
import LiaisonBundle
import LiaisonCore
import TerminalKit
import Testing
@testable import LiaisonUI

/// Importing at base from the Export tab: `i`, a path with Tab completion, and what the
/// import said, bundle by bundle.
struct ImportScreenTests {
    func typed(_ text: String) -> [InputEvent] { text.map { key(.character($0)) } }

    /// A device of its own (Juma Deng, BOR) with its keys, writing bundles into `out`;
    /// trusted by the fixture's base when `trusted`.
    final class Device {
        let store: Store
        let ring: KeyRing
        let out: URL

        init(_ fixture: Fixture, trusted: Bool) throws {
            store = try Store(at: fixture.folder.appendingPathComponent("device/liaison.sqlite"),
                              options: Store.Options(create: true, deviceClock: .starting(
                                  at: Date(timeIntervalSince1970: 1_795_248_000), timeZone: TimeZone(identifier: "UTC")!)))
            try store.setProfile(DeviceProfile(officer: "Juma Deng", unit: "Civil Affairs", prefix: "BOR"))
            ring = try KeyFolders(root: fixture.folder.appendingPathComponent("device-data/keys")).ring(for: store)
            try ring.makeDeviceKeyIfMissing()
            out = fixture.folder.appendingPathComponent("bundles from Bor")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            if trusted {
                let file = fixture.folder.appendingPathComponent("bor.pub")
                _ = try ring.exportDevicePublicKey(to: file, profile: try store.profile())
                _ = try fixture.keyFolders.ring(for: fixture.store).trust(file, officer: "Juma Deng")
            }
        }

        deinit { store.close() }

        func export(full: Bool = false) throws -> URL {
            try BundleWriter.export(store, ExportOptions(folder: out, full: full, seal: false), keys: ring).url
        }
    }

    /// A device that exports one bundle into its folder, which is returned.
    func deviceBundle(_ fixture: Fixture, trusted: Bool) throws -> URL {
        let device = try Device(fixture, trusted: trusted)
        _ = try device.store.save(Contact(name: "Nyandeng Chol", community: "Bor"))
        _ = try device.export(full: true)
        return device.out
    }

    @Test func theExportTabKnowsABaseByTheOfficersItTrusts() throws {
        let fixture = try Fixture()
        let before = fixture.run(keys("6")).lines.joined(separator: "\n")
        #expect(before.contains("Export a bundle to carry back to base"), "\(before)")
        _ = try Device(fixture, trusted: true)
        let after = fixture.run(keys("6")).lines.joined(separator: "\n")
        #expect(after.contains("Import bundles, or export your own"), "\(after)")
        #expect(!after.contains("carry back"), "\(after)")
    }

    @Test func iOnTheExportTabImportsAFolderOfBundlesAndSaysHowEachFared() throws {
        let fixture = try Fixture()
        let out = try deviceBundle(fixture, trusted: true)
        // Tab completes "bundles f" to the folder's whole name.
        let partial = fixture.folder.path + "/bundles f"
        let screen = fixture.run(keys("6") + [key(.character("i"))] + typed(partial) + [key(.tab), key(.enter)])
        let text = screen.lines.joined(separator: "\n")
        #expect(text.contains("Import bundles"), "\(text)")
        #expect(text.contains("imported from Juma Deng") && text.contains("1 new"), "\(text)")
        #expect(text.contains("1 bundle: 1 imported, 0 already imported, 0 refused."), "\(text)")
        #expect(try fixture.store.records(Contact.self, RecordQuery(search: "Nyandeng")).count == 1)
        #expect(!Store.backups(of: fixture.store.url).isEmpty)

        // Again: already imported, nothing changed.
        let again = fixture.run(keys("6") + [key(.character("i"))] + typed(out.path) + [key(.enter)])
        let said = again.lines.joined(separator: "\n")
        #expect(said.contains(": already imported; nothing") && said.contains("1 bundle: 0 imported, 1 already"), "\(said)")
    }

    @Test func aBundleOfAnUntrustedDeviceIsRefusedWithItsReason() throws {
        let fixture = try Fixture()
        let out = try deviceBundle(fixture, trusted: false)
        let screen = fixture.run(keys("6") + [key(.character("i"))] + typed(out.path) + [key(.enter)])
        let text = screen.lines.joined(separator: "\n")
        #expect(text.contains(".zip: refused.") && text.contains("1 bundle: 0 imported, 0 already imported, 1 refused."),
                "\(text)")
        #expect(try fixture.store.records(Contact.self, RecordQuery(search: "Nyandeng")).isEmpty)
    }

    @Test func pathsCompleteAsAShellDoes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-complete-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("bundles-2026"), withIntermediateDirectories: true)
        try Data().write(to: folder.appendingPathComponent("bundle-1.zip"))
        try Data().write(to: folder.appendingPathComponent("bundle-2.zip"))
        #expect(PathCompletion.complete(folder.path + "/bun") == folder.path + "/bundle")
        #expect(PathCompletion.complete(folder.path + "/bundles") == folder.path + "/bundles-2026/")
        #expect(PathCompletion.complete(folder.path + "/nothing") == folder.path + "/nothing")
    }

    @Test func cShowsAConflictSideBySideAndTheOfficerSettlesIt() throws {
        let fixture = try Fixture()
        let device = try Device(fixture, trusted: true)
        let contact = try device.store.save(Contact(name: "Nyandeng Chol", community: "Bor"))
        let importer = BundleImporter(store: fixture.store, keys: try fixture.keyFolders.ring(for: fixture.store),
                                      explain: { "\($0)" })
        _ = importer.run([try device.export(full: true)])
        // Base corrects the community one way, the field another.
        _ = try fixture.store.edit(Contact.self, id: contact.id) { var c = $0; c.community = "Bor town"; return c }
        _ = try device.store.edit(Contact.self, id: contact.id) { var c = $0; c.community = "Bor county"; return c }
        _ = importer.run([try device.export()])
        #expect(try fixture.store.conflicts().count == 1)

        let shown = fixture.run(keys("6c")).lines.joined(separator: "\n")
        #expect(shown.contains("Conflict 1") && shown.contains("Nyandeng Chol"), "\(shown)")
        #expect(shown.contains("Bor town") && shown.contains("Bor county") && shown.contains("In the field (Juma Deng)"), "\(shown)")

        // Enter before a side is chosen says what is left; f then Enter settles it.
        let early = fixture.run(keys("6c") + [key(.enter)]).lines.joined(separator: "\n")
        #expect(early.contains("Choose a side for every field first"), "\(early)")
        let settled = fixture.run(keys("6c") + [key(.character("f")), key(.enter)]).lines.joined(separator: "\n")
        #expect(settled.contains("Conflict 1 resolved"), "\(settled)")
        #expect(try fixture.store.record(Contact.self, id: contact.id)?.community == "Bor county")
        #expect(try fixture.store.conflicts().isEmpty)
        #expect(settled.contains("No conflicts wait"), "\(settled)")
    }
}
