import Foundation

extension SchemaRecord {
    /// The record with its free text passed through `text` and its links to contacts
    /// through `contact`, by walking its schema: lines and blocks the officer writes (not
    /// the fields named in `keeping`), follow-up actions and owners, workflow notes,
    /// attendees and who raised what. What a bundle sends in place of people's names and
    /// ids is made this way.
    public func rewritten(text: (String) -> String, contact: (UUID) -> UUID, keeping: Set<String> = []) -> Self {
        var copy = self
        for spec in Self.schema where !keeping.contains(spec.json) {
            let value: FieldValue?
            switch (spec.type, spec.value(of: self)) {
            case (.line, .text(let old)) where spec.role != .store, (.block, .text(let old)) where spec.role != .store:
                value = .text(text(old))
            case (.link(.contact), .id(let id?)):
                value = .id(contact(id))
            case (.attendees, .attendees(let attendees)):
                value = .attendees(attendees.map { Attendee(contactId: contact($0.contactId), role: $0.role) })
            case (.followUps, .followUps(let followUps)):
                value = .followUps(followUps.map { followUp in
                    var copy = followUp
                    copy.action = text(followUp.action)
                    copy.owner = text(followUp.owner)
                    return copy
                })
            case (.history, .history(let events)):
                value = .history(events.map { event in
                    var copy = event
                    copy.note = text(event.note)
                    return copy
                })
            default:
                value = nil
            }
            if let value { try? spec.set(value, in: &copy) }
        }
        return copy
    }
}
