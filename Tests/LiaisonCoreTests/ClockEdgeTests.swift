import Foundation
import Testing
@testable import LiaisonCore

/// Day arithmetic where it is easiest to get wrong: across midnight, at the end of a month,
/// on 29 February and at the day boundary of the farthest time zones. Every store here has
/// a stopped clock and a named zone, so the answers do not depend on when the suite runs.
struct ClockEdgeTests {
    /// A store whose clock reads `instant` (UTC) in `zone`.
    private func store(at instant: String, in zone: String) throws -> TemporaryStore {
        let date = try #require(Timestamp(parsing: instant)).date
        let timeZone = try #require(TimeZone(identifier: zone))
        return try TemporaryStore(clock: DeviceClock.fixed(at: date, timeZone: timeZone))
    }

    // MARK: - Today

    @Test(arguments: [
        // Kiritimati is UTC+14: 20:00 UTC on the 28th is already 10:00 on 29 February there.
        ("2028-02-28T20:00:00Z", "Pacific/Kiritimati", "2028-02-29"),
        // Adak is UTC−10 in winter: 09:45 UTC on New Year's Day is still 23:45 on 31 December.
        ("2027-01-01T09:45:00Z", "America/Adak", "2026-12-31"),
        ("2027-02-28T23:50:00Z", "UTC", "2027-02-28"),
        ("2027-02-28T23:59:59.999Z", "UTC", "2027-02-28"),
        ("2027-03-01T00:00:00Z", "UTC", "2027-03-01"),
        // Honolulu is UTC−10 all year.
        ("2026-11-01T09:59:00Z", "Pacific/Honolulu", "2026-10-31"),
        ("2026-11-01T10:00:00Z", "Pacific/Honolulu", "2026-11-01"),
    ])
    func todayIsTheDateOnTheDevicesWallClock(instant: String, zone: String, expected: String) throws {
        let given = try store(at: instant, in: zone)
        #expect(given.store.today() == day(expected))
        #expect(try given.store.indicators().asOf == day(expected))
    }

    @Test func aNewMeetingStartsOnTheWallClockWithItsOffset() throws {
        let kiritimati = try store(at: "2028-02-28T20:00:00Z", in: "Pacific/Kiritimati")
        #expect(kiritimati.store.localNow().description == "2028-02-29T10:00:00+14:00")
        let adak = try store(at: "2027-01-01T09:45:00Z", in: "America/Adak")
        #expect(adak.store.localNow().description == "2026-12-31T23:45:00-10:00")
        #expect(adak.store.localNow().localDay == day("2026-12-31"))
    }

    // MARK: - Due dates

    @Test(arguments: [
        ("2028-02-28T20:00:00Z", "Pacific/Kiritimati", "2028-03-02", "2028-03-30"),  // raised 29 Feb
        ("2027-02-28T23:50:00Z", "UTC", "2027-03-02", "2027-03-30"),                   // raised 28 Feb
        ("2027-01-01T09:45:00Z", "America/Adak", "2027-01-02", "2027-01-30"),           // raised 31 Dec
    ])
    func dueDatesCountFromTheDayRaisedAcrossMonthsAndYears(instant: String, zone: String,
                                                            acknowledgeBy: String, resolveBy: String) throws {
        let given = try store(at: instant, in: zone)
        let saved = try given.store.save(Grievance(raisedOn: given.store.today(), category: "other", description: "x"))
        #expect(saved.acknowledgeBy == day(acknowledgeBy))
        #expect(saved.resolveBy == day(resolveBy))
    }

    @Test func overdueStartsTheDayAfterTheDueDateInTheDevicesZone() throws {
        // 20:00 UTC on 28 February 2028: still the 28th in UTC, already the 29th in Kiritimati.
        let instant = "2028-02-28T20:00:00Z"
        for (zone, overdue) in [("UTC", 0), ("Pacific/Kiritimati", 1)] {
            let given = try store(at: instant, in: zone)
            // Raised on the 26th: acknowledge by the 28th.
            let grievance = try given.store.save(Grievance(raisedOn: day("2028-02-26"), category: "other", description: "x"))
            #expect(grievance.acknowledgeBy == day("2028-02-28"))
            #expect(try given.store.indicators().grievances.overdueToAcknowledge == overdue, "in \(zone)")
            #expect(grievance.isOverdue(asOf: given.store.today()) == (overdue == 1), "in \(zone)")
        }
    }

