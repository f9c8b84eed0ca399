import Foundation
@testable import LiaisonCore

/// A store in a fresh temporary folder, with a fixed clock (2026-11-21 12:00 UTC) and a profile.
final class TemporaryStore {
    let folder: URL
    let store: Store

    static let noon = Date(timeIntervalSince1970: 1_795_262_400) // 2026-11-21T12:00:00Z

    static let utc = TimeZone(identifier: "UTC")!

    init(profile: Bool = true, clock: DeviceClock = .fixed(at: TemporaryStore.noon, timeZone: TemporaryStore.utc)) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-tests-\(UUID().uuidString)")
        store = try Store(at: folder.appendingPathComponent("store.sqlite"),
                          options: Store.Options(create: true, writerWait: .milliseconds(300), deviceClock: clock))
        if profile {
            try store.setProfile(DeviceProfile(officer: "Amina Yusuf", unit: "Civil Affairs", prefix: "KDL"))
        }
    }

    var url: URL { folder.appendingPathComponent("store.sqlite") }

    deinit {
        store.close()
        try? FileManager.default.removeItem(at: folder)
    }
}

func day(_ text: String) -> Day { Day(text)! }

func start(_ text: String) -> OffsetDateTime { OffsetDateTime(text)! }
