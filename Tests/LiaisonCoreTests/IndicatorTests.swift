import Foundation
import Testing
@testable import LiaisonCore

/// Indicators on a small data set whose answers were worked out by hand (see each expectation).
struct IndicatorTests {
    @Test func indicatorsMatchTheHandComputedFigures() throws {
        let given = try TemporaryStore()
        let store = given.store
        let youth = try store.save(Contact(name: "Youth", ageGroup: .youth))
        let adult = try store.save(Contact(name: "Adult", ageGroup: .adult))
        let unknown = try store.save(Contact(name: "Unknown"))

        try store.save(Meeting(title: "M1", kind: "community_forum", start: start("2026-11-20T10:00:00Z"), place: "Bor",
                               attendees: [Attendee(contactId: youth.id), Attendee(contactId: adult.id)],
                               headcount: Headcount(women: 3, men: 5, girls: 1, boys: 1),
                               followUps: [FollowUp(action: "late", due: day("2026-11-18")),
                                           FollowUp(action: "later", due: day("2026-11-30")),
                                           FollowUp(action: "done", due: day("2026-11-18"), doneOn: day("2026-11-19"))],
                               earlyWarning: true, earlyWarningNote: "Armed youth seen"))
        try store.save(Meeting(title: "M2", kind: "focus_group", start: start("2026-11-10T10:00:00Z"), place: "Bor",
                               attendees: [Attendee(contactId: unknown.id), Attendee(contactId: youth.id)],
                               headcount: Headcount(women: 6, men: 4)))
        try store.save(Meeting(title: "M3", kind: "community_forum", start: start("2026-10-01T10:00:00Z"), place: "Goma",
                               attendees: [Attendee(contactId: adult.id)], headcount: Headcount(women: 100)))
        let deleted = try store.save(Meeting(title: "M4", start: start("2026-11-19T10:00:00Z"), headcount: Headcount(men: 50),
                                             followUps: [FollowUp(action: "gone", due: day("2026-11-01"))], earlyWarning: true,
                                             earlyWarningNote: "x"))
        try store.delete(.meeting, id: deleted.id)

        func grievance(_ raised: String, _ category: String, severity: Severity? = nil,
                       _ moves: [Grievance.Move] = []) throws -> Grievance {
            let saved = try store.save(Grievance(raisedOn: day(raised), category: category, severity: severity, description: "x"))
            for move in moves { try store.move(grievance: saved.id, move) }
            return try store.record(Grievance.self, id: saved.id)!
        }
        _ = try grievance("2026-11-15", "protection_concern")                                   // G1 new, high
        _ = try grievance("2026-10-01", "land_property", [.init(to: .acknowledged), .init(to: .inProgress)]) // G2
        var g3 = try grievance("2026-11-11", "other", [.init(to: .acknowledged), .init(to: .inProgress),
                                                        .init(to: .resolved, resolution: "Fixed"), .init(to: .closed)])
        g3.loopClosedOn = day("2026-11-21")
        g3.loopClosedHow = "Community forum"
        try store.save(g3)
        _ = try grievance("2026-11-01", "other", [.init(to: .acknowledged), .init(to: .referred, referredTo: "WFP"),
                                                   .init(to: .resolved, resolution: "Food given"), .init(to: .closed)])
        _ = try grievance("2026-11-20", "serious_violation", [.init(to: .rejected, reason: "Duplicate")]) // G5
        _ = try grievance("2026-11-19", "access_to_services", severity: .critical)              // G6

        try store.save(Feedback(receivedOn: day("2026-11-20"), types: ["question", "concern"], text: "a",
                                sentiment: -2, perceivedSafety: 2, trust: 3))
        try store.save(Feedback(receivedOn: day("2026-11-17"), types: ["concern"], text: "b", sentiment: 0))
        try store.save(Feedback(receivedOn: day("2026-11-10"), types: ["appreciation"], text: "c", sentiment: 2,
                                perceivedSafety: 4, trust: 5))
        try store.save(Feedback(receivedOn: day("2026-09-01"), types: ["rumour"], text: "d"))

        let figures = try store.indicators()
        #expect(figures.asOf == day("2026-11-21"))
        // Meetings: M1 in 7 days; M1, M2 in 30; M3 too old; M4 deleted.
        #expect(figures.meetings.last7Days == 1)
        #expect(figures.meetings.last30Days == 2)
        #expect(figures.meetings.byKind.map { "\($0.key)=\($0.count)" } == ["community_forum=1", "focus_group=1"])
        #expect(figures.meetings.byCommunity.map { "\($0.key)=\($0.count)" } == ["Bor=2"])
        // Inclusion: women and girls (3+1+6)/(10+10); youth 2 of 3 attendees with a known age.
        #expect(figures.inclusion.womenShare == 0.5)
        #expect(figures.inclusion.headcount == 20)
        #expect(figures.inclusion.youthShare == 2.0 / 3.0)
        #expect(figures.inclusion.target == 0.3)
        // Grievances: open G1, G2, G6; G1 overdue to acknowledge, G2 to resolve; G3 closed in 10 days, G4 in 20.
        let g = figures.grievances
        #expect(g.open == 3)
        #expect(g.openBySeverity.map { "\($0.key)=\($0.count)" } == ["critical=1", "high=1", "medium=1"])
        #expect(g.openByCategory.count == 3)
        #expect(g.overdueToAcknowledge == 1)
        #expect(g.overdueToResolve == 1)
        #expect(g.closed == 2)
        #expect(g.medianDaysToClose == 15)
        #expect(g.loopClosedShare == 0.5)
        // Feedback: three in 30 days; concern twice.
        #expect(figures.feedback.last30Days == 3)
        #expect(figures.feedback.byType.map { "\($0.key)=\($0.count)" } == ["concern=2", "appreciation=1", "question=1"])
        let weeks = figures.feedback.weeks
        #expect(weeks.count == 12)
        #expect(weeks.first?.weekStart == day("2026-08-31"))
        #expect(weeks.first?.count == 1)
        #expect(weeks.first?.meanSentiment == nil)
        #expect(weeks.last?.weekStart == day("2026-11-16"))
        #expect(weeks.last?.count == 2)
        #expect(weeks.last?.meanSentiment == -1)
        #expect(weeks.last?.meanPerceivedSafety == 2)
        #expect(weeks[10].meanSentiment == 2)
        // Early warning: M1 flagged; G1 (high), G5 and G6 (critical) raised in the last 7 days.
        #expect(figures.earlyWarning.flaggedMeetings == 1)
        #expect(figures.earlyWarning.seriousGrievances == 3)
        #expect(figures.earlyWarning.items.count == 4)
        // Follow-ups of live meetings: two open, one overdue.
        #expect(figures.followUps.open == 2)
        #expect(figures.followUps.overdue == 1)
    }

    @Test func anEmptyStoreHasNoSharesRatherThanZeroes() throws {
        let given = try TemporaryStore()
        let figures = try given.store.indicators()
        #expect(figures.inclusion.womenShare == nil)
        #expect(figures.grievances.medianDaysToClose == nil)
        #expect(figures.grievances.loopClosedShare == nil)
        #expect(figures.feedback.weeks.allSatisfy { $0.count == 0 })
    }
}
