import Foundation
import Testing
@testable import LiaisonCore

struct WorkflowTests {
    typealias Status = Grievance.Status

    /// The moves of DOMAIN.md, written out by hand.
    static let allowed: [Status: Set<Status>] = [
        .new: [.acknowledged, .rejected],
        .acknowledged: [.inProgress, .referred, .rejected],
        .inProgress: [.resolved, .rejected],
        .referred: [.resolved, .rejected],
        .resolved: [.closed, .rejected],
        .closed: [.reopened],
        .rejected: [.reopened],
        .reopened: [.inProgress, .referred, .rejected],
    ]

    static let pairs = Status.allCases.flatMap { from in Status.allCases.map { (from, $0) } }

    /// A move that carries whatever any target needs.
    static func complete(_ to: Status) -> Grievance.Move {
        Grievance.Move(to: to, note: "note", referredTo: "UNHCR", resolution: "Fixed", reason: "Out of mandate")
    }

    @Test(arguments: pairs)
    func onlyTheMovesOfTheWorkflowAreAllowed(from: Status, to: Status) throws {
        var grievance = Grievance(raisedOn: day("2026-11-01"), category: "other", description: "x", status: from)
        let before = grievance
        let expected = Self.allowed[from]!.contains(to)
        #expect(from.canMove(to: to) == expected)
        if expected {
            try grievance.apply(Self.complete(to), by: "Amina", at: Timestamp(milliseconds: 1000))
            #expect(grievance.status == to)
            #expect(grievance.history.last == GrievanceEvent(at: Timestamp(milliseconds: 1000), by: "Amina",
                                                             from: from, to: to, note: "note"))
        } else {
            #expect(throws: WorkflowError.notAllowed(from: from, to: to)) {
                try grievance.apply(Self.complete(to), by: "Amina", at: Timestamp(milliseconds: 1000))
            }
            #expect(grievance == before, "a refused move changes nothing")
        }
    }

    @Test func referringNeedsAnOrganisation() {
        var grievance = Grievance(raisedOn: day("2026-11-01"), category: "other", description: "x", status: .acknowledged)
        #expect(throws: WorkflowError.needs(.referredTo, .referred)) {
            try grievance.apply(.init(to: .referred, referredTo: "  "), by: "A", at: .now())
        }
        #expect(grievance.history.isEmpty)
    }

    @Test func closingAGrievanceWithoutResolutionIsRefused() throws {
        var grievance = Grievance(raisedOn: day("2026-11-01"), category: "other", description: "x", status: .inProgress)
        #expect(throws: WorkflowError.needs(.resolution, .resolved)) {
            try grievance.apply(.init(to: .resolved), by: "A", at: .now())
        }
        try grievance.apply(.init(to: .resolved, resolution: "Borehole repaired"), by: "A", at: .now())
        grievance.resolution = ""
        #expect(throws: WorkflowError.needs(.resolution, .closed)) {
            try grievance.apply(.init(to: .closed), by: "A", at: .now())
        }
        try grievance.apply(.init(to: .closed, resolution: "Borehole repaired"), by: "A", at: .now())
        #expect(grievance.status == .closed)
    }

    @Test func rejectingNeedsAReasonAndKeepsIt() throws {
        var grievance = Grievance(raisedOn: day("2026-11-01"), category: "other", description: "x")
        #expect(throws: WorkflowError.needs(.rejectionReason, .rejected)) {
            try grievance.apply(.init(to: .rejected), by: "A", at: .now())
        }
        try grievance.apply(.init(to: .rejected, reason: "Duplicate of KDL-2026-0001"), by: "A", at: .now())
        #expect(grievance.rejectionReason == "Duplicate of KDL-2026-0001")
    }

    @Test func refusalsSayWhereTheGrievanceCanGo() {
        let message = WorkflowError.notAllowed(from: .new, to: .closed).description
        #expect(message == "A grievance that is new cannot be moved to closed; from new it can go to: acknowledged, rejected.")
    }
}
