import Foundation
@testable import LiaisonBundle
import LiaisonCore
import Testing

@Suite struct FormatTests {
    /// The bytes the export writes for a record are the JSON `liaison show --json` gives.
    @Test func recordLinesAreTheRecordsJSON() throws {
        let fixture = try BundleFixture(meetings: 40)
        let odd = try fixture.store.save(Contact(name: "Quote \" back\\slash\ttab \u{1}", localName: "Ольга «Ко»",
                                                 phones: ["+1 555 0100"], notes: "line\nbreak"))
        try fixture.store.delete(.contact, id: odd.id)
        let encoder = RecordJSON.encoder()
        func same<R: StoredRecord>(_ type: R.Type, _ line: (R) -> [UInt8]) throws -> Int {
            var checked = 0
            try fixture.store.forEach(type, RecordQuery(includeDeleted: true)) { record in
                let ours = Data(line(record))
                let foundations = try encoder.encode(record)
                let parsed = try JSONSerialization.jsonObject(with: ours) as? NSDictionary
                #expect(parsed == (try JSONSerialization.jsonObject(with: foundations) as? NSDictionary),
                        "\(String(decoding: ours, as: UTF8.self))")
                // Byte for byte too, when no decimal number is written differently.
                if !(record is Meeting) || (record as? Meeting)?.latitude == nil {
                    #expect(ours == foundations)
                }
                checked += 1
            }
            return checked
        }
        #expect(try same(Contact.self, RecordLine.contact) > 0)
        #expect(try same(Meeting.self, RecordLine.meeting) == 40)
        #expect(try same(Grievance.self, RecordLine.grievance) > 0)
        #expect(try same(Feedback.self, RecordLine.feedback) > 0)
    }

    @Test func contentLinesFoldWithoutSplittingACharacter() {
        var lines = ContentLines()
        let long = "Община Бор, 王小明 said; the well 💧 is dry, again\\and again. " + String(repeating: "ብዙ ሰዎች ", count: 20)
        lines.text("DESCRIPTION", long)
        let text = String(decoding: lines.bytes, as: UTF8.self)
        let physical = text.components(separatedBy: "\r\n").dropLast()
        #expect(physical.count > 3)
        #expect(physical.allSatisfy { $0.utf8.count <= 75 })
        // Unfolding gives back the value, escaped.
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded == "DESCRIPTION:" + long.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: ",", with: "\\,").replacingOccurrences(of: ";", with: "\\;") + "\r\n")
        #expect(ContentLines.parameter("Smith, \"Jo\"") == "\"Smith, 'Jo'\"")
    }

    @Test func csvCellsAreQuotedAndFormulasDefused() {
        #expect(RecordCSV.cell("plain") == "plain")
        #expect(RecordCSV.cell("a, b") == "\"a, b\"")
        #expect(RecordCSV.cell("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(RecordCSV.cell("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(RecordCSV.cell("-2") == "-2")
        #expect(RecordCSV.cell("@home") == "'@home")
    }
}
