import Testing
@testable import TerminalKit

struct CellWidthTests {
    @Test func widthsFollowWcwidth() {
        #expect(CellWidth.of("Amina") == 5)
        #expect(CellWidth.of("王小明") == 6, "CJK takes two cells each")
        #expect(CellWidth.of("أمينة") == 5, "Arabic takes one cell a letter")
        #expect(CellWidth.of("አበበ") == 3)
        #expect(CellWidth.of("e\u{301}") == 1, "a combining accent takes none")
        #expect(CellWidth.of("👍") == 2)
        #expect(CellWidth.of("❤\u{FE0F}") == 2, "emoji presentation")
        #expect(CellWidth.of("\u{200B}") == 0)
    }

    @Test func truncationCutsAtCellBoundariesWithAnEllipsis() {
        #expect(CellWidth.truncate("王小明你好", to: 6) == "王小…")
        #expect(CellWidth.of(CellWidth.truncate("王小明你好", to: 6)) == 5)
        #expect(CellWidth.truncate("Zoé Mukendi", to: 5) == "Zoé …")
        #expect(CellWidth.truncate("short", to: 10) == "short")
        #expect(CellWidth.fit("王", to: 4) == "王  ")
    }

    @Test func sparklinesScaleIntoEightBars() {
        #expect(Sparkline.of([-2, 0, 2, nil], range: -2...2) == "▁▅█ ")
        #expect(Sparkline.of([]) == "")
    }

    @Test func wildValuesFromADamagedStoreDrawAtTheEdgesWithoutATrap() {
        #expect(Sparkline.of([-9.2e18, 1e300, .nan, .infinity, 3], range: 1...5) == "▁█  ▅")
        #expect(Sparkline.of([1e308, -1e308]) == "▅▅", "a range too wide to divide draws level")
    }
}
