import Foundation
import LiaisonBundle
import LiaisonCore
import TerminalKit
@testable import LiaisonUI

/// A store in a temporary folder with a fixed clock (2026-11-21 12:00 UTC), a profile and
/// records whose names are in Arabic, Amharic, Chinese, accented Latin (one with a
/// combining mark that has no precomposed form) and an emoji.
final class Fixture {
    let folder: URL
    let store: Store
    var amina: Contact!
    var dawit: Contact!
    var zhang: Contact!
    var meeting: Meeting!
    var grievance: Grievance!

    static let noon = Date(timeIntervalSince1970: 1_795_262_400)

    /// Where the fixture's device keeps its keys: a data folder of its own.
    var keyFolders: KeyFolders { KeyFolders(root: folder.appendingPathComponent("data/keys")) }

    init(records: Bool = true, profile: Bool = true) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-ui-\(UUID().uuidString)")
        store = try Store(at: folder.appendingPathComponent("store.sqlite"),
                          options: Store.Options(create: true, clock: { Fixture.noon },
                                                 timeZone: TimeZone(identifier: "UTC")!))
        if profile { try store.setProfile(DeviceProfile(officer: "Amina Yusuf", unit: "Civil Affairs", prefix: "KDL")) }
        guard records else { return }
        amina = try store.save(Contact(name: "Amina Yusuf", localName: "أمينة يوسف", role: "community_leader",
                                       community: "Abyei"))
        dawit = try store.save(Contact(name: "Dawit Tesfaye", localName: "ዳዊት ተስፋዬ", role: "youth_group",
                                       community: "Mekelle"))
        zhang = try store.save(Contact(name: "Zhang Wei", localName: "张伟", role: "local_authority", community: "Bor"))
        try store.save(Contact(name: "Ahmad Ñ", localName: "Mun\u{308}oz", community: "Gao"))
        meeting = try store.save(Meeting(
            title: "Water point 💧 repair with 张伟", kind: "community_forum", start: OffsetDateTime("2026-11-20T10:00:00+02:00")!,
            place: "Abyei", attendees: [Attendee(contactId: amina.id), Attendee(contactId: zhang.id)],
            headcount: Headcount(women: 12, men: 9), summary: "The committee asked about the pump.",
            followUps: [FollowUp(action: "Send the engineer", owner: "WASH", due: Day("2026-11-19")!)]))
        try store.save(Meeting(title: "Peace committee session", kind: "peace_committee_session",
                               start: OffsetDateTime("2026-11-18T09:00:00+00:00")!, place: "Bor"))
        grievance = try store.save(Grievance(raisedOn: Day("2026-11-20")!, meetingId: meeting.id, contactId: amina.id,
                                             place: "Abyei", category: "access_to_services", description: "The pump is broken."))
        try store.save(Feedback(receivedOn: Day("2026-11-20")!, meetingId: meeting.id, contactId: zhang.id,
                                types: ["appreciation"], topic: "Quick repair", text: "谢谢", sentiment: 2))
    }

    deinit {
        store.close()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs the interface on a memory terminal through the scripted events and returns it,
    /// in English unless `language` says otherwise, whatever the runner's locale.
    @discardableResult
    func run(_ script: [InputEvent], size: Size = Size(width: 80, height: 24), language: String = "C.UTF-8",
             bidi: String? = nil) -> MemoryTerminal {
        let terminal = MemoryTerminal(size: size, script: script)
        var environment = ProcessInfo.processInfo.environment.filter {
            $0.key != "LC_ALL" && $0.key != "LC_MESSAGES" && $0.key != "LIAISON_BIDI"
        }
        environment["LANG"] = language
        environment["LIAISON_BIDI"] = bidi
        App(store: store, keyFolders: keyFolders, startFolder: folder.path, environment: environment).run(on: terminal)
        return terminal
    }
}

/// Keys as scripted events: each character of a string is one key.
func keys(_ text: String) -> [InputEvent] { text.map { .key(.character($0)) } }

func key(_ key: Key) -> InputEvent { .key(key) }

/// The cell column where `text` starts on a line, counting wide characters as two.
func column(of text: String, in line: String) -> Int? {
    guard let range = line.range(of: text) else { return nil }
    return CellWidth.of(line[..<range.lowerBound])
}

/// The Tabs from one field of a kind's new form to another, counted on the form the schema
/// gives, so that a field added to a record does not send a test to the wrong field.
func tabKeys(from start: String, to target: String, _ kind: RecordKind) -> [InputEvent] {
    let now = OffsetDateTime(instant: Timestamp(milliseconds: 0), offsetMinutes: 0) ?? .epoch
    let fields = RecordForms.form(new: kind, FormDefaults(now: now)).fields.filter(\.kind.takesFocus)
    guard let from = fields.firstIndex(where: { $0.key == start }),
          let to = fields.firstIndex(where: { $0.key == target }), to >= from else { return [] }
    return Array(repeating: .key(.tab), count: to - from)
}

/// Text as the screen shows it: right-to-left runs laid out for display (`Bidi`).
func shown(_ text: String) -> String { Bidi.visual(text) ?? text }
