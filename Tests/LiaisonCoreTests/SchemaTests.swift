import Foundation
import Testing
@testable import LiaisonCore

/// Walks each kind's schema: every field round-trips through the store's row, the JSON
/// form and its own accessors, a change to it is seen by the comparison, and its label is
/// in both languages.
struct SchemaTests {
    /// Records with every field set, made and stored as the officer would.
    private func stored() throws -> (TemporaryStore, Contact, Meeting, Grievance, Feedback) {
        let temporary = try TemporaryStore()
        let store = temporary.store
        let contact = try store.save(Contact(
            name: "Amina Yusuf", localName: "أمينة يوسف", codeName: "Heron", role: "community_leader",
            organisation: "Women's union", community: "Abyei", adm1: "Abyei", adm2: "Abyei town",
            phones: ["+211 912 345 678"], handles: ["signal: +211 912 345 678"], languages: ["ar", "en"],
            gender: .female, ageGroup: .adult, sensitivity: .protected, consent: .given, consentDate: day("2026-11-01"),
            consentScope: .deviceOnly, notes: "Met at the market.\nPrefers calls."))
        let meeting = try store.save(Meeting(
            title: "Market day forum", kind: "focus_group", start: start("2026-11-20T09:30:00+03:00"), durationMinutes: 90,
            place: "Bor", adm1: "Jonglei", adm2: "Bor South", latitude: 6.2, longitude: 31.55, languages: ["din"],
            interpreter: "Deng", attendees: [Attendee(contactId: contact.id, role: "chair")],
            headcount: Headcount(women: 12, men: 9, girls: 3, boys: 4), summary: "The pump is broken.",
            decisions: "Call the engineer.", followUps: [FollowUp(action: "Send the engineer", owner: "WASH",
                                                                   due: day("2026-11-24"), doneOn: day("2026-11-21"))],
            earlyWarning: true, earlyWarningNote: "Tension at the well."))
        let grievance = try store.save(Grievance(
            raisedOn: day("2026-11-20"), meetingId: meeting.id, contactId: contact.id, place: "Bor", adm1: "Jonglei",
            adm2: "Bor South", category: "access_to_services", sensitive: true, severity: .high,
            description: "The clinic is closed.", referredTo: "Health cluster", resolution: "", rejectionReason: "",
            loopClosedOn: day("2026-11-21"), loopClosedHow: "at the forum"))
        let feedback = try store.save(Feedback(
            receivedOn: day("2026-11-20"), meetingId: meeting.id, contactId: contact.id, channel: "meeting",
            types: ["concern", "suggestion"], topic: "Water", text: "When will it open?", language: "ar", sentiment: -1,
            perceivedSafety: 3, trust: 4, response: "Next week.", loopClosedOn: day("2026-11-21")))
        return (temporary, contact, meeting, grievance, feedback)
    }

    @Test func everyFieldRoundTripsThroughTheStoreTheJSONAndItsAccessors() throws {
        let (temporary, contact, meeting, grievance, feedback) = try stored()
        try check(contact, temporary.store)
        try check(meeting, temporary.store)
        try check(grievance, temporary.store)
        try check(feedback, temporary.store)
    }

    private func check<R: StoredRecord>(_ record: R, _ store: Store) throws {
        // The store's row and child rows give back every field.
        let read = try #require(try store.record(R.self, id: record.id))
        for spec in R.schema {
            #expect(spec.value(of: read) == spec.value(of: record), "\(R.kind) \(spec.json) round-trips through the store")
        }
        // The JSON form carries every field under its schema name, and reads back the same.
        let data = try RecordJSON.encoder().encode(record)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var names = Set(object.keys)
        for (key, value) in object {
            if let nested = value as? [String: Any], !(R.schema.contains { $0.json == key }) {
                names.remove(key)
                names.formUnion(nested.keys.map { "\(key).\($0)" })
            }
        }
        let absent = Set(R.schema.filter { $0.optional && $0.value(of: record) == $0.value(of: R.blank(id: record.id)) }.map(\.json))
        #expect(names == Set(R.schema.map(\.json)).subtracting(absent), "\(R.kind): the JSON names are the schema's")
        #expect(try RecordJSON.decoder().decode(R.self, from: data) == record)
        // Each accessor writes back what it reads, and nothing else.
        for spec in R.schema {
            var copy = R.blank(id: record.id)
            try spec.set(spec.value(of: record), in: &copy)
            #expect(spec.value(of: copy) == spec.value(of: record), "\(R.kind) \(spec.json) is set by its accessor")
        }
        // The comparison for merge and audit sees a change to each field, and only it.
        for spec in R.schema where spec.role != .store {
            var changed = record
            let blank = R.blank(id: record.id)
            guard spec.value(of: blank) != spec.value(of: record) else { continue }
            try spec.set(spec.value(of: blank), in: &changed)
            #expect(R.changes(from: record, to: changed) == [spec.key], "\(R.kind) \(spec.json) is compared")
        }
    }

