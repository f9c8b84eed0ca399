import Foundation
import LiaisonCore
import LiaisonTestSupport
import TerminalKit
import Testing
@testable import LiaisonUI

/// Ten thousand seeded random key events, across every screen and form, over a demo store:
/// letters in several scripts, control keys and resizes. Nothing may crash, and the store
/// must still be sound afterwards.
struct RandomInputTests {
    /// Text of every kind a field may get: Latin, accented, Arabic, Amharic, Cyrillic,
    /// Chinese, a combining mark, an emoji, digits, spaces and punctuation.
    private static let characters: [Character] = Array(
        "abcdefghijklmnopqrstuvwxyz ABCXYZ 0123456789 éñü أمينة خديجه ዳዊት Ферма 张伟 👩🏽‍⚕️ -+/.:,'\"") + ["e\u{0301}"]
    /// Every key that is not text; Ctrl-C and the signals end the session, Ctrl-E starts an
    /// outside editor and Ctrl-Z suspends: those are left out.
    private static let keys: [Key] = [
        .up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .enter, .enter, .enter, .tab, .tab, .backTab,
        .backspace, .delete, .escape, .escape, .function(1), .function(5), .function(10),
    ] + "abdfgklmnorsuvwx".map { Key.control($0) }
    /// The command letters, more often than chance would press them.
    private static let commands: [Character] = Array("123456nedugGFmlxo?/jkqsS f")

    private func script(_ count: Int, seed: UInt64) -> [InputEvent] {
        var random = SeededRandom(seed: seed)
        var events: [InputEvent] = []
        while events.count < count {
            // Now and then, what an officer does on purpose: leave, open the contacts, log one.
            if random.next(100) < 2 {
                let burst: [Key] = [.escape, .character("y"), .escape, .character("3"), .character("n")]
                    + "Zainab".map { Key.character($0) } + [.control("s")]
                events += burst.map { InputEvent.key($0) }
                continue
            }
            events.append(randomEvent(&random))
        }
        return Array(events.prefix(count))
    }

    private func randomEvent(_ random: inout SeededRandom) -> InputEvent {
        switch random.next(100) {
        case 0..<35: .key(.character(random.pick(Self.characters)))
        case 35..<60: .key(.character(random.pick(Self.commands)))
        case 60..<96: .key(random.pick(Self.keys))
        default: .resize(Size(width: 20 + random.next(140), height: 6 + random.next(50)))
        }
    }

    @Test func tenThousandRandomKeysNeitherCrashNorDamageTheStore() throws {
        let fixture = try Fixture()
        try DemoData(meetings: 60, seed: 11, now: Timestamp(Fixture.noon), today: fixture.store.today())
            .populate(fixture.store)
        let changesBefore = try fixture.store.changesSinceLastExport()
        let events = script(10_000, seed: 2026_11_26)
        var sessions = 0
        var left = events[...]
        // `Q` or `q` may quit: a new session then takes the keys that are left, as an officer
        // would start liaison again.
        while !left.isEmpty, sessions < 2_000 {
            let terminal = MemoryTerminal(size: Size(width: 80, height: 24), script: Array(left))
            App(store: fixture.store, keyFolders: fixture.keyFolders, startFolder: fixture.folder.path).run(on: terminal)
            left = left.suffix(terminal.remaining)
            sessions += 1
        }
        #expect(left.isEmpty, "every event was played")
        #expect(try fixture.store.integrityReport() == ["ok"])
        // The keys reached the forms: records were made, changed or deleted on the way.
        let changes = try fixture.store.changesSinceLastExport()
        #expect(changes != changesBefore, "the random keys saved something through a form")
        print("Random input: 10000 events in \(sessions) sessions; changes waiting for export \(changesBefore) -> \(changes).")
    }
}
