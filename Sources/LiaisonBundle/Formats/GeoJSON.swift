import Foundation
import LiaisonCore

/// Meetings with coordinates as a GeoJSON FeatureCollection (RFC 7946) of points, written
/// feature by feature so that a large collection is never held in memory.
enum GeoJSON {
    static let head = "{\"type\":\"FeatureCollection\",\"features\":[\n"
    static let tail = "\n]}\n"
    static let separator = ",\n"

    /// The feature of a meeting, or nil when it has no coordinates or was deleted.
    static func feature(_ meeting: Meeting) -> [UInt8]? {
        guard !meeting.isDeleted, let latitude = meeting.latitude, let longitude = meeting.longitude else { return nil }
        var json = JSONBytes()
        json.beginObject()
        json.object("geometry") { json in
            json.numbers("coordinates", [longitude, latitude]) // GeoJSON puts longitude first
            json.string("type", "Point")
        }
        json.string("id", meeting.id.uuidString.lowercased())
        json.object("properties") { json in
            let count = meeting.headcount
            json.string("adm1", meeting.adm1)
            json.string("adm2", meeting.adm2)
            json.number("attendees", meeting.attendees.count)
            json.number("boys", count.boys)
            json.bool("early_warning", meeting.earlyWarning)
            json.number("girls", count.girls)
            json.string("kind", meeting.kind)
            json.number("men", count.men)
            json.string("place", meeting.place)
            json.string("start", meeting.start.description)
            json.string("title", meeting.title)
            json.number("women", count.women)
        }
        json.string("type", "Feature")
        json.endObject()
        return json.bytes
    }
}