    @Test func aValueOfAnotherTypeIsRefusedByTheAccessor() {
        var contact = Contact(name: "Amina")
        let name = Contact.spec(.name)
        let gender = Contact.spec(.gender)
        #expect(throws: FieldValueError.self) { try name?.set(.number(3), in: &contact) }
        #expect(throws: FieldValueError.self) { try gender?.set(.code("robot"), in: &contact) }
        #expect(contact.name == "Amina")
    }

    @Test func theIdentifyingFieldsOfAContactAreItsNamesPhonesHandlesAndNotes() {
        #expect(Contact.identifyingFields.map(\.key) == [.name, .localName, .phones, .handles, .notes])
        #expect(Meeting.identifyingFields.isEmpty)
    }

    @Test func everyFieldHasALabelInEveryLanguageAndEveryLabelAField() {
        var labels: Set<String> = []
        labels.formUnion(Contact.schema.map(\.label))
        labels.formUnion(Meeting.schema.map(\.label))
        labels.formUnion(Grievance.schema.map(\.label))
        labels.formUnion(Feedback.schema.map(\.label))
        for language in Language.allCases {
            let keys = Catalogue.keys(language)
            #expect(labels.subtracting(keys).isEmpty, "\(language) lacks \(labels.subtracting(keys).sorted())")
            let unused = keys.filter { $0.hasPrefix("field.") }.subtracting(labels)
            #expect(unused.isEmpty, "\(language) labels fields no schema has: \(unused.sorted())")
        }
    }

    @Test func theLanguagesHaveTheSameKeysAndPlaceholders() throws {
        let english = Catalogue.keys(.en)
        let french = Catalogue.keys(.fr)
        #expect(english.subtracting(french).isEmpty, "French lacks \(english.subtracting(french).sorted())")
        #expect(french.subtracting(english).isEmpty, "French has keys English lacks: \(french.subtracting(english).sorted())")
        for key in english {
            let placeholders = { (text: String) in Set(text.matches(of: /\{[a-z_]+\}/).map { String($0.output) }) }
            let en = Catalogue.standard(.en)
            let fr = Catalogue.standard(.fr)
            #expect(placeholders(en.plural(key, count: 2)) == placeholders(fr.plural(key, count: 2)), "\(key)")
        }
    }

    @Test func everyChoiceHasALabelInEveryLanguage() {
        for language in Language.allCases {
            let words = Catalogue.standard(language)
            for list in ChoiceList.allCases where !list.isTaxonomy {
                for code in list.codes(.standard) {
                    #expect(words.has("choice.\(list.rawValue).\(code)"), "\(language) labels \(list) \(code)")
                }
            }
            for list in ChoiceList.allCases {
                guard let taxonomy = list.taxonomy(.standard) else { continue }
                for entry in taxonomy.entries {
                    #expect(language == .en || entry.labelFr?.isEmpty == false, "\(taxonomy.name) \(entry.code) in French")
                }
            }
        }
        #expect(ChoiceList.gender.label("female", .standard, .standard(.fr)) == Catalogue.standard(.fr).text("choice.gender.female"))
        #expect(ChoiceList.meetingKinds.label("community_forum", .standard, .standard(.fr)) == "Forum communautaire")
    }

