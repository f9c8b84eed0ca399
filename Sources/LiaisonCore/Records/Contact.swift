import Foundation

/// A person the officer works with: a leader, an authority, a group's representative.
public struct Contact: Record {
    public static let kind = RecordKind.contact

    public var id: UUID
    /// The name in Latin script, as the officer writes it. Required.
    public var name: String
    /// The name in the contact's own script: `أمينة الحسن`, `Алла Коваль`.
    public var localName: String
    /// The name a protected contact goes by outside this device. Required when protected.
    public var codeName: String
    /// A code from the contact-roles taxonomy.
    public var role: String
    public var organisation: String
    /// The community or place the contact belongs to.
    public var community: String
    /// First-level administrative area: a name or a p-code.
    public var adm1: String
    /// Second-level administrative area: a name or a p-code.
    public var adm2: String
    public var phones: [String]
    /// Other ways to reach them: `signal: +211…`, `whatsapp: …`, an e-mail address.
    public var handles: [String]
    public var languages: [String]
    public var gender: Gender
    public var ageGroup: AgeGroup
    public var sensitivity: Sensitivity
    public var consent: ConsentStatus
    public var consentDate: Day?
    public var consentScope: ConsentScope?
    public var notes: String
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var deviceId: UUID
    public var deletedAt: Timestamp?
    /// Its identifying fields are sealed in the vault and were not opened: the vault is
    /// locked, or was wiped. It then goes by its code name, and cannot be changed.
    public var sealedAway = false

    enum CodingKeys: String, CodingKey {
        case id, name, localName, codeName, role, organisation, community, adm1, adm2, phones, handles, languages
        case gender, ageGroup, sensitivity, consent, consentDate, consentScope, notes, createdAt, updatedAt
        case deviceId, deletedAt
    }

    public init(
        id: UUID = UUID(madeAt: .now()), name: String, localName: String = "", codeName: String = "", role: String = "other",
        organisation: String = "", community: String = "", adm1: String = "", adm2: String = "",
        phones: [String] = [], handles: [String] = [], languages: [String] = [],
        gender: Gender = .undisclosed, ageGroup: AgeGroup = .undisclosed, sensitivity: Sensitivity = .normal,
        consent: ConsentStatus = .notAsked, consentDate: Day? = nil, consentScope: ConsentScope? = nil,
        notes: String = "", createdAt: Timestamp = .now(), updatedAt: Timestamp = .now(),
        deviceId: UUID = unassignedDevice, deletedAt: Timestamp? = nil
    ) {
        self.id = id
        self.name = name
        self.localName = localName
        self.codeName = codeName
        self.role = role
        self.organisation = organisation
        self.community = community
        self.adm1 = adm1
        self.adm2 = adm2
        self.phones = phones
        self.handles = handles
        self.languages = languages
        self.gender = gender
        self.ageGroup = ageGroup
        self.sensitivity = sensitivity
        self.consent = consent
        self.consentDate = consentDate
        self.consentScope = consentScope
        self.notes = notes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.deviceId = deviceId
        self.deletedAt = deletedAt
    }

    /// The name `reader` may see, by the one rule of `ContactName`.
    public func name(shownTo reader: NameReader) -> String {
        ContactName(self).shown(to: reader)
    }
}