    @Test func followUpsAreOverdueFromTheDayAfterTheyAreDue() throws {
        let given = try store(at: "2027-01-01T09:45:00Z", in: "America/Adak") // 31 December, 23:45
        try given.store.save(Meeting(title: "Year end", start: start("2026-12-30T10:00:00-10:00"), followUps: [
            FollowUp(action: "due today", due: day("2026-12-31")),
            FollowUp(action: "due yesterday", due: day("2026-12-30")),
            FollowUp(action: "due tomorrow", due: day("2027-01-01")),
        ]))
        let figures = try given.store.indicators()
        #expect(figures.followUps.open == 3)
        #expect(figures.followUps.overdue == 1)
    }

    // MARK: - Windows of days

    @Test func theLastSevenDaysAreTodayAndTheSixBeforeItAcrossAMonthsEnd() throws {
        // 1 March 2027, 00:30 in Kiritimati (UTC+14).
        let given = try store(at: "2027-02-28T10:30:00Z", in: "Pacific/Kiritimati")
        #expect(given.store.today() == day("2027-03-01"))
        for (title, wallClock) in [
            ("today, just after midnight", "2027-03-01T00:10:00+14:00"),
            ("six days ago", "2027-02-23T23:59:00+14:00"),
            ("seven days ago", "2027-02-22T12:00:00+14:00"),
            // A meeting counts on its own local day: 22 Feb at 23:00 in UTC−10 is 23 Feb in UTC.
            ("the 22nd where it was held", "2027-02-22T23:00:00-10:00"),
        ] {
            try given.store.save(Meeting(title: title, start: start(wallClock), earlyWarning: true, earlyWarningNote: title))
        }
        let figures = try given.store.indicators()
        #expect(figures.meetings.last7Days == 2)
        #expect(figures.meetings.last30Days == 4)
        #expect(Set(figures.earlyWarning.items.map(\.summary))
                == ["today, just after midnight: today, just after midnight", "six days ago: six days ago"])
    }

    @Test func theLastSevenDaysOn29FebruaryReachBackInto23February() throws {
        let given = try store(at: "2028-02-28T20:00:00Z", in: "Pacific/Kiritimati") // 29 Feb 2028
        for raised in ["2028-02-29", "2028-02-23", "2028-02-22"] {
            try given.store.save(Grievance(raisedOn: day(raised), category: "protection_concern", description: raised))
        }
        #expect(try given.store.indicators().earlyWarning.seriousGrievances == 2)
    }

    // MARK: - Weeks of the sparkline

    @Test func sparklineWeeksStartOnMondayAndCrossTheYear() throws {
        // Monday 4 January 2027, 08:00 in Adak.
        let given = try store(at: "2027-01-04T18:00:00Z", in: "America/Adak")
        #expect(given.store.today() == day("2027-01-04"))
        for (received, sentiment) in [("2027-01-04", 2), ("2027-01-03", -2), ("2026-12-28", 0), ("2026-12-27", 1)] {
            try given.store.save(Feedback(receivedOn: day(received), types: ["concern"], text: received, sentiment: sentiment))
        }
        let weeks = try given.store.indicators().feedback.weeks
        #expect(weeks.count == 12)
        #expect(weeks.last?.weekStart == day("2027-01-04"))
        #expect(weeks.last?.count == 1)
        #expect(weeks.last?.meanSentiment == 2)
        // Sunday 3 January and Monday 28 December are one ISO week.
        #expect(weeks[10].weekStart == day("2026-12-28"))
        #expect(weeks[10].count == 2)
        #expect(weeks[10].meanSentiment == -1)
        #expect(weeks[9].weekStart == day("2026-12-21"))
        #expect(weeks[9].count == 1)
        #expect(weeks.first?.weekStart == day("2026-10-19"))
    }

    @Test func onALeapDayTheWeekBeganOnTheMondayBefore() throws {
        let given = try store(at: "2028-02-28T20:00:00Z", in: "Pacific/Kiritimati") // Tuesday 29 Feb 2028
        try given.store.save(Feedback(receivedOn: day("2028-02-29"), types: ["question"], text: "leap"))
        try given.store.save(Feedback(receivedOn: day("2028-02-27"), types: ["question"], text: "sunday"))
        let weeks = try given.store.indicators().feedback.weeks
        #expect(weeks.last?.weekStart == day("2028-02-28"))
        #expect(weeks.last?.count == 1)
        #expect(weeks[10].weekStart == day("2028-02-21"))
        #expect(weeks[10].count == 1)
    }

    // MARK: - Demo data

    @Test(arguments: [
        ("2026-12-31T23:45:00-10:00", "America/Adak"),
        ("2027-02-28T23:50:00Z", "UTC"),
        ("2028-02-29T10:00:00+14:00", "Pacific/Kiritimati"),
        ("2026-11-26T09:56:00+03:00", "Africa/Nairobi"),
    ])
    func demoDataNeverLiesInTheFuture(instant: String, zone: String) throws {
        let given = try store(at: instant, in: zone)
        let store = given.store
        let now = try #require(Timestamp(parsing: instant))
        let today = store.today()
        try DemoData(meetings: 300, for: store).populate(store)
        let everything = RecordQuery(limit: 100_000)
        let meetings = try store.records(Meeting.self, everything)
        let grievances = try store.records(Grievance.self, everything)
        let feedback = try store.records(Feedback.self, everything)
        let contacts = try store.records(Contact.self, everything)
        #expect(meetings.count == 300)
        #expect(meetings.allSatisfy { $0.start.instant <= now && $0.start.localDay <= today && $0.createdAt <= now })
        #expect(meetings.allSatisfy { $0.followUps.allSatisfy { $0.doneOn.map { $0 <= today } ?? true } })
        #expect(grievances.allSatisfy { $0.raisedOn <= today && $0.createdAt <= now && $0.updatedAt <= now })
        #expect(grievances.allSatisfy { $0.history.allSatisfy { $0.at <= now } })
        #expect(grievances.allSatisfy { $0.loopClosedOn.map { $0 <= today } ?? true })
        #expect(feedback.allSatisfy { $0.receivedOn <= today && $0.createdAt <= now })
        #expect(contacts.allSatisfy { $0.createdAt <= now })
        // Still a full picture: meetings today or yesterday, and grievances moved along.
        #expect(meetings.contains { $0.start.localDay >= today.adding(days: -1) })
        #expect(Set(grievances.map(\.status)).count >= 5)
    }

    // MARK: - The clock from the environment

    @Test func liaisonNowStartsTheClockAtAnInstantAndLetsItRun() throws {
        let clock = try DeviceClock.from(environment: ["LIAISON_NOW": "2028-02-29T10:00:00+14:00"])
        let first = clock.instant()
        #expect(first >= Timestamp(parsing: "2028-02-28T20:00:00Z")!)
        #expect(first < Timestamp(parsing: "2028-02-28T20:01:00Z")!)
        Thread.sleep(forTimeInterval: 0.01)
        #expect(clock.instant() > first, "the clock runs on")
        let system = try DeviceClock.from(environment: ["LIAISON_NOW": ""])
        #expect(abs(system.now().timeIntervalSinceNow) < 60)
    }

    @Test func aLiaisonNowThatIsNotAnInstantIsRefusedWithASentence() {
        for value in ["tomorrow", "2026-11-21", "2026-02-30T10:00:00Z", "2026-11-21T10:00:00", "\u{1B}[2J"] {
            #expect(throws: ClockSettingError.self) { try DeviceClock.from(environment: ["LIAISON_NOW": value]) }
        }
        let error = ClockSettingError(value: "\u{1B}[2Jsoon")
        #expect(error.description.contains("such as 2026-11-21T09:00:00+03:00"))
        #expect(!error.description.unicodeScalars.contains { $0.value == 0x1B }, "no escape reaches the terminal")
    }
}
