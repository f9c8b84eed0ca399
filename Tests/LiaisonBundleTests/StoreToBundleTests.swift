import Foundation
import LiaisonBundle
import LiaisonCore
import LiaisonTestSupport
import Testing

/// Whatever the store accepts, a bundle carries and the verifier accepts; and a store whose
/// pages were damaged at random is refused or read, never crashed on.
struct StoreToBundleTests {
    /// One grapheme of `bytes` UTF-8 bytes: a letter carrying combining marks, the heaviest
    /// text a character limit lets through.
    private func heavy(_ bytes: Int, base: String = "a") -> String {
        base + String(repeating: "\u{0301}", count: (bytes - base.utf8.count) / 2)
    }

    /// The most a field takes: as many characters as allowed, up to its byte limit.
    private func fullLine(_ mark: String) -> String {
        mark + heavy(FieldLimits.lineBytes - mark.utf8.count - 10) + String(repeating: "\\\"", count: 4)
    }

    @Test func recordsAtEveryLimitAreExportedAndVerified() throws {
        let fixture = try BundleFixture()
        let store = fixture.store
        let list = (0..<FieldLimits.items).map { fullLine("\($0)") }
        // Languages are codes: the longest tag a line holds.
        let languages = (0..<FieldLimits.items).map { _ in "zzz" + String(repeating: "-abcdefgh", count: 21) }
        let phones = (0..<FieldLimits.items).map { "+\($0) " + String(repeating: "9", count: FieldLimits.line - 6) }
        let text = heavy(FieldLimits.textBytes - 8) + "\"\\\n\t\"\\"
        let contact = try store.save(Contact(
            name: fullLine("name"), localName: fullLine("local"), role: "community_leader",
            organisation: fullLine("org"), community: fullLine("community"), adm1: fullLine("adm1"), adm2: fullLine("adm2"),
            phones: phones, handles: list, languages: languages, notes: text))
        let attendees = try (0..<20).map { index in
            Attendee(contactId: try store.save(Contact(name: "Attendee \(index)")).id, role: "participant")
        } + [Attendee(contactId: contact.id, role: "participant")]
        try store.save(Meeting(
            title: fullLine("title"), kind: "community_forum", start: OffsetDateTime("2026-11-20T10:00:00+02:00")!,
            place: fullLine("place"), adm1: fullLine("adm1"), adm2: fullLine("adm2"), languages: languages,
            interpreter: fullLine("interpreter"), attendees: attendees,
            headcount: Headcount(women: Headcount.bounds.upperBound, men: Headcount.bounds.upperBound,
                                 girls: Headcount.bounds.upperBound, boys: Headcount.bounds.upperBound),
            summary: text, decisions: text,
            followUps: (0..<FieldLimits.items).map { FollowUp(action: heavy(FieldLimits.textBytes / 40) + "\($0)", owner: fullLine("o")) },
            earlyWarning: true, earlyWarningNote: text))
        var grievance = try store.save(Grievance(raisedOn: Day("2026-11-20")!, contactId: contact.id, place: fullLine("p"),
                                                 category: "other", description: text))
        for _ in 0..<12 {
            grievance = try store.move(grievance: grievance.id, .init(to: .rejected, note: text, reason: text))
            grievance = try store.move(grievance: grievance.id, .init(to: .reopened, note: text))
        }
        try store.save(Feedback(receivedOn: Day("2026-11-20")!, contactId: contact.id, types: ["question", "rumour"],
                                topic: fullLine("topic"), text: text, language: languages[0], response: text))

        let result = try fixture.export(full: true)
        let report = try BundleVerifier.verify(result.url, allowUntrusted: true)
        #expect(report.counts[.contact] == 21)
        #expect(report.counts[.meeting] == 1)
        #expect(report.counts[.grievance] == 1)
        #expect(report.counts[.feedback] == 1)
    }

    @Test func randomPageFlipsNeverCrashTheReadersOrTheExport() throws {
        let fixture = try BundleFixture(meetings: 40)
        fixture.store.close()
        let original = try Data(contentsOf: fixture.store.url)
        let pageSize = 4096
        var random = SeededRandom(seed: 42)
        var outcomes = (read: 0, refused: 0)
        for round in 0..<40 {
            var bytes = [UInt8](original)
            // Damage a few bytes of a few pages past the header page.
            for _ in 0..<(1 + random.next(4)) {
                let page = 1 + random.next(max(1, bytes.count / pageSize - 1))
                for _ in 0..<(1 + random.next(16)) {
                    let offset = page * pageSize + random.next(pageSize)
                    if offset < bytes.count { bytes[offset] = UInt8(random.next(256)) }
                }
            }
            let copy = fixture.folder.appendingPathComponent("flipped-\(round)/liaison.sqlite")
            try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: copy)
            do {
                let store = try Store(at: copy)
                defer { store.close() }
                _ = try store.indicators()
                _ = try store.records(Contact.self, RecordQuery(limit: 1000))
                _ = try store.records(Meeting.self, RecordQuery(limit: 1000))
                _ = try store.records(Grievance.self, RecordQuery(limit: 1000))
                _ = try store.records(Feedback.self, RecordQuery(limit: 1000))
                let out = copy.deletingLastPathComponent().appendingPathComponent("out")
                try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
                _ = try BundleWriter.export(store, ExportOptions(folder: out, full: true), keys: fixture.keys)
                outcomes.read += 1
            } catch {
                // Refused with a sentence: that is the other good outcome.
                #expect(!"\(error)".isEmpty)
                outcomes.refused += 1
            }
        }
        #expect(outcomes.read + outcomes.refused == 40)
        print("Page flips: \(outcomes.read) stores read and exported, \(outcomes.refused) refused.")
    }
}
