import Foundation

/// What every record has: a stable id (the same on every device), when it was made and
/// last changed (UTC), the device that made it, and a tombstone instead of a hard delete.
public protocol Record: Codable, Sendable, Equatable, Identifiable where ID == UUID {
    static var kind: RecordKind { get }
    var id: UUID { get set }
    var createdAt: Timestamp { get set }
    var updatedAt: Timestamp { get set }
    var deviceId: UUID { get set }
    var deletedAt: Timestamp? { get set }
    /// Fills fields that a new record's input left out and whose default depends on other
    /// fields (a grievance's severity on its category). `given` holds the input's keys.
    mutating func fillDefaults(given: Set<String>, taxonomies: Taxonomies)
}

extension Record {
    public var isDeleted: Bool { deletedAt != nil }

    public mutating func fillDefaults(given: Set<String>, taxonomies: Taxonomies) {}
}

/// The device id a record carries before the store stamps it with its own.
public let unassignedDevice = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
