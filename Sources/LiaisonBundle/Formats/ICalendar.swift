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
                           attendeeName: (UUID) throws -> String?) rethrows -> String {
        var out = "BEGIN:VEVENT\r\n"
        func add(_ name: String, _ value: String) {
            if !value.isEmpty { out += ContentLines.line(name, value) }
        }
        let uid = meeting.id.uuidString.lowercased()
        add("UID", uid)
        add("DTSTAMP", VCard.compact(meeting.updatedAt))
        add("CREATED", VCard.compact(meeting.createdAt))
        add("LAST-MODIFIED", VCard.compact(meeting.updatedAt))
        add("DTSTART", VCard.compact(meeting.start.instant))
        add("X-LIAISON-START", meeting.start.description)
        if let minutes = meeting.durationMinutes, minutes > 0 { add("DURATION", "PT\(minutes)M") }
        add("SUMMARY", ContentLines.text(meeting.title))
        let location = [meeting.place, meeting.adm2, meeting.adm1].filter { !$0.isEmpty }.joined(separator: ", ")
        add("LOCATION", ContentLines.text(location))
        if let latitude = meeting.latitude, let longitude = meeting.longitude {
            add("GEO", "\(latitude);\(longitude)")
        }
        add("CATEGORIES", ContentLines.text(taxonomies.meetingKinds.label(meeting.kind)))
        add("X-LIAISON-KIND", meeting.kind)
        add("STATUS", meeting.isDeleted ? "CANCELLED" : "CONFIRMED")
        add("DESCRIPTION", ContentLines.text(description(meeting)))
        for attendee in meeting.attendees {
            let name = try attendeeName(attendee.contactId) ?? "unknown contact"
            let role = taxonomies.attendeeRoles.label(attendee.role)
            add("ATTENDEE;CN=\(ContentLines.parameter(name));ROLE=REQ-PARTICIPANT;X-LIAISON-ROLE=\(ContentLines.parameter(role))",
                "urn:uuid:" + attendee.contactId.uuidString.lowercased())
        }
        if meeting.earlyWarning { add("X-LIAISON-EARLY-WARNING", ContentLines.text(meeting.earlyWarningNote)) }
        out += "END:VEVENT\r\n"
        for followUp in meeting.followUps {
            out += "BEGIN:VTODO\r\n"
            add("UID", followUp.id.uuidString.lowercased())
            add("DTSTAMP", VCard.compact(meeting.updatedAt))
            add("SUMMARY", ContentLines.text(followUp.action))
            if !followUp.owner.isEmpty { add("DESCRIPTION", ContentLines.text("Who: " + followUp.owner)) }
            if let due = followUp.due { add("DUE;VALUE=DATE", basic(due)) }
            if let done = followUp.doneOn {
                add("STATUS", "COMPLETED")
                add("COMPLETED", basic(done) + "T000000Z")
            } else {
                add("STATUS", meeting.isDeleted ? "CANCELLED" : "NEEDS-ACTION")
            }
            add("RELATED-TO", uid)
            out += "END:VTODO\r\n"
        }
        return out
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
