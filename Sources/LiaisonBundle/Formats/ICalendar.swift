import Foundation
import LiaisonCore

/// Meetings as iCalendar (RFC 5545): an event per meeting with its attendees, and a to-do
/// per follow-up action, related to its meeting. Times are written in UTC, which every
/// calendar turns into the reader's own time; the meeting's own offset is kept in
/// `X-LIAISON-START`.
enum ICalendar {
    static let head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//liaison//liaison export//EN\r\nCALSCALE:GREGORIAN\r\n"
    static let tail = "END:VCALENDAR\r\n"

    /// The event and to-dos of a meeting; `attendeeName` gives each attendee's exported name.
    static func components(_ meeting: Meeting, taxonomies: Taxonomies,
                           attendeeName: (UUID) throws -> String?) rethrows -> [UInt8] {
        var out = ContentLines()
        out.raw("BEGIN:VEVENT\r\n")
        let uid = meeting.id.uuidString.lowercased()
        let stamp = VCard.compact(meeting.updatedAt)
        out.value("UID", uid)
        out.value("DTSTAMP", stamp)
        out.value("CREATED", VCard.compact(meeting.createdAt))
        out.value("LAST-MODIFIED", stamp)
        out.value("DTSTART", VCard.compact(meeting.start.instant))
        out.value("X-LIAISON-START", meeting.start.description)
        if let minutes = meeting.durationMinutes, minutes > 0 { out.value("DURATION", "PT\(minutes)M") }
        out.text("SUMMARY", meeting.title)
        out.text("LOCATION", [meeting.place, meeting.adm2, meeting.adm1].filter { !$0.isEmpty }.joined(separator: ", "))
        if let latitude = meeting.latitude, let longitude = meeting.longitude {
            out.value("GEO", "\(latitude);\(longitude)")
        }
        out.text("CATEGORIES", taxonomies.meetingKinds.label(meeting.kind))
        out.value("X-LIAISON-KIND", meeting.kind)
        out.value("STATUS", meeting.isDeleted ? "CANCELLED" : "CONFIRMED")
        out.text("DESCRIPTION", description(meeting))
        for attendee in meeting.attendees {
            let name = try attendeeName(attendee.contactId) ?? "unknown contact"
            let role = taxonomies.attendeeRoles.label(attendee.role)
            out.value("ATTENDEE;CN=\(ContentLines.parameter(name));ROLE=REQ-PARTICIPANT;X-LIAISON-ROLE=\(ContentLines.parameter(role))",
                      "urn:uuid:" + attendee.contactId.uuidString.lowercased())
        }
        if meeting.earlyWarning { out.text("X-LIAISON-EARLY-WARNING", meeting.earlyWarningNote) }
        out.raw("END:VEVENT\r\n")
        for followUp in meeting.followUps {
            out.raw("BEGIN:VTODO\r\n")
            out.value("UID", followUp.id.uuidString.lowercased())
            out.value("DTSTAMP", stamp)
            out.text("SUMMARY", followUp.action)
            if !followUp.owner.isEmpty { out.text("DESCRIPTION", "Who: " + followUp.owner) }
            if let due = followUp.due { out.value("DUE;VALUE=DATE", basic(due)) }
            if let done = followUp.doneOn {
                out.value("STATUS", "COMPLETED")
                out.value("COMPLETED", basic(done) + "T000000Z")
            } else {
                out.value("STATUS", meeting.isDeleted ? "CANCELLED" : "NEEDS-ACTION")
            }
            out.value("RELATED-TO", uid)
            out.raw("END:VTODO\r\n")
        }
        return out.bytes
    }

    /// What the meeting said and decided, its headcount and follow-ups, as plain text.
    static func description(_ meeting: Meeting) -> String {
        var parts: [String] = []
        if !meeting.summary.isEmpty { parts.append(meeting.summary) }
        if !meeting.decisions.isEmpty { parts.append("Decisions: " + meeting.decisions) }
        let count = meeting.headcount
        if count.total > 0 {
            parts.append("Headcount: \(count.women) women, \(count.men) men, \(count.girls) girls, \(count.boys) boys.")
        }
        if meeting.earlyWarning { parts.append("Early warning: " + meeting.earlyWarningNote) }
        return parts.joined(separator: "\n\n")
    }

    static func basic(_ day: Day) -> String { day.description.replacingOccurrences(of: "-", with: "") }
}
