import Foundation
import Testing
@testable import LiaisonCore

struct RulesTests {
    let context = RulesContext(today: Day("2026-11-21")!)

    func problems(_ check: () throws -> Void) -> [FieldProblem] {
        do {
            try check()
            return []
        } catch let error as ValidationError {
            return error.problems
        } catch {
            Issue.record("unexpected error \(error)")
            return []
        }
    }

    @Test func aContactWithoutANameIsRefusedNamingTheField() {
        let found = problems { _ = try Contact(name: "   ").checked(in: context) }
        #expect(found.map(\.field) == ["name"])
        #expect(found.first?.message == "Name is required: type the contact's name.")
    }

    @Test func aProtectedContactNeedsACodeName() {
        let found = problems { _ = try Contact(name: "Hawa Adam", sensitivity: .protected).checked(in: context) }
        #expect(found.map(\.field) == ["code_name"])
        #expect(problems { _ = try Contact(name: "Hawa Adam", codeName: "Heron-1", sensitivity: .protected).checked(in: context) }.isEmpty)
    }

    @Test func unknownTaxonomyCodesListTheChoices() throws {
        let found = problems { _ = try Contact(name: "A", role: "warlord").checked(in: context) }
        #expect(found.map(\.field) == ["role"])
        let message = try #require(found.first?.message)
        #expect(message.contains("\"warlord\" is not known"))
        #expect(message.contains("community_leader"))
    }

    @Test func languagesAreCodesOfTheListOrOfTheSameShape() throws {
        #expect(problems { _ = try Contact(name: "Hawa", languages: ["ar", "apd", "fur-SD", "Zaghawa"]).checked(in: context) }.isEmpty)
        let found = problems { _ = try Meeting(title: "Forum", start: .epoch, languages: ["en", "ar;fr"]).checked(in: context) }
        #expect(found.map(\.field) == ["languages"])
        #expect(found.first?.message.contains("\"ar;fr\" is not a language") == true)
        #expect(problems { _ = try Feedback(receivedOn: Day("2026-11-20")!, types: ["rumour"], text: "x", language: "ar 2")
            .checked(in: context) }.map(\.field) == ["language"])
        // Languages named as older records and typed lists hold them become their codes.
        let named = try Meeting(title: "Forum", start: .epoch, languages: ["English", "arabe", "ar", "Zaghawa", "Daju"]).checked(in: context)
        #expect(named.languages == ["en", "ar", "zag", "Daju"])
        let feedback = try Feedback(receivedOn: Day("2026-11-20")!, types: ["rumour"], text: "x", language: "Français").checked(in: context)
        #expect(feedback.language == "fr")
        #expect(Taxonomies.standard.languages.contains("din"))
    }

    @Test func phonesMustLookLikePhoneNumbers() {
        #expect(problems { _ = try Contact(name: "A", phones: ["+211 (0) 912-345"]).checked(in: context) }.isEmpty)
        #expect(problems { _ = try Contact(name: "A", phones: ["call me"]).checked(in: context) }.map(\.field) == ["phones"])
    }

    @Test func controlCharactersAreCleanedAndTextIsNormalised() throws {
        let decomposed = "Ze\u{301}nab\u{0}\u{7}\tAli"
        let contact = try Contact(name: decomposed, notes: "line one\r\nline two\u{1B}[31m\n\n").checked(in: context)
        #expect(contact.name == "Zénab Ali")
        #expect(contact.name.unicodeScalars.count == 9, "stored in NFC")
        #expect(contact.notes == "line one\nline two[31m")
    }

    @Test func overlongFieldsAreRefused() {
        let found = problems { _ = try Contact(name: String(repeating: "ب", count: 201)).checked(in: context) }
        #expect(found.first?.message.contains("too long (201 characters)") == true)
    }

    @Test func meetingCoordinatesAreRangeChecked() {
        let base = Meeting(title: "Forum", start: start("2026-11-20T10:00:00+02:00"))
        var far = base
        far.latitude = 91
        far.longitude = 10
        #expect(problems { _ = try far.checked(in: context) }.map(\.field) == ["latitude"])
        var half = base
        half.latitude = 9.5
        #expect(problems { _ = try half.checked(in: context) }.map(\.field) == ["longitude"])
        var nan = base
        nan.latitude = .nan
        nan.longitude = 200
        #expect(Set(problems { _ = try nan.checked(in: context) }.map(\.field)) == ["latitude", "longitude"])
    }

    @Test func meetingHeadcountsAttendeesAndWarningsAreChecked() {
        let someone = UUID()
        var meeting = Meeting(title: "Forum", start: start("2026-11-20T10:00:00+02:00"))
        meeting.headcount.women = -1
        meeting.attendees = [Attendee(contactId: someone), Attendee(contactId: someone, role: "chair")]
        meeting.earlyWarning = true
        meeting.followUps = [FollowUp(action: "  ")]
        meeting.durationMinutes = 0
        let fields = problems { _ = try meeting.checked(in: context) }.map(\.field)
        #expect(Set(fields) == ["headcount", "attendees", "early_warning_note", "follow_ups", "duration_minutes"])
    }

    @Test func grievanceNeedsADescriptionAndAPastDay() {
        let grievance = Grievance(raisedOn: day("2026-12-25"), category: "land_property", description: "")
        let fields = problems { _ = try grievance.checked(in: context) }.map(\.field)
        #expect(fields == ["raised_on", "description"])
    }

    @Test func grievanceDefaultsComeFromItsCategory() {
        let protection = Grievance(raisedOn: day("2026-11-20"), category: "protection_concern", description: "x")
        #expect(protection.sensitive)
        #expect(protection.severity == .high)
        let info = Grievance(raisedOn: day("2026-11-20"), category: "information_request", description: "x")
        #expect(!info.sensitive)
        #expect(info.severity == .low)
    }

    @Test func loopClosedNeedsBothDayAndHow() {
        var grievance = Grievance(raisedOn: day("2026-11-20"), category: "other", description: "x")
        grievance.loopClosedOn = day("2026-11-21")
        #expect(problems { _ = try grievance.checked(in: context) }.map(\.field) == ["loop_closed_how"])
    }

    @Test func feedbackScalesAreChecked() {
        let feedback = Feedback(receivedOn: day("2026-11-20"), types: ["question", "gossip", "question"], text: "",
                                sentiment: 3, perceivedSafety: 0, trust: 6)
        let fields = problems { _ = try feedback.checked(in: context) }.map(\.field)
        #expect(fields == ["types", "types", "text", "sentiment", "perceived_safety", "trust"])
    }

    @Test func theProfileNeedsAShortLetterPrefix() throws {
        #expect(try DeviceProfile(officer: "A", unit: "B", prefix: "kdl").checked().prefix == "KDL")
        for bad in ["K", "KADUGLI", "K1", "ÉTÉ"] {
            #expect(throws: ValidationError.self) { try DeviceProfile(officer: "A", unit: "B", prefix: bad).checked() }
        }
    }
}
