import Foundation
import LiaisonBundle
import LiaisonCore
import TerminalKit
import Testing
@testable import LiaisonUI

/// The update function alone: no store, no terminal.
struct UpdateTests {
    let profile = DeviceProfile(officer: "Amina Yusuf", unit: "Civil Affairs", prefix: "KDL")

    func started() -> AppState {
        var state = AppState(size: Size(width: 80, height: 24), today: Day("2026-11-21")!, taxonomies: .standard)
        #expect(state.start() == [.loadHeader, .loadVault])
        #expect(state.update(.headerLoaded(profile, pendingChanges: 3)) == [.loadDashboard, .loadDrafts])
        return state
    }

    func rows(_ count: Int, from offset: Int = 0) -> [RecordRow] {
        (offset..<offset + count).map { RecordRow(id: UUID(), values: ["\($0)"], warning: false) }
    }

    @Test func noProfileOpensTheWelcomeScreen() {
        var state = AppState(size: Size(width: 80, height: 24), today: Day("2026-11-21")!, taxonomies: .standard)
        #expect(state.update(.headerLoaded(nil, pendingChanges: 0)).isEmpty)
        #expect(state.mode == .welcome(WelcomeState()))
    }

    @Test func aTabReadsTheFirstPageAndItsCount() {
        var state = started()
        let effects = state.update(.event(.key(.character("2"))))
        #expect(state.tab == .meetings)
        #expect(effects == [.loadRows(.meeting, RecordQuery(limit: 20 + AppState.firstPageExtra), countAll: true)])
    }

    @Test func movingWithinTheReadRowsReadsNothing() {
        var state = started()
        _ = state.update(.event(.key(.character("2"))))
        _ = state.update(.rowsLoaded(.meeting, RecordQuery(limit: 80), total: 100_000, rows: rows(80)))
        #expect(state.update(.event(.key(.character("j")))).isEmpty)
        #expect(state.update(.event(.key(.pageDown)))
                .isEmpty)
        #expect(state.lists[.meeting]?.cursor == 21)
    }

    @Test func goingToTheEndReadsOnlyThePageThere() {
        var state = started()
        _ = state.update(.event(.key(.character("2"))))
        _ = state.update(.rowsLoaded(.meeting, RecordQuery(limit: 80), total: 100_000, rows: rows(80)))
        let effects = state.update(.event(.key(.character("G"))))
        #expect(state.lists[.meeting]?.cursor == 99_999)
        #expect(state.lists[.meeting]?.top == 99_980)
        let margin = AppState.pageMargin
        #expect(effects == [.loadRows(.meeting, RecordQuery(limit: 20 + 2 * margin, offset: 99_980 - margin),
                                      countAll: false)])
    }

    @Test func enterOpensTheRecordAndEscapeGoesBack() {
        var state = started()
        _ = state.update(.event(.key(.character("3"))))
        let page = rows(5)
        _ = state.update(.rowsLoaded(.contact, RecordQuery(limit: 80), total: 5, rows: page))
        _ = state.update(.event(.key(.down)))
        #expect(state.update(.event(.key(.enter))) == [.loadDetail(RecordLink(.contact, page[1].id))])
        #expect(state.keyContext == .detail)
        _ = state.update(.event(.key(.escape)))
        #expect(state.details.isEmpty)
        #expect(state.keyContext == .list)
    }

    @Test func qGoesBackThenQuits() {
        var state = started()
        _ = state.update(.event(.key(.character("3"))))
        _ = state.update(.rowsLoaded(.contact, RecordQuery(limit: 80), total: 1, rows: rows(1)))
        _ = state.update(.event(.key(.enter)))
        _ = state.update(.event(.key(.character("q"))))
        #expect(!state.quitting && state.details.isEmpty)
        _ = state.update(.event(.key(.character("q"))))
        #expect(state.quitting)
    }

    @Test func typingASearchReadsTheListAgainEachTime() {
        var state = started()
        _ = state.update(.event(.key(.character("4"))))
        _ = state.update(.event(.key(.character("/"))))
        let effects = state.update(.event(.key(.character("w"))))
        #expect(effects == [.loadRows(.grievance, RecordQuery(search: "w", limit: 30), countAll: true)])
        _ = state.update(.event(.key(.escape)))
        #expect(state.lists[.grievance]?.search == "")
        #expect(state.searchEditor == nil)
    }

    @Test func anAnswerForAnOldQueryIsIgnored() {
        var state = started()
        _ = state.update(.event(.key(.character("4"))))
        _ = state.update(.rowsLoaded(.grievance, RecordQuery(search: "old", limit: 80), total: 9, rows: rows(9)))
        #expect(state.lists[.grievance]?.total == nil)
    }

    @Test func sortingCyclesTheShownColumnsAndReverses() {
        var state = started()
        _ = state.update(.event(.key(.character("2"))))
        _ = state.update(.event(.key(.character("s"))))
        #expect(state.lists[.meeting]?.sort == RecordQuery.Sort(.kind))
        _ = state.update(.event(.key(.character("S"))))
        #expect(state.lists[.meeting]?.sort == RecordQuery.Sort(.kind, descending: true))
        #expect(state.status?.text == "Sorted by Kind, descending.")
    }

    @Test func aSignalEndsTheRunAndAResizeKeepsTheCursorShown() {
        var state = started()
        _ = state.update(.event(.key(.character("2"))))
        _ = state.update(.rowsLoaded(.meeting, RecordQuery(limit: 80), total: 100, rows: rows(80)))
        for _ in 0..<15 { _ = state.update(.event(.key(.down))) }
        _ = state.update(.event(.resize(Size(width: 60, height: 10))))
        let list = state.lists[.meeting]!
        #expect(list.cursor == 15 && list.top <= 15 && list.top + state.listHeight > 15)
        _ = state.update(.event(.terminate(signal: 15)))
        #expect(state.quitting)
    }

    @Test func anUnknownKeySaysSoWithoutFailing() {
        var state = started()
        #expect(state.update(.event(.key(.character("z")))).isEmpty)
        #expect(state.status?.text == "z does nothing here. Press ? to see the keys.")
        #expect(state.status?.isError == false)
    }
}

