import Foundation
import LiaisonCore

/// Contacts as vCard 4.0 (RFC 6350), one card each, for an address book at base.
enum VCard {
    /// The card of a contact as it leaves the device (already under its code name when
    /// protected).
    static func card(_ contact: Contact, taxonomies: Taxonomies) -> [UInt8] {
        var out = ContentLines()
        out.raw("BEGIN:VCARD\r\nVERSION:4.0\r\n")
        out.value("UID", "urn:uuid:" + contact.id.uuidString.lowercased())
        out.value("KIND", "individual")
        out.text("FN", contact.name)
        if contact.localName != contact.name { out.text("FN", contact.localName) }
        out.text("NICKNAME", contact.codeName)
        out.text("ROLE", taxonomies.contactRoles.label(contact.role))
        out.text("ORG", contact.organisation)
        if !(contact.community + contact.adm2 + contact.adm1).isEmpty {
            // ADR: post box; extended; street; locality; region; postal code; country.
            let region = [contact.adm2, contact.adm1].filter { !$0.isEmpty }.joined(separator: ", ")
            out.parts("ADR", ["", "", "", contact.community, region, "", ""])
        }
        for phone in contact.phones { out.text("TEL", phone) }
        for handle in contact.handles { out.text("X-LIAISON-HANDLE", handle) }
        for language in contact.languages { out.text("LANG", language) }
        out.value("GENDER", gender(contact.gender))
        out.text("NOTE", contact.notes)
        out.value("X-LIAISON-SENSITIVITY", contact.sensitivity.rawValue)
        out.value("X-LIAISON-CONSENT", contact.consent.rawValue)
        out.value("REV", compact(contact.updatedAt))
        out.raw("END:VCARD\r\n")
        return out.bytes
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
