import Foundation
import GRDB
import Testing
@testable import LiaisonCore

struct DraftTests {
    @Test func aDraftOfThisProcessIsNotOfferedButADeadProcesssIs() throws {
        // Given a draft saved by this process
        let temporary = try TemporaryStore()
        let store = temporary.store
        let draft = Draft(id: UUID(), form: "meeting", recordId: UUID(), title: "Meeting “Water”",
                          body: Data(#"{"title":"وادي"}"#.utf8))
        try store.saveDraft(draft)
        // Then this process does not take its own draft as left behind
        #expect(try store.claimAbandonedDrafts().isEmpty)

        // When the writer is a process that has ended
        try store.write { db in
            try db.execute(sql: "UPDATE draft SET owner = ?", arguments: [
                DraftOwner(boot: DraftOwner.current.boot, pid: DraftOwner.current.pid, started: "1").text])
        }
        // Then it is taken over, body intact, and only once
        let offered = try store.claimAbandonedDrafts()
        #expect(offered.map(\.id) == [draft.id])
        #expect(offered.first?.body == draft.body)
        #expect(offered.first?.recordId == draft.recordId)
        #expect(try store.claimAbandonedDrafts().isEmpty, "a claimed draft is this process's own")

        // And a draft from before a reboot is offered too
        try store.write { db in
            try db.execute(sql: "UPDATE draft SET owner = 'another-boot 1 1'")
        }
        #expect(try store.claimAbandonedDrafts().count == 1)

        // And deleting removes it
        try store.deleteDraft(id: draft.id)
        #expect(try store.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM draft") } == 0)
    }

    @Test func anEditOfARecordChangedElsewhereIsRefusedWithTheTimeOfTheOtherSave() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        let saved = try store.save(Contact(name: "Hassan Ali"))
        var mine = saved
        mine.notes = "mine"
        // Another window saves first
        var theirs = saved
        theirs.notes = "theirs"
        let clock = TemporaryStore.noon.addingTimeInterval(60)
        let other = try Store(at: temporary.url, options: Store.Options(clock: { clock }, timeZone: TimeZone(identifier: "UTC")!))
        defer { other.close() }
        let stored = try other.save(theirs)

        #expect(throws: EditConflict(kind: .contact, id: saved.id, changedAt: stored.updatedAt, deleted: false)) {
            try store.save(mine, expecting: saved.updatedAt)
        }
        #expect(try store.record(Contact.self, id: saved.id)?.notes == "theirs")
        // Keeping mine on purpose: the officer chose, knowing the other version.
        let kept = try store.save(mine, expecting: stored.updatedAt)
        #expect(kept.notes == "mine")
    }

    @Test func followUpsAreMarkedDoneAndListedOpenFirst() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        let first = FollowUp(action: "Send the water engineer", due: day("2026-11-25"))
        let second = FollowUp(action: "Call the chief", due: day("2026-11-22"))
        let meeting = try store.save(Meeting(title: "Water point", start: start("2026-11-20T10:00:00+03:00"),
                                             followUps: [first, second]))
        #expect(try store.followUps().map(\.followUp.action) == ["Call the chief", "Send the water engineer"])

        let stored = try store.markFollowUp(second.id, done: true)
        #expect(stored.followUps[1].doneOn == day("2026-11-21"))
        let listed = try store.followUps()
        #expect(listed.map(\.followUp.action) == ["Send the water engineer", "Call the chief"])
        #expect(listed.first?.meetingTitle == "Water point")
        #expect(listed.first?.meetingId == meeting.id)

        try store.markFollowUp(second.id, done: false)
        #expect(try store.record(Meeting.self, id: meeting.id)?.followUps[1].doneOn == nil)
    }

    @Test func closingTheLoopNeedsHowTheCommunityWasTold() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        let grievance = try store.save(Grievance(raisedOn: day("2026-11-20"), category: "access_to_services",
                                                 description: "The clinic is closed on market days."))
        #expect(throws: ValidationError.self) {
            try store.closeLoop(grievance: grievance.id, on: day("2026-11-21"), how: "")
        }
        let closed = try store.closeLoop(grievance: grievance.id, on: day("2026-11-21"), how: "at the Friday forum")
        #expect(closed.loopClosedOn == day("2026-11-21"))
        #expect(closed.loopClosedHow == "at the Friday forum")
        #expect(closed.history.count == 1)
    }

    @Test func formsStartAtTheLastPlaceAndTheLocalTime() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        #expect(try store.lastPlace() == nil)
        try store.save(Meeting(title: "Forum", start: start("2026-11-20T10:00:00+03:00"), place: "Wau", adm1: "Western Bahr el Ghazal"))
        #expect(try store.lastPlace() == Place(place: "Wau", adm1: "Western Bahr el Ghazal", adm2: ""))
        #expect(store.localNow().description == "2026-11-21T12:00:00Z")
        try store.save(Contact(name: "Zainab", localName: "زينب", community: "Jur River"))
        #expect(try store.contactChoices().map(\.localName) == ["زينب"])
    }
}