/// The Export tab's choices, with no store: the effects it asks for are checked instead.
struct ExportTabTests {
    func onTheExportTab(mounts: [String] = [], baseKey: String? = nil, isBase: Bool = false) -> AppState {
        var state = AppState(size: Size(width: 80, height: 24), today: Day("2026-11-21")!, taxonomies: .standard,
                             startFolder: "/home/amina")
        _ = state.start()
        _ = state.update(.headerLoaded(DeviceProfile(officer: "Amina Yusuf", unit: "Civil Affairs", prefix: "KDL"),
                                       pendingChanges: 12))
        #expect(state.update(.event(.key(.character("6")))) == [.loadExportSummary])
        #expect(state.keyContext == .export)
        _ = state.update(.exportSummaryLoaded(ExportSummary(pending: 12, last: nil, deviceFingerprint: "45E9 90FB",
                                                            baseKey: baseKey, mounts: mounts, isBase: isBase)))
        return state
    }

    @Test func theTabSaysWhatItIsForOnADeviceAndAtBase() {
        let device = Screen.render(onTheExportTab()).buffer.lines.joined(separator: "\n")
        #expect(device.contains("Export a bundle to carry back to base"))
        let base = Screen.render(onTheExportTab(isBase: true)).buffer.lines.joined(separator: "\n")
        #expect(base.contains("Import bundles, or export your own"))
        #expect(!base.contains("carry back to base"))
    }