    @Test func pluralsAndNumbersAreWrittenForTheLanguage() {
        let en = Catalogue.standard(.en)
        let fr = Catalogue.standard(.fr)
        #expect(en.plural("value.minutes", count: 1) == "1 minute")
        #expect(en.plural("value.minutes", count: 0) == "0 minutes")
        #expect(en.plural("value.minutes", count: 1234) == "1,234 minutes")
        #expect(fr.plural("value.minutes", count: 0) == "0 minute")
        #expect(fr.plural("value.minutes", count: 2) == "2 minutes")
        #expect(fr.number(1234) == "1\u{202F}234")
        #expect(fr.number(-1_234_567) == "-1\u{202F}234\u{202F}567")
        #expect(en.text("no.such.key") == "no.such.key")
        // A value put in is never read again: a record may be named "{kind}".
        #expect(en.text("form.edit", ["kind": "contact", "name": "{kind}"]) == "Edit contact “{kind}”")
        #expect(en.text("form.edit", ["kind": "contact"]) == "Edit contact “{name}”")
    }

    @Test func theLanguageComesFromTheLocaleVariablesText() {
        #expect(Language.from(environment: [:]) == .en)
        #expect(Language.from(environment: ["LANG": "fr_FR.UTF-8"]) == .fr)
        #expect(Language.from(environment: ["LANG": "fr_CD"]) == .fr)
        #expect(Language.from(environment: ["LANG": "fr_FR.UTF-8", "LC_ALL": "en_GB.UTF-8"]) == .en)
        #expect(Language.from(environment: ["LANG": "en_US.UTF-8", "LC_MESSAGES": "fr"]) == .fr)
        #expect(Language.from(environment: ["LANG": "de_DE.UTF-8"]) == .en)
        #expect(Language.from(environment: ["LANG": "C.UTF-8"]) == .en)
        #expect(Language.from(environment: ["LC_ALL": "", "LANG": "fr_FR"]) == .fr)
    }
}

/// The catalogue files themselves.
struct CatalogueFileTests {
    @Test func everyFileReadsAndNoKeyIsInTwoFiles() {
        for language in Language.allCases {
            #expect(Catalogue.unreadableFiles(language).isEmpty, "\(Catalogue.unreadableFiles(language))")
            #expect(Catalogue.keysInTwoFiles(language).isEmpty, "\(language): \(Catalogue.keysInTwoFiles(language))")
        }
    }
}

/// Every key of the catalogue is used: written whole in the code, or one of a family the
/// code names by its last part (`"ui.tab.\(tab)"`, a field's label, a choice, a kind).
struct CatalogueUseTests {
    @Test func everyKeyIsUsedInTheCode() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        var code = ""
        let walker = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
        for case let url as URL in walker where url.pathExtension == "swift" {
            code += try String(contentsOf: url, encoding: .utf8)
        }
        // "ui.tab.\(self)" names the family "ui.tab."; so do the schema's "field.\(kind…)".
        let families = Set(code.matches(of: /"([a-z_][a-z_.]*\.)\\\(/).map { String($0.output.1) })
        #expect(families.contains("ui.tab."), "the families are found: \(families.sorted())")
        let unused = Catalogue.keys(.en).filter { key in
            !families.contains { key.hasPrefix($0) } && !code.contains("\"\(key)\"")
        }
        #expect(unused.isEmpty, "keys no code uses: \(unused.sorted())")
    }
}

/// One formatter for days and one for times, in each language.
struct DateWordsTests {
    @Test func daysAndTimesReadAsPeopleWriteThem() throws {
        let start = try #require(OffsetDateTime("2026-11-26T10:00:00+03:00"))
        #expect(Catalogue.standard(.en).day(start.localDay) == "Thu 26 Nov 2026")
        #expect(Catalogue.standard(.fr).day(start.localDay) == "jeu. 26 nov. 2026")
        #expect(Catalogue.standard(.fr).moment(start) == "jeu. 26 nov. 2026, 10:00 (UTC+03:00)")
        #expect(Catalogue.standard(.en).instant(start.instant) == "Thu 26 Nov 2026, 07:00 (UTC)")
        // Sunday, the last weekday, and a leap day.
        #expect(Catalogue.standard(.en).day(try #require(Day("2028-02-29"))) == "Tue 29 Feb 2028")
        #expect(Catalogue.standard(.fr).day(try #require(Day("2026-11-22"))) == "dim. 22 nov. 2026")
    }
}
