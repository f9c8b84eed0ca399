import Foundation
import GRDB

/// Who uses this device and how: set once by `liaison init`.
public struct DeviceProfile: Codable, Sendable, Equatable {
    /// This installation's id, carried by every record it makes.
    public var deviceId: UUID
    public var officer: String
    public var unit: String
    /// 2-6 capital letters that start every grievance reference: `KDL`.
    public var prefix: String
    /// Days to acknowledge a new grievance.
    public var acknowledgeDays: Int
    /// The days to acknowledge and to resolve that a profile may set.
    public static let acknowledgeBounds = 0...365
    public static let resolveBounds = 1...3650
    /// Days to resolve a grievance.
    public var resolveDays: Int
    /// Target share of women and of youth among attendees.
    public var inclusionTarget: Double
    /// Target share of closed grievances whose loop was closed.
    public var loopClosedTarget: Double
    /// The language of the interface; nil follows `LC_ALL`, `LC_MESSAGES` and `LANG`.
    public var language: Language?

    public init(deviceId: UUID = UUID(), officer: String, unit: String, prefix: String, acknowledgeDays: Int = 2,
                resolveDays: Int = 30, inclusionTarget: Double = 0.3, loopClosedTarget: Double = 0.9,
                language: Language? = nil) {
        self.language = language
        self.deviceId = deviceId
        self.officer = officer
        self.unit = unit
        self.prefix = prefix
        self.acknowledgeDays = acknowledgeDays
        self.resolveDays = resolveDays
        self.inclusionTarget = inclusionTarget
        self.loopClosedTarget = loopClosedTarget
    }

    /// A grievance prefix: 2 to 6 letters A-Z.
    public static func isPrefix(_ text: String) -> Bool {
        (2...6).contains(text.unicodeScalars.count) && text.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) }
    }

    /// The profile with its text cleaned and the prefix in capitals, or the problems in it.
    public func checked() throws -> DeviceProfile {
        var p = self
        p.officer = TextCleaner.singleLine(officer)
        p.unit = TextCleaner.singleLine(unit)
        p.prefix = TextCleaner.singleLine(prefix).uppercased()
        var checks = Checks(RulesContext())
        checks.required(p.officer, "officer", hint: "core.hint.officer", label: "core.label.officer")
        checks.line(p.officer, "officer", label: "core.label.officer")
        checks.required(p.unit, "unit", hint: "core.hint.unit", label: "core.label.unit")
        checks.line(p.unit, "unit", label: "core.label.unit")
        if !DeviceProfile.isPrefix(p.prefix) {
            checks.fail("prefix", "core.profile.prefix", ["value": p.prefix])
        }
        checks.range(p.acknowledgeDays, DeviceProfile.acknowledgeBounds, "acknowledge_days", label: "core.label.acknowledge_days")
        checks.range(p.resolveDays, DeviceProfile.resolveBounds, "resolve_days", label: "core.label.resolve_days")
        if !(0...1).contains(p.inclusionTarget) {
            checks.fail("inclusion_target", "core.profile.inclusion_target")
        }
        if !(0...1).contains(p.loopClosedTarget) {
            checks.fail("loop_closed_target", "core.profile.loop_closed_target")
        }
        try checks.finish()
        return p
    }
}

extension Store {
    /// The device profile, or nil before `liaison init`.
    public func profile() throws -> DeviceProfile? {
        try read { try Store.profile($0) }
    }

    /// Sets the device profile. A second call refuses unless `replace`; replacing keeps the
    /// device id, so records stay attributed to this device.
    @discardableResult
    public func setProfile(_ profile: DeviceProfile, replace: Bool = false) throws -> DeviceProfile {
        let checked = try profile.checked()
        let time = now().description
        return try write { db in
            var stored = checked
            if let existing = try Store.profile(db) {
                guard replace else {
                    throw StoreError.alreadyInitialized(officer: existing.officer, prefix: existing.prefix)
                }
                stored.deviceId = existing.deviceId
                // A profile changed without naming a language keeps the one chosen before.
                stored.language = stored.language ?? existing.language
            }
            try db.execute(sql: """
                INSERT INTO device_profile (singleton, device_id, officer, unit, prefix, acknowledge_days, resolve_days,
                    inclusion_target, loop_closed_target, language, created_at, updated_at)
                VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (singleton) DO UPDATE SET officer = excluded.officer, unit = excluded.unit,
                    prefix = excluded.prefix, acknowledge_days = excluded.acknowledge_days,
                    resolve_days = excluded.resolve_days, inclusion_target = excluded.inclusion_target,
                    loop_closed_target = excluded.loop_closed_target, language = excluded.language,
                    updated_at = excluded.updated_at
                """, arguments: [stored.deviceId.uuidString, stored.officer, stored.unit, stored.prefix,
                                 stored.acknowledgeDays, stored.resolveDays, stored.inclusionTarget,
                                 stored.loopClosedTarget, stored.language?.rawValue, time, time])
            return stored
        }
    }

    static func profile(_ db: Database) throws -> DeviceProfile? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM device_profile WHERE singleton = 1") else { return nil }
        return DeviceProfile(
            deviceId: try uuid(row, "device_id"), officer: try Store.value(row, "officer"), unit: try Store.value(row, "unit"),
            prefix: try Store.parsed(row, "prefix") { DeviceProfile.isPrefix($0) ? $0 : nil } ?? "",
            acknowledgeDays: try Store.bounded(row, "acknowledge_days", DeviceProfile.acknowledgeBounds),
            resolveDays: try Store.bounded(row, "resolve_days", DeviceProfile.resolveBounds),
            inclusionTarget: try Store.optionalBounded(row, "inclusion_target", 0...1) ?? 0.3,
            loopClosedTarget: try Store.optionalBounded(row, "loop_closed_target", 0...1) ?? 0.9,
            language: try Store.optionalChoice(row, "language"))
    }

    static func requireProfile(_ db: Database) throws -> DeviceProfile {
        guard let profile = try profile(db) else { throw StoreError.notInitialized }
        return profile
    }

    /// The next grievance reference for a year: `KDL-2026-0042`. Never repeats on a device.
    static func nextReference(_ db: Database, prefix: String, year: Int) throws -> String {
        // Bounded: a sequence edited by hand (past any real count, or below 1) is damage,
        // not a reason to loop.
        for _ in 0..<10_000 {
            let next = try Row.fetchOne(db.cachedStatement(sql: """
                INSERT INTO grievance_sequence (year, last_seq) VALUES (?, 1)
                ON CONFLICT (year) DO UPDATE SET last_seq = last_seq + 1
                RETURNING last_seq
                """), arguments: [year])
            let seq = try next.map { try Store.bounded($0, "last_seq", 1...referenceLimit) } ?? 1
            let reference = "\(prefix)-\(year)-" + Day.pad(seq, 4)
            let taken = try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM grievance WHERE reference = ?)"),
                                          arguments: [reference]) ?? false
            if !taken { return reference }
        }
        throw StoreError.damaged(path: "", detail: "no free grievance reference for \(year) after 10,000 tries")
    }

    /// The most grievances a device numbers in a year.
    static let referenceLimit = 99_999_999
}
