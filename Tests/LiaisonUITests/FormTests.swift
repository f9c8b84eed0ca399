import Foundation
import LiaisonCore
import TerminalKit
import Testing
@testable import LiaisonUI

/// Logging the work on the memory terminal, against a real store.
struct FormTests {
    let tab = key(.tab)
    let enter = key(.enter)
    let save = key(.control("s"))

    @Test func aMeetingIsLoggedWithAttendeesANewContactAFollowUpAGrievanceAndFeedback() throws {
        let fixture = try Fixture()
        var script: [InputEvent] = [key(.character("n"))] + keys("Market day forum") + [enter]
        script += [enter] + keys("foc") + [enter]                       // kind: a picker, matched on three letters
        script += [key(.control("u"))] + keys("yesterday 9:00") + [enter] // start
        script += keys("1h30") + [enter, enter, enter, enter]            // duration; place, admin areas as they were
        script += keys("ami") + [enter] + keys("daw") + [enter]          // two attendees by a few letters
        script += keys("Fatima Deng") + [enter, save]                    // a new contact, inline
        script += [tab] + keys("12") + [tab] + keys("9") + [tab, tab, tab] + keys("The pump is broken.")
        script += [tab, tab, enter] + keys("Send the engineer") + [enter] + keys("WASH") + [enter] + keys("+3d")
        script += [save]
        let meetingPage = fixture.run(script)
        #expect(meetingPage.lines[1].contains("Meeting  Market day forum"), "\(meetingPage.lines.joined(separator: "\n"))")

        let meetings = try fixture.store.records(Meeting.self, RecordQuery(search: "market"))
        let meeting = try #require(meetings.first)
        #expect(meeting.kind == "focus_group")
        #expect(meeting.start.description == "2026-11-20T09:00:00Z")
        #expect(meeting.durationMinutes == 90)
        #expect(meeting.place == "Bor")
        #expect(meeting.headcount == Headcount(women: 12, men: 9))
        #expect(meeting.summary == "The pump is broken.")
        #expect(meeting.followUps.map(\.action) == ["Send the engineer"])
        #expect(meeting.followUps.first?.owner == "WASH")
        #expect(meeting.followUps.first?.due == Day("2026-11-24"))
        let names = try fixture.store.contactNames(meeting.attendees.map(\.contactId))
        #expect(meeting.attendees.map { names[$0.contactId] ?? "?" } == ["Amina Yusuf", "Dawit Tesfaye", "Fatima Deng"])

        // From the meeting's page: G on the first attendee, then F.
        // From the meeting's page: G, with the contact chosen by a few letters; then F.
        var logging: [InputEvent] = [key(.character("2")), enter]
        logging += [key(.character("G"))] + keys("ami") + [enter, tab, tab, tab, enter] + keys("serv")
        logging += [enter, tab, tab] + keys("The clinic is closed.") + [save]
        logging += [key(.character("F")), tab, tab, enter] + keys("conc") + [key(.character(" ")), enter]
        logging += keys("Clinic") + [enter] + keys("When will it open?") + [save]
        let after = fixture.run(logging)
        #expect(after.lines[1].contains("Meeting  Market day forum"), "back to the meeting: \(after.lines.joined(separator: "\n"))")
        #expect(after.lines.contains { $0.contains("Access to services") })

        let grievance = try #require(try fixture.store.records(Grievance.self, RecordQuery(search: "clinic")).first)
        #expect(grievance.meetingId == meeting.id)
        #expect(grievance.contactId == fixture.amina.id)
        #expect(grievance.raisedOn == Day("2026-11-20"))
        #expect(grievance.place == "Bor")
        #expect(grievance.category == "access_to_services")
        #expect(grievance.severity == .medium)
        let feedback = try #require(try fixture.store.records(Feedback.self, RecordQuery(search: "clinic")).first)
        #expect(feedback.meetingId == meeting.id)
        #expect(feedback.types == ["concern"])
        #expect(feedback.channel == "meeting")
        #expect(feedback.text == "When will it open?")
    }
}

extension FormTests {
    @Test func aGrievanceMovesToClosedThroughItsActionsAndTheLoopIsClosed() throws {
        let fixture = try Fixture()
        let m = key(.character("m"))
        var script: [InputEvent] = [key(.character("4")), enter]
        script += [m, enter] + keys("Called the chief") + [save]          // acknowledge
        script += [m] + keys("start") + [enter, save]                       // start work
        script += [m, enter, save]                                          // resolve, without a resolution
        let refused = fixture.run(script)
        #expect(refused.lines.contains { $0.contains("Resolution is required to resolve a grievance.") },
                "\(refused.lines.joined(separator: "\n"))")
        #expect(try fixture.store.record(Grievance.self, id: fixture.grievance.id)?.status == .inProgress)

        script = [key(.character("4")), enter, m, enter] + keys("The pump was replaced.") + [save]
        script += [m, enter, save]                                          // close: the resolution is kept
        script += [key(.character("l")), tab] + keys("at the Friday forum") + [save]
        let closed = fixture.run(script)
        let grievance = try #require(try fixture.store.record(Grievance.self, id: fixture.grievance.id))
        #expect(grievance.status == .closed)
        #expect(grievance.history.map(\.to) == [.new, .acknowledged, .inProgress, .resolved, .closed])
        #expect(grievance.history[1].note == "Called the chief")
        #expect(grievance.resolution == "The pump was replaced.")
        #expect(grievance.loopClosedOn == Day("2026-11-21"))
        #expect(grievance.loopClosedHow == "at the Friday forum")
        #expect(closed.lines.contains { $0.contains("Loop closed on") && $0.contains("Sat 21 Nov 2026") })
        #expect(closed.lines.contains { $0.contains("How told") && $0.contains("at the Friday forum") })
    }

    @Test func onlyTheAllowedMovesAreOfferedAndARejectionNeedsAReason() throws {
        let fixture = try Fixture()
        let offered = fixture.run([key(.character("4")), enter, key(.character("m"))])
        #expect(offered.lines.contains { $0.contains("Acknowledge") })
        #expect(offered.lines.contains { $0.contains("Reject") })
        #expect(!offered.lines.contains { ($0.contains("Resolve") && !$0.contains("Resolve by")) || $0.contains("Reopen") })

        let refused = fixture.run([key(.character("4")), enter, key(.character("m"))] + keys("rej") + [enter, save])
        #expect(refused.lines.contains { $0.contains("Reason is required to reject a grievance.") })
        #expect(try fixture.store.record(Grievance.self, id: fixture.grievance.id)?.status == .new)
    }
}
