import Foundation
import LiaisonCore

/// Contacts as vCard 4.0 (RFC 6350), one card each, for an address book at base.
enum VCard {
    /// The card of a contact as it leaves the device (already redacted when protected).
    static func card(_ contact: Contact, taxonomies: Taxonomies) -> String {
        var out = "BEGIN:VCARD\r\nVERSION:4.0\r\n"
        func add(_ name: String, _ value: String) {
            if !value.isEmpty { out += ContentLines.line(name, value) }
        }
        add("UID", "urn:uuid:" + contact.id.uuidString.lowercased())
        add("KIND", "individual")
        add("FN", ContentLines.text(contact.name))
        if !contact.localName.isEmpty, contact.localName != contact.name {
            add("FN", ContentLines.text(contact.localName))
        }
        if !contact.codeName.isEmpty { add("NICKNAME", ContentLines.text(contact.codeName)) }
        add("ROLE", ContentLines.text(taxonomies.contactRoles.label(contact.role)))
        add("ORG", ContentLines.text(contact.organisation))
        if !(contact.community + contact.adm2 + contact.adm1).isEmpty {
            // ADR: post box; extended; street; locality; region; postal code; country.
            let region = [contact.adm2, contact.adm1].filter { !$0.isEmpty }.joined(separator: ", ")
            add("ADR", ";;;" + ContentLines.text(contact.community) + ";" + ContentLines.text(region) + ";;")
        }
        for phone in contact.phones { add("TEL", ContentLines.text(phone)) }
        for handle in contact.handles { add("X-LIAISON-HANDLE", ContentLines.text(handle)) }
        for language in contact.languages { add("LANG", ContentLines.text(language)) }
        add("GENDER", gender(contact.gender))
        add("NOTE", ContentLines.text(contact.notes))
        add("X-LIAISON-SENSITIVITY", contact.sensitivity.rawValue)
        add("X-LIAISON-CONSENT", contact.consent.rawValue)
        add("REV", compact(contact.updatedAt))
        return out + "END:VCARD\r\n"
    }

    static func gender(_ gender: Gender) -> String {
        switch gender {
        case .female: "F"
        case .male: "M"
        case .other: "O"
        case .undisclosed: "U"
        }
    }

    /// `20261121T143005Z`: the basic ISO 8601 form both vCard and iCalendar use.
    static func compact(_ time: Timestamp) -> String {
        let text = time.description // 2026-11-21T14:30:05.123Z
        let digits = text.prefix(19).filter { $0 != "-" && $0 != ":" }
        return digits + "Z"
    }
}