    @Test func exportNowAsksForTheChosenExportAndShowsWhatCameOfIt() {
        var state = onTheExportTab(baseKey: "0355 538A (Kadugli base)")
        // A base key is set, so the bundle is sealed without being asked.
        #expect(state.export.seal)
        for key in [Key.down, .enter, .end] { _ = state.update(.event(.key(key))) }
        #expect(state.export.full && state.export.seal && !state.export.includeProtected)
        let effects = state.update(.event(.key(.enter)))
        #expect(effects == [.export(ExportRequest(folder: "/home/amina", full: true, seal: true, includeProtected: false))])
        // While it runs, keys change nothing; progress shows as it comes.
        #expect(state.update(.event(.key(.up))).isEmpty && state.export.focus == .start)
        _ = state.update(.exportProgress(ExportProgress(fraction: 0.5, step: "packing")))
        #expect(state.export.progress?.fraction == 0.5)
        #expect(Screen.render(state).buffer.lines.joined().contains("50%  packing"))
        #expect(state.update(.exportNotWritten("Cannot write /media/stick: the disk is full.", isError: true))
                == [.loadExportSummary])
        #expect(state.export.progress == nil)
        #expect(Screen.render(state).buffer.lines.joined().contains("the disk is full"))
    }

    /// A path that names nothing to import is said under what was typed, which stays to
    /// be corrected: one letter more, and Enter imports.
    @Test func aPathThatNamesNothingKeepsWhatWasTyped() {
        var state = onTheExportTab(isBase: true)
        _ = state.update(.event(.key(.character("i"))))
        for character in "/srv/bundle" { _ = state.update(.event(.key(.character(character)))) }
        #expect(state.update(.event(.key(.enter))) == [.importBundles(path: "/srv/bundle")])
        _ = state.update(.importPathRefused("There is no file or folder at /srv/bundle."))
        let screen = Screen.render(state).buffer.lines.joined(separator: "\n")
        #expect(screen.contains("There is no file or folder at /srv/bundle.") && screen.contains("/srv/bundle"), "\(screen)")
        #expect(!screen.contains("Verifying and importing…"))
        _ = state.update(.event(.key(.character("s"))))
        // Its own keys: Tab completes the name, and the footer says Enter imports.
        #expect(state.update(.event(.key(.tab))) == [.completePath("/srv/bundles")])
        #expect(Screen.render(state).buffer.lines.joined().contains("Enter Import"))
        #expect(state.update(.event(.key(.enter))) == [.importBundles(path: "/srv/bundles")])
    }

    /// `i` at base: while the import runs, how many bundles are done; then what it said,
    /// the totals first, scrolled with j/k, the page keys and g/G when it does not fit,
    /// and still whole on a terminal made larger or smaller.
    @Test func anImportShowsItsProgressAndItsReportScrolls() {
        var state = onTheExportTab(isBase: true)
        _ = state.update(.event(.key(.character("i"))))
        for character in "/srv/bundles" { _ = state.update(.event(.key(.character(character)))) }
        #expect(state.update(.event(.key(.enter))) == [.importBundles(path: "/srv/bundles")])
        func screen() -> String { Screen.render(state).buffer.lines.joined(separator: "\n") }
        #expect(screen().contains("Verifying and importing…"))
        _ = state.update(.importProgress(done: 3, total: 40))
        #expect(screen().contains("3 of 40 bundles done"), "\(screen())")

        let report = ["40 bundles: 39 imported, 0 already imported, 1 refused."] + (1...40).map { "bundle-\($0).zip: imported, \($0) new." }
        _ = state.update(.imported(report))
        #expect(screen().contains("40 bundles: 39 imported") && screen().contains("bundle-1.zip"))
        #expect(!screen().contains("bundle-40.zip"))
        #expect(screen().contains("Lines 1–"), "\(screen())")
        _ = state.update(.event(.key(.character("j"))))
        #expect(!screen().contains("40 bundles: 39 imported") && screen().contains("Lines 2–"), "\(screen())")
        _ = state.update(.event(.key(.character("G"))))
        #expect(screen().contains("bundle-40.zip") && screen().contains("of 41"), "\(screen())")
        // Further down changes nothing: the end is the end.
        let end = screen()
        for key in [Key.down, .pageDown, .character("j")] { _ = state.update(.event(.key(key))) }
        #expect(screen() == end)
        _ = state.update(.event(.key(.pageUp)))
        #expect(!screen().contains("bundle-40.zip"))
        _ = state.update(.event(.key(.character("g"))))
        #expect(screen().contains("40 bundles: 39 imported"))

        // A taller terminal shows it all, with no line of where one is; a shorter one, less.
        _ = state.update(.event(.key(.character("G"))))
        _ = state.update(.event(.resize(Size(width: 80, height: 60))))
        #expect(screen().contains("40 bundles: 39 imported") && screen().contains("bundle-40.zip") && !screen().contains("Lines "))
        _ = state.update(.event(.resize(Size(width: 80, height: 24))))
        #expect(screen().contains("bundle-40.zip"), "\(screen())")
        // At the end, made taller, one line up moves at once; a letter is typed nowhere.
        _ = state.update(.event(.resize(Size(width: 80, height: 30))))
        let atEnd = screen()
        _ = state.update(.event(.key(.character("x"))))
        #expect(screen() == atEnd)
        _ = state.update(.event(.key(.character("k"))))
        #expect(!screen().contains("bundle-40.zip") && screen().contains("bundle-39.zip"), "\(screen())")
        _ = state.update(.event(.key(.enter)))
        #expect(state.prompt == nil)
    }

    @Test func theTabReadsTheStoreAgainEachTimeItIsShown() {
        // An export from the command line in between must show: nothing is kept from before.
        var state = onTheExportTab()
        _ = state.update(.event(.key(.character("2"))))
        #expect(state.update(.event(.key(.character("6")))) == [.loadExportSummary])
        _ = state.update(.event(.key(.backTab)))
        #expect(state.update(.event(.key(.tab))) == [.loadExportSummary])
    }

    @Test func sealingNeedsABaseKey() {
        var state = onTheExportTab()
        for key in [Key.down, .down, .character(" ")] { _ = state.update(.event(.key(key))) }
        #expect(!state.export.seal)
        #expect(state.status?.isError == true && state.status?.text.contains("keys set-base") == true)
    }

    @Test func theFolderIsTypedOrChosenFromTheMountedDrives() {
        var state = onTheExportTab(mounts: ["/media/amina/STICK", "/media/amina/Ключ"])
        _ = state.update(.event(.key(.character(" "))))
        #expect(state.export.folder.text == "/media/amina/STICK")
        _ = state.update(.event(.key(.character(" "))))
        #expect(state.export.folder.text == "/media/amina/Ключ")
        _ = state.update(.event(.key(.character(" "))))
        #expect(state.export.folder.text == "/home/amina")

        // Typing: keys go to the folder, even those that are commands elsewhere; Esc undoes.
        _ = state.update(.event(.key(.enter)))
        for key in [Key.control("u")] + "/mnt/usb 6 q".map(Key.character) { _ = state.update(.event(.key(key))) }
        #expect(state.tab == .export && !state.quitting)
        #expect(state.export.folderEditor?.text == "/mnt/usb 6 q")
        _ = state.update(.event(.key(.escape)))
        #expect(state.export.folder.text == "/home/amina" && state.export.folderEditor == nil)
        _ = state.update(.event(.key(.enter)))
        for key in [Key.control("u")] + "/mnt/usb".map(Key.character) + [.enter] { _ = state.update(.event(.key(key))) }
        #expect(state.export.folder.text == "/mnt/usb")
        #expect(state.update(.event(.key(.end))).isEmpty)
        #expect(state.update(.event(.key(.enter))) == [.export(ExportRequest(folder: "/mnt/usb", full: false, seal: false,
                                                                            includeProtected: false))])
    }
}
