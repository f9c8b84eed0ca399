import Foundation
import Testing
@testable import LiaisonCore

struct RecordJSONTests {
    @Test func recordsUseTheDomainsSnakeCaseFieldNames() throws {
        let contact = Contact(name: "Amina", localName: "أمينة", codeName: "Heron-1", sensitivity: .protected,
                              consent: .notAsked)
        let object = try #require(JSONSerialization.jsonObject(with: RecordJSON.encoder().encode(contact)) as? [String: Any])
        // Every field under its schema name, nil ones left out; the names are the domain's.
        let absent: Set = ["consent_date", "consent_scope", "deleted_at"]
        #expect(Set(object.keys) == Set(Contact.schema.map(\.json)).subtracting(absent))
        for name in ["local_name", "code_name", "age_group", "created_at", "device_id"] {
            #expect(object[name] != nil, "contact JSON has \(name)")
        }
        #expect(object["consent"] as? String == "not_asked")
        let grievance = Grievance(raisedOn: day("2026-11-20"), category: "other", description: "x")
        let keys = try #require(JSONSerialization.jsonObject(with: RecordJSON.encoder().encode(grievance)) as? [String: Any]).keys
        for key in ["reference", "raised_on", "status", "severity", "referred_to", "loop_closed_how", "history"] {
            #expect(keys.contains(key), "grievance JSON has \(key)")
        }
    }

    @Test func aRecordRoundTripsThroughJSON() throws {
        let meeting = Meeting(title: "Forum", start: start("2026-11-20T10:00:00+03:00"), latitude: 9.5, longitude: 31.6,
                              attendees: [Attendee(contactId: UUID(), role: "chair")],
                              followUps: [FollowUp(action: "Call", due: day("2026-11-30"))])
        let data = try RecordJSON.encoder().encode(meeting)
        #expect(try RecordJSON.decoder().decode(Meeting.self, from: data) == meeting)
    }

