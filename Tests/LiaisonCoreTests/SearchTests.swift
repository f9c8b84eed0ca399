import Foundation
import Testing
@testable import LiaisonCore

struct SearchTests {
    @Test func foldingIgnoresCaseAndAccentsInEveryScript() {
        #expect(SearchText.fold("Hélène LEFÈVRE") == "helene lefevre")
        #expect(SearchText.fold("أمينة") == SearchText.fold("امينة"), "hamza on alef is folded")
        #expect(SearchText.fold("مُحَمَّد") == "محمد", "Arabic vowel marks are folded")
        #expect(SearchText.fold("Олена Коваль") == "олена коваль")
        #expect(SearchText.fold("王小明") == " 王  小  明 ")
        #expect(SearchText.fold("خديجه") == SearchText.fold("خديجة"), "ta marbuta written as ha")
        #expect(SearchText.fold("مصطفي") == SearchText.fold("مصطفى"), "alef maqsura written as ya")
        #expect(SearchText.fold("علی") == SearchText.fold("علي"), "the Persian ya")
    }

    @Test func aMeetingIsFoundByWhoCameAndAGrievanceOrFeedbackByWhoRaisedIt() throws {
        let given = try TemporaryStore()
        let store = given.store
        let khadija = try store.save(Contact(name: "Khadija Musa", localName: "خديجة موسى", organisation: "Water board",
                                             phones: ["+211 912 345 678"]))
        let other = try store.save(Contact(name: "Peter Lual"))
        let meeting = try store.save(Meeting(title: "Water committee", start: start("2026-11-20T10:00:00+02:00"),
                                             attendees: [Attendee(contactId: khadija.id, role: "participant")]))
        try store.save(Meeting(title: "Forum", start: start("2026-11-21T10:00:00+02:00"),
                               attendees: [Attendee(contactId: other.id, role: "participant")]))
        let grievance = try store.save(Grievance(raisedOn: day("2026-11-20"), contactId: khadija.id, category: "other",
                                                 description: "The pump is broken"))
        let feedback = try store.save(Feedback(receivedOn: day("2026-11-20"), contactId: khadija.id, types: ["rumour"],
                                               text: "Water is sold"))
        #expect(try store.records(Meeting.self, RecordQuery(search: "khadija")).map(\.id) == [meeting.id])
        #expect(try store.records(Meeting.self, RecordQuery(search: "خديجه")).map(\.id) == [meeting.id])
        #expect(try store.count(.meeting, RecordQuery(search: "khadija")) == 1)
        #expect(try store.records(Grievance.self, RecordQuery(search: "musa")).map(\.id) == [grievance.id])
        #expect(try store.records(Feedback.self, RecordQuery(search: "khadija")).map(\.id) == [feedback.id])
        #expect(try store.count(.grievance, RecordQuery(search: "lual")) == 0)
        // By names only: a phone number or an organisation typed finds none of her meetings.
        #expect(try store.count(.meeting, RecordQuery(search: "912 345")) == 0)
        #expect(try store.count(.grievance, RecordQuery(search: "water board")) == 0)
        #expect(try store.count(.contact, RecordQuery(search: "912 345")) == 1, "the contact itself is found by it")
        // A deleted contact no longer finds meetings by name; brought back, it does again.
        try store.delete(.contact, id: khadija.id)
        #expect(try store.count(.meeting, RecordQuery(search: "khadija")) == 0)
        _ = try store.restore(Contact.self, id: khadija.id)
        #expect(try store.count(.meeting, RecordQuery(search: "khadija")) == 1)
    }

    @Test func queriesBecomePrefixPhrases() {
        #expect(SearchText.matchExpression("Amina  al-Hassan") == "\"amina\"* \"al hassan\"*")
        #expect(SearchText.matchExpression("\"; DROP TABLE") == "\"drop\"* \"table\"*")
        #expect(SearchText.matchExpression(" -- ") == nil)
    }

