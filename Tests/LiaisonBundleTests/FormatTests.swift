import Foundation
@testable import LiaisonBundle
@testable import LiaisonCore
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

    /// The verifier reads canonical lines straight from their bytes: every record a store
    /// holds reads back as the record Foundation's decoder reads, escapes, absent optional
    /// fields, nested objects and rows included.
    @Test func canonicalLinesReadStraightAsFoundationReadsThem() throws {
        let fixture = try BundleFixture(meetings: 60)
        try fixture.store.save(Contact(name: "Quote \" back\\slash\ttab \u{1}\u{7F}", localName: "Ольга «Ко» 李",
                                       phones: ["+1 555 0100"], notes: "line\nbreak\r\u{8}\u{C}\u{2028}"))
        let decoder = RecordJSON.decoder()
        func same<R: StoredRecord>(_ type: R.Type, _ line: (R) -> [UInt8], _ read: (Data) -> R?) throws -> Int {
            var checked = 0
            try fixture.store.forEach(type, RecordQuery(includeDeleted: true)) { record in
                let bytes = Data(line(record))
                let straight = read(bytes)
                #expect(straight != nil, "\(String(decoding: bytes, as: UTF8.self))")
                let foundations = try decoder.decode(R.self, from: bytes)
                #expect(straight == foundations)
                checked += 1
            }
            return checked
        }
        #expect(try same(Contact.self, RecordLine.contact, RecordLineReader.contact) > 0)
        #expect(try same(Meeting.self, RecordLine.meeting, RecordLineReader.meeting) == 60)
        #expect(try same(Grievance.self, RecordLine.grievance, RecordLineReader.grievance) > 0)
        #expect(try same(Feedback.self, RecordLine.feedback, RecordLineReader.feedback) > 0)
    }

    /// Lines that are not canonical read as nil, for Foundation's decoder to read and the
    /// verifier to refuse; damaged lines never trap, and any that still reads straight and
    /// writes back to itself holds what Foundation's decoder reads from it.
    @Test func otherLinesReadAsNothingAndDamageNeverTraps() throws {
        let fixture = try BundleFixture(meetings: 30)
        let decoder = RecordJSON.decoder()
        var meetings: [Meeting] = []
        try fixture.store.forEach(Meeting.self, RecordQuery()) { meetings.append($0) }
        let line = String(decoding: RecordLine.meeting(meetings[0]), as: UTF8.self)
        for variant in [line.replacingOccurrences(of: "\",\"", with: "\", \""),  // other spacing
                        line.replacingOccurrences(of: "{\"", with: "{ \""),
                        line + " ",
                        line.replacingOccurrences(of: "\"title\":\"", with: "\"title\":\"\\u0041"),  // an escape not written
                        line.replacingOccurrences(of: "\"title\":", with: "\"title\":null,\"title\":"),
                        String(line.dropLast())] {
            #expect(RecordLineReader.meeting(Data(variant.utf8)) == nil, "\(variant)")
        }
        var random = SplitMix64(seed: 77)
        var readStraight = 0
        for meeting in meetings {
            let bytes = RecordLine.meeting(meeting)
            for _ in 0..<200 {
                var damaged = bytes
                switch random.int(0...2) {
                case 0: damaged[random.int(0...(damaged.count - 1))] = UInt8(truncatingIfNeeded: random.int(0...255))
                case 1: damaged.removeLast(random.int(1...(damaged.count - 1)))
                default: damaged.insert(UInt8(truncatingIfNeeded: random.int(0...255)), at: random.int(0...damaged.count))
                }
                let data = Data(damaged)
                guard let read = RecordLineReader.meeting(data) else { continue }
                readStraight += 1
                // A damaged line that still reads is either refused by the byte comparison
                // that follows, or holds what Foundation's decoder reads.
                if RecordLine.meeting(read) == damaged {
                    let foundations = try decoder.decode(Meeting.self, from: data)
                    #expect(read == foundations)
                }
            }
        }
        #expect(readStraight > 0)
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