    @Test func newRecordsTakeDefaultsForMissingFieldsButNotStoreFields() throws {
        let defaults = Contact(name: "", role: "other")
        let input = Data(#"{"name": "Zoé", "id": "00000000-0000-0000-0000-000000000001", "gender": "female"}"#.utf8)
        let contact = try RecordJSON.decodeNew(Contact.self, from: input, defaults: defaults)
        #expect(contact.name == "Zoé")
        #expect(contact.gender == .female)
        #expect(contact.role == "other")
        #expect(contact.id == defaults.id, "the store decides ids")
    }

    @Test func aNewGrievanceTakesSeverityAndSensitivityFromItsCategoryUnlessGiven() throws {
        let defaults = Grievance(raisedOn: day("2026-11-20"), category: "", description: "")
        let implied = try RecordJSON.decodeNew(
            Grievance.self, from: Data(#"{"category": "serious_violation", "description": "x"}"#.utf8), defaults: defaults)
        #expect(implied.severity == .critical)
        #expect(implied.sensitive)
        let given = try RecordJSON.decodeNew(
            Grievance.self, from: Data(#"{"category": "serious_violation", "severity": "low", "sensitive": false, "description": "x"}"#.utf8),
            defaults: defaults)
        #expect(given.severity == .low)
        #expect(!given.sensitive)
    }

    @Test func badInputGetsASentenceNamingTheField() {
        func message(_ json: String) -> String {
            do {
                _ = try RecordJSON.decodeNew(Contact.self, from: Data(json.utf8), defaults: Contact(name: ""))
                return ""
            } catch {
                return "\(error)"
            }
        }
        #expect(message(#"{"nmae": "x"}"#) == #"Field "nmae" is not a field of a contact: check its spelling."#)
        #expect(message(#"{"gender": "robot"}"#)
                == #"Field "gender" must be one of female, male, other, undisclosed (got "robot")."#)
        #expect(message(#"{"phones": "123"}"#) == #"Field "phones" must be a list."#)
        #expect(message(#"{"consent_date": "yesterday"}"#).hasPrefix(#"Field "consent_date" must be a date written as YYYY-MM-DD"#))
        #expect(message("[1]") == "The input must be one JSON object, as `liaison show --json` prints.")
        #expect(message("{") == "The input is not valid JSON: give one JSON object, as `liaison show --json` prints.")
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: ValidationError.self) {
            try RecordJSON.decodeNew(Contact.self, from: Data([0x7B, 0xFF, 0x7D]), defaults: Contact(name: ""))
        }
    }
}

struct TaxonomyAndDemoTests {
    @Test func theShippedTaxonomiesLoadFromTheEmbeddedFiles() {
        let t = Taxonomies.standard
        #expect(t.contactRoles.codes.count == 11)
        #expect(t.meetingKinds.codes.count == 8)
        #expect(t.grievanceCategories.codes.count == 10)
        #expect(t.feedbackChannels.codes.count == 8)
        #expect(t.feedbackTypes.codes.count == 6)
        #expect(t.grievanceCategories.entry("serious_violation")?.severity == .critical)
    }

    @Test func aBrokenTaxonomyFileIsNamed() {
        var files = EmbeddedResources.files
        files["taxonomies/meeting-kinds.json"] = "[]"
        #expect(throws: TaxonomyError.unreadable("taxonomies/meeting-kinds.json", "it has no entries")) {
            try Taxonomies(files: files)
        }
    }

    @Test func demoDataIsDeterministicAndCoversTheDomain() throws {
        let first = try TemporaryStore()
        let second = try TemporaryStore()
        let demo = DemoData(meetings: 400, now: Timestamp(TemporaryStore.noon), today: day("2026-11-21"))
        let summary = try demo.populate(first.store)
        try demo.populate(second.store)
        #expect(summary.meetings == 400)
        #expect(summary.contacts == 80)
        let ids = { (store: Store) in try store.records(Grievance.self, RecordQuery(limit: 1000)).map(\.id) }
        #expect(try ids(first.store) == ids(second.store))

        let grievances = try first.store.records(Grievance.self, RecordQuery(limit: 10_000))
        #expect(Set(grievances.map(\.status)) == Set(Grievance.Status.allCases))
        #expect(Set(grievances.map(\.category)) == Set(Taxonomies.standard.grievanceCategories.codes))
        let contacts = try first.store.records(Contact.self, RecordQuery(limit: 10_000))
        #expect(Set(contacts.map(\.sensitivity)) == Set(Sensitivity.allCases))
        #expect(contacts.contains { $0.localName.unicodeScalars.contains { (0x0600...0x06FF).contains($0.value) } }, "Arabic")
        #expect(contacts.contains { $0.localName.unicodeScalars.contains { (0x1200...0x137F).contains($0.value) } }, "Ethiopic")
        #expect(contacts.contains { $0.localName.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) } }, "Cyrillic")
        #expect(contacts.contains { $0.localName.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }, "Chinese")
        #expect(contacts.contains { $0.name.contains("é") }, "accented Latin")
        let meetings = try first.store.records(Meeting.self, RecordQuery(limit: 10_000))
        #expect(Set(meetings.map(\.kind)) == Set(Taxonomies.standard.meetingKinds.codes))
        #expect(meetings.contains { !$0.followUps.isEmpty && !$0.attendees.isEmpty })
    }
}

/// One rule names a contact, for the officer and for what leaves the device.
struct ContactNameTests {
    @Test func aProtectedContactIsItsCodeNameOutsideAndBothOnTheDevice() {
        let protected = Contact(name: "Mariam Haddad", codeName: "Falcon", sensitivity: .protected)
        #expect(protected.name(shownTo: .officer) == "Mariam Haddad (Falcon)")
        #expect(protected.name(shownTo: .outside(withIdentities: false)) == "Falcon")
        #expect(protected.name(shownTo: .outside(withIdentities: true)) == "Mariam Haddad")
        let unnamed = Contact(name: "Mariam Haddad", sensitivity: .protected)
        #expect(unnamed.name(shownTo: .outside(withIdentities: false)) == "protected contact")
        let sensitive = Contact(name: "Dawit Tesfaye", codeName: "Heron", sensitivity: .sensitive)
        for reader in [NameReader.officer, .outside(withIdentities: false)] {
            #expect(sensitive.name(shownTo: reader) == "Dawit Tesfaye")
        }
    }
}
