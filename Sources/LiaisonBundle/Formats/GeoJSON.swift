import Foundation
import LiaisonCore

/// Meetings with coordinates as a GeoJSON FeatureCollection (RFC 7946) of points, written
/// feature by feature so that a large collection is never held in memory.
enum GeoJSON {
    static let head = "{\"type\":\"FeatureCollection\",\"features\":[\n"
    static let tail = "\n]}\n"
    static let separator = ",\n"

    struct Feature: Encodable {
        let type = "Feature"
        let id: String
        let geometry: Point
        let properties: Properties
    }

    struct Point: Encodable {
        let type = "Point"
        /// Longitude first, as GeoJSON orders positions.
        let coordinates: [Double]
    }

    struct Properties: Encodable {
        let title: String
        let kind: String
        let start: String
        let place: String
        let adm1: String
        let adm2: String
        let attendees: Int
        let women: Int
        let men: Int
        let girls: Int
        let boys: Int
        let earlyWarning: Bool
    }

    /// The feature of a meeting, or nil when it has no coordinates or was deleted.
    static func feature(_ meeting: Meeting, encoder: JSONEncoder) throws -> String? {
        guard !meeting.isDeleted, let latitude = meeting.latitude, let longitude = meeting.longitude else { return nil }
        let count = meeting.headcount
        let feature = Feature(
            id: meeting.id.uuidString.lowercased(),
            geometry: Point(coordinates: [longitude, latitude]),
            properties: Properties(title: meeting.title, kind: meeting.kind, start: meeting.start.description,
                                   place: meeting.place, adm1: meeting.adm1, adm2: meeting.adm2,
                                   attendees: meeting.attendees.count, women: count.women, men: count.men,
                                   girls: count.girls, boys: count.boys, earlyWarning: meeting.earlyWarning))
        return String(decoding: try encoder.encode(feature), as: UTF8.self)
    }
}