    @Test func searchFindsNamesInArabicCyrillicLatinAndChinese() throws {
        let given = try TemporaryStore()
        let store = given.store
        let amina = try store.save(Contact(name: "Amina al-Hassan", localName: "أمينة الحسن"))
        let olena = try store.save(Contact(name: "Olena Kovalenko", localName: "Олена Коваленко"))
        let helene = try store.save(Contact(name: "Hélène Dubois", organisation: "Croix-Rouge"))
        let wang = try store.save(Contact(name: "Wang Xiaoming", localName: "王小明"))
        func found(_ text: String) throws -> [UUID] {
            try store.records(Contact.self, RecordQuery(search: text, limit: 10)).map(\.id)
        }
        #expect(try found("امينة") == [amina.id])
        #expect(try found("الحسن") == [amina.id])
        #expect(try found("ОЛЕНА") == [olena.id])
        #expect(try found("ковал") == [olena.id], "a prefix matches")
        #expect(try found("helene") == [helene.id])
        #expect(try found("HÉLÈNE croix") == [helene.id])
        #expect(try found("小明") == [wang.id])
        #expect(try found("xiaoming") == [wang.id])
        #expect(try found("nobody") == [])
        #expect(try found("!!!") == [])
    }

    @Test func anUpgradedStoreFoldsItsIndexAgainAndIndexesNamesAlone() throws {
        let given = try TemporaryStore()
        let khadija = try given.store.save(Contact(name: "Khadija Musa", localName: "خديجة موسى"))
        try given.store.save(Meeting(title: "Water committee", start: start("2026-11-20T10:00:00+02:00"),
                                     attendees: [Attendee(contactId: khadija.id, role: "participant")]))
        // As a store of schema v5 held it: the index folded the old way, no index of names.
        try given.store.write { db in
            try db.execute(sql: "UPDATE contact_fts SET body = replace(body, 'ه', 'ة')")
            try db.execute(sql: "DROP TABLE contact_name_fts")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v6:%' OR identifier LIKE 'v7:%'")
        }
        given.store.close()
        let store = try Store(at: given.folder.appendingPathComponent("store.sqlite"),
                              options: Store.Options(deviceClock: .fixed(at: TemporaryStore.noon, timeZone: TemporaryStore.utc)))
        defer { store.close() }
        #expect(try store.count(.contact, RecordQuery(search: "خديجه")) == 1)
        #expect(try store.count(.meeting, RecordQuery(search: "خديجه")) == 1)
    }

    @Test func searchCoversEveryKindAndItsLabels() throws {
        let given = try TemporaryStore()
        let store = given.store
        try store.save(Meeting(title: "Forum", start: start("2026-11-20T10:00:00+02:00"), summary: "Débat sur le forage"))
        let grievance = try store.save(Grievance(raisedOn: day("2026-11-20"), category: "protection_concern",
                                                 description: "Threats near the borehole"))
        try store.save(Feedback(receivedOn: day("2026-11-20"), types: ["rumour"], text: "Слухи про воду"))
        #expect(try store.count(.meeting, RecordQuery(search: "debat forage")) == 1)
        #expect(try store.count(.grievance, RecordQuery(search: "protection")) == 1, "the category label is indexed")
        #expect(try store.count(.grievance, RecordQuery(search: grievance.reference)) == 1)
        #expect(try store.count(.feedback, RecordQuery(search: "слухи")) == 1)
        #expect(try store.count(.feedback, RecordQuery(search: "misinformation")) == 1)
    }

    @Test func listsPageInTheirOrder() throws {
        let given = try TemporaryStore()
        for index in 0..<5 {
            try given.store.save(Meeting(title: "M\(index)", start: start("2026-11-1\(index)T10:00:00Z")))
        }
        let page = try given.store.records(Meeting.self, RecordQuery(limit: 2, offset: 1))
        #expect(page.map(\.title) == ["M3", "M2"])
    }
}
