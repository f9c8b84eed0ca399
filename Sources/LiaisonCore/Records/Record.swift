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
}

extension Record {
    public var isDeleted: Bool { deletedAt != nil }
}

/// The device id a record carries before the store stamps it with its own.
public let unassignedDevice = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
