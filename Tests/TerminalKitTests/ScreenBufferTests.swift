import Testing
@testable import TerminalKit

struct ScreenBufferTests {
    @Test func wideCharactersTakeTwoCellsAndCombiningMarksNone() {
        var buffer = ScreenBuffer(width: 12, height: 1)
        let used = buffer.put("张伟 Mun\u{308}oz", x: 0, y: 0)
        #expect(used == 10)
        #expect(buffer[0, 0].grapheme == "张" && buffer[1, 0].isContinuation)
        #expect(buffer[7, 0].grapheme == "n\u{308}")
        #expect(buffer.lines == ["张伟 Mun\u{308}oz"])
    }

    @Test func aWideCharacterThatDoesNotFitLeavesASpace() {
        var buffer = ScreenBuffer(width: 5, height: 1)
        buffer.put("ab张伟", x: 0, y: 0)
        #expect(buffer.text(row: 0) == "ab张 ")
        buffer.put(fitting: "Amina Yusuf", x: 0, y: 0, width: 5)
        #expect(buffer.text(row: 0) == "Amin…")
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var buffer = ScreenBuffer(width: 4, height: 1)
        buffer.put("张伟", x: 0, y: 0)
        buffer.put("x", x: 1, y: 0)
        #expect(buffer.text(row: 0) == " x伟")
        buffer.put("y", x: 2, y: 0)
        #expect(buffer.text(row: 0) == " xy ")
    }

    @Test func theDifferenceHoldsOnlyWhatChanged() {
        var before = ScreenBuffer(width: 20, height: 3)
        before.put("first line", x: 0, y: 0)
        before.put("second 张伟", x: 0, y: 1)
        var after = before
        after.put("SECOND", x: 0, y: 1, style: .warning)
        let spans = after.changes(from: before)
        #expect(spans == [ScreenBuffer.Span(x: 0, y: 1, text: "SECOND", style: .warning, width: 6)])
        #expect(after.changes(from: after).isEmpty)
        #expect(after.changes(from: nil).reduce(0) { $0 + $1.width } == 60)
    }

    @Test func aChangedWideCharacterIsSentWhole() {
        var before = ScreenBuffer(width: 6, height: 1)
        before.put("a张b", x: 0, y: 0)
        var after = before
        after.put("伟", x: 1, y: 0)
        let spans = after.changes(from: before)
        #expect(spans.count == 1)
        #expect(spans[0].x == 1 && spans[0].text == "伟" && spans[0].width == 2)
    }

    @Test func controlCharactersShowAsSpaces() {
        var buffer = ScreenBuffer(width: 6, height: 1)
        buffer.put("a\tb\u{1B}c", x: 0, y: 0)
        #expect(buffer.text(row: 0) == "a b c ")
    }

    @Test func theMemoryTerminalPlaysItsScriptAndKeepsTheFrame() {
        let terminal = MemoryTerminal(size: Size(width: 10, height: 2), script: [.key(.character("q"))])
        var frame = ScreenBuffer(width: 10, height: 2)
        frame.put("hello", x: 0, y: 1)
        terminal.present(frame, cursor: Point(x: 5, y: 1))
        #expect(terminal.lines == ["", "hello"])
        #expect(terminal.nextEvent(timeout: nil) == .key(.character("q")))
        #expect(terminal.nextEvent(timeout: nil) == nil)
    }
}
