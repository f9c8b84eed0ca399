import Foundation
import Testing
@testable import TerminalKit

/// FriBidi is Debian's `libfribidi0`; like tmux for the interface tests, it is installed
/// when missing, before anything opens it.
private let fribidiPresent: Bool = {
    let installed = "ldconfig -p | grep -q 'libfribidi.so.0 '"
    let install = "\(installed) || apt-get install -y -qq libfribidi0 >/dev/null 2>&1 || sudo -n apt-get install -y -qq libfribidi0 >/dev/null 2>&1"
    let shell = Process()
    shell.executableURL = URL(fileURLWithPath: "/bin/sh")
    shell.arguments = ["-c", install]
    try? shell.run()
    shell.waitUntilExit()
    return Bidi.isAvailable
}()

struct BidiTests {
    @Test func arabicIsLaidOutRightToLeftAndJoined() throws {
        try #require(fribidiPresent, "FriBidi (libfribidi0) is missing and could not be installed")
        // Read right to left, the first word (خديجة) ends up on the right, its letters in
        // their joined forms, one cell each.
        #expect(Bidi.visual("خديجة موسى") == "ﻰﺳﻮﻣ ﺔﺠﻳﺪﺧ")
        // In a left-to-right line, the Latin text stays where it is and only the Arabic run turns.
        #expect(Bidi.visual("Khadija خديجة موسى (Chair)") == "Khadija ﻰﺳﻮﻣ ﺔﺠﻳﺪﺧ (Chair)")
        // Hebrew, with no joining.
        #expect(Bidi.visual("שלום עולם") == "םלוע םולש")
        #expect(Bidi.visual("Amina Yusuf 张伟") == nil, "text with nothing right to left is left alone")
    }

    @Test func storedTextCannotTurnAroundWhatIsDrawnAndCharactersStayWhole() throws {
        try #require(fribidiPresent, "FriBidi (libfribidi0) is missing and could not be installed")
        // A right-to-left override in stored text would turn around what follows it (a
        // number shown backwards): it is dropped, and the text lays out as without it.
        #expect(Bidi.visual("ا \u{202E}call +211 950 578 103") == Bidi.visual("ا call +211 950 578 103"))
        #expect(Bidi.visual("ا \u{202E}call +211 950 578 103")?.contains("call +211 950 578 103") == true)
        // An emoji with its skin tone moves as one character, two cells as measured.
        let thumbs = try #require(Bidi.visual("سعيد 👍🏽 جدا"))
        #expect(thumbs.contains("👍🏽"))
        #expect(CellWidth.of(thumbs) == CellWidth.of("سعيد 👍🏽 جدا"))
        // A cut name keeps its ellipsis where it was cut: at the left end of the run.
        #expect(Bidi.visual("Amina  أمينة عبد ال…") == "Amina  …ﻝﺍ ﺪﺒﻋ ﺔﻨﻴﻣﺃ")
        // Cut to its room first, a long name keeps its start (on its right), not its end.
        var buffer = ScreenBuffer(width: 6, height: 1)
        buffer.laysOutRightToLeft = true
        buffer.put("خديجة موسى", x: 0, y: 0)
        #expect(buffer.lines[0] == "ﺔﺠﻳﺪﺧ")
    }

    @Test func theBufferLaysOutWhatItDrawsButNotTextBeingTyped() throws {
        try #require(fribidiPresent, "FriBidi (libfribidi0) is missing and could not be installed")
        var buffer = ScreenBuffer(width: 20, height: 3)
        buffer.laysOutRightToLeft = true
        buffer.put("خديجة موسى", x: 0, y: 0)
        buffer.put("خديجة موسى", x: 0, y: 1, asTyped: true)
        var terminalDoesIt = ScreenBuffer(width: 20, height: 1)
        terminalDoesIt.put("خديجة موسى", x: 0, y: 0)
        #expect(buffer.lines[0] == "ﻰﺳﻮﻣ ﺔﺠﻳﺪﺧ")
        #expect(buffer.lines[1] == "خديجة موسى", "the line being edited keeps typing order, for its cursor")
        #expect(terminalDoesIt.lines[0] == "خديجة موسى", "with bidi = terminal the text goes out as typed")
        // A lam-alef ligature takes one cell for two letters.
        var ligature = ScreenBuffer(width: 10, height: 1)
        ligature.laysOutRightToLeft = true
        #expect(ligature.put("سلام", x: 0, y: 0) == 3)
    }
}
