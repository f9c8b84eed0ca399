import Foundation
import LiaisonCore
import TerminalKit
import Testing
@testable import LiaisonUI

/// The interface in French at 80x24: labels come from the catalogue and none is cut.
struct FrenchTests {
    private let french = "fr_FR.UTF-8"

    @Test func everyFormOpensInFrenchWithNoLabelCut() throws {
        let fixture = try Fixture()
        let words = Catalogue.standard(.fr)
        for (key, kind) in [("n", RecordKind.meeting), ("n", .contact), ("n", .grievance), ("n", .feedback)] {
            let tab = ["meeting": "2", "contact": "3", "grievance": "4", "feedback": "5"][kind.rawValue] ?? "2"
            let screen = fixture.run(keys(tab) + keys(key), language: french)
            let text = screen.lines.joined(separator: "\n")
            #expect(screen.lines[1].contains(words.text("form.new.\(kind.rawValue)")), "\(text)")
            let form = RecordForms.form(new: kind, FormDefaults(now: OffsetDateTime("2026-11-21T12:00:00Z")!, words: words))
            // Every label fits the label column, and those on the first screen show whole.
            let column = FormLayout.valueColumn(form, 80)
            let labelled = form.fields.filter { $0.kind.isTyped || $0.kind == .flag || $0.kind == .contact }
            for field in labelled {
                #expect(CellWidth.of(field.label + (field.required ? " *" : "")) <= column.x - 2, "\(kind) “\(field.label)” fits")
            }
            for field in labelled.prefix(6) {
                #expect(screen.lines.contains { $0.contains(" " + field.label) }, "\(kind) label “\(field.label)” whole: \(text)")
            }
            for line in screen.lines { #expect(CellWidth.of(line) <= 80) }
        }
    }

    @Test func aRecordPageReadsInFrench() throws {
        let fixture = try Fixture()
        let screen = fixture.run(keys("4") + [key(.enter)], language: french)
        let text = screen.lines.joined(separator: "\n")
        #expect(text.contains("Plainte  KDL-2026-0001"), "\(text)")
        #expect(text.contains(Catalogue.standard(.fr).text("field.grievance.raised_on")))
        #expect(text.contains(Catalogue.standard(.fr).text("choice.status.new")))
        #expect(!text.contains("Raised on"))
    }
}
