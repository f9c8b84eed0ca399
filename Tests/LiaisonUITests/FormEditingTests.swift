import Foundation
@testable import LiaisonCore
import TerminalKit
import Testing
@testable import LiaisonUI

/// Editing in forms: text in every script, dates, validation, drafts, undo and conflicts.
struct FormEditingTests {
    let tab = key(.tab)
    let enter = key(.enter)
    let save = key(.control("s"))

    private func session(_ fixture: Fixture, environment: [String: String] = [:]) -> Session {
        Session(store: fixture.store, keyFolders: fixture.keyFolders, size: Size(width: 80, height: 24), startFolder: fixture.folder.path,
                environment: environment)
    }

    private func type(_ events: [InputEvent], into session: inout Session) {
        let terminal = MemoryTerminal()
        for event in events { session.handle(event, showing: terminal) }
    }

    /// Tab presses from the focused field to the field named `key`.
    private func tabs(to key: String, in session: Session) -> [InputEvent] {
        let form = session.state.forms.last!
        let target = form.fields.firstIndex { $0.key == key && $0.kind != .heading }!
        let count = form.fields[(form.focus + 1)...target].filter { $0.kind != .heading }.count
        return Array(repeating: .key(.tab), count: count)
    }

    @Test func wideAndCombiningCharactersAreTypedAndTheCursorFollowsThem() throws {
        let fixture = try Fixture()
        var s = session(fixture)
        type([key(.character("3")), key(.character("n"))] + keys("张伟 Mun") + [key(.character("\u{308}"))] + keys("oz"), into: &s)
        let form = try #require(s.state.forms.last)
        #expect(form.fields[0].value == "张伟 Mun\u{308}oz")
        let frame = s.frame
        let line = frame.buffer.lines[2]
        #expect(line.contains("张伟 Münoz") || line.contains("张伟 Mun\u{308}oz"))
        let start = try #require(column(of: "张伟", in: line))
        // 张伟 is four cells, the space one, and Müñoz five: the cursor sits after them.
        #expect(frame.cursor == Point(x: start + 10, y: 2))
        type([key(.left), key(.left), key(.backspace)], into: &s)
        #expect(s.state.forms.last?.fields[0].value == "张伟 Muoz", "the accent went with its letter")
    }

    @Test func aTextOfSeveralLinesSplitsJoinsAndMovesByCells() {
        var area = TextArea("первая\n张伟", multiline: true)
        #expect(area.row == 1)
        _ = area.handle(.up)
        #expect(area.current.cursor == 4, "two wide characters are four cells: the cursor keeps the column")
        _ = area.handle(.enter)
        #expect(area.text == "перв\nая\n张伟")
        _ = area.handle(.backspace)
        #expect(area.text == "первая\n张伟")
        #expect(area.row == 0)
        let leftTheText = !area.handle(.up)
        #expect(leftTheText, "up from the first line leaves the text")
        var line = TextArea("one line", multiline: false)
        let leftTheField = !line.handle(.enter)
        #expect(leftTheField, "Enter leaves a one-line field")
    }

    @Test func longTextWrapsByWordInAnyScriptAndUpAndDownMoveByTheRowsSeen() throws {
        var area = TextArea("The pump broke on Monday and the committee asked for help", multiline: true)
        let rows = area.visualRows(width: 20)
        let shown = rows.map { String(Array(area.lines[0].text)[$0.characters]) }
        #expect(shown == ["The pump broke on ", "Monday and the ", "committee asked for ", "help"])
        #expect(area.cursorRow(in: rows) == 3, "the cursor after the last word is on the last row")
        let moved = area.handle(.up, width: 20)
        #expect(moved)
        #expect(area.cursorRow(in: area.visualRows(width: 20)) == 2, "Up moves a row within the one line")
        #expect(area.current.cursor == 33 + 4, "and keeps the column: after “comm”")
        // Arabic and Chinese wrap at their spaces too; a word wider than a row is cut.
        #expect(Wrapping.lines("خديجة موسى قالت إن المضخة معطلة", width: 12) == ["خديجة موسى", "قالت إن", "المضخة معطلة"])
        #expect(Wrapping.lines("张伟说水泵坏了很久", width: 8) == ["张伟说水", "泵坏了很", "久"])

        // In a form, a long summary is shown whole over several rows, not only its end.
        let fixture = try Fixture()
        var s = session(fixture)
        let summary = "The committee asked about the pump, which has been broken for two weeks, and about the road."
        type(keys("2n") + tabKeys(from: "title", to: "summary", .meeting) + keys(summary), into: &s)
        let text = s.frame.buffer.lines.joined(separator: "\n")
        #expect(text.contains("The committee asked about the pump, which has been broken\n"), "\(text)")
        #expect(text.contains("for two weeks, and about the road."), "\(text)")
    }

    @Test func datesDurationsAndNumbersSayWhatTheyUnderstoodOrWhatToWrite() throws {
        let fixture = try Fixture()
        var s = session(fixture)
        type([key(.character("n"))] + keys("Forum") + [tab, tab, key(.control("u"))] + keys("21/11 14:30") + [tab] + keys("1h30"),
             into: &s)
        var lines = s.frame.buffer.lines
        #expect(lines.contains { $0.contains("21/11 14:30") && $0.contains("= Sat 21 Nov 2026, 14:30 (UTC)") })
        #expect(lines.contains { $0.contains("1h30") && $0.contains("= 1 hour 30 minutes") })
        type([key(.control("u"))] + keys("soon") + [tab], into: &s)
        lines = s.frame.buffer.lines
        #expect(lines.contains { $0.contains("Duration: write a duration such as 90m, 1h30, 2h or 45.") })
        #expect(s.state.forms.last?.fields[3].value == "soon", "what was typed stays")
        type([key(.backTab), key(.backTab), key(.control("u"))] + keys("31/2") + [save], into: &s)
        lines = s.frame.buffer.lines
        #expect(lines.contains { $0.contains("Start: write a date and time such as 2026-11-21 14:30") })
        #expect(s.state.forms.last?.focus == 2, "the cursor goes to the first field to fix")
        #expect(s.state.status?.text.hasPrefix("2 fields to fix.") == true)
        #expect(try fixture.store.count(.meeting) == 2, "nothing was saved")
    }

    @Test func everyValidationSentenceOfTheCoreShowsUnderItsField() throws {
        let fixture = try Fixture()
        var s = session(fixture)
        // A contact made protected without a code name, with a phone that is not one.
        type([key(.character("3")), key(.character("n"))] + keys("Aziz") + tabKeys(from: "name", to: "phones", .contact)
             + keys("call me") + tabKeys(from: "phones", to: "sensitivity", .contact) + [enter] + keys("prot") + [enter, save],
             into: &s)
        let lines = s.frame.buffer.lines.joined(separator: "\n")
        let form = try #require(s.state.forms.last)
        let problems = Set(form.problems.values)
        #expect(problems.contains("Code name is required for a protected contact: exports carry it instead of the real name."))
        #expect(problems.contains("Phone \"call me\" is not a phone number: use digits, spaces, + - ( ) only."))
        #expect(form.fields[form.focus].key == "code_name", "the cursor goes to the first field to fix: \(lines)")
        #expect(lines.contains("! Code name is required for a protected contact"))
    }

    @Test func aMeetingsWarningNeedsANoteAndPositionsAreRangeChecked() throws {
        let fixture = try Fixture()
        var s = session(fixture)
        type([key(.character("n"))] + keys("Forum"), into: &s)
        type(tabs(to: "early_warning", in: s) + [key(.character(" "))], into: &s)
        type(tabs(to: "latitude", in: s) + keys("95") + [save], into: &s)
        let problems = Set(s.state.forms.last!.problems.values)
        #expect(problems.contains("Early-warning note is required when the meeting is flagged: say what was reported."))
        #expect(problems.contains("Latitude must be between -90 and 90 degrees (got 95.0)."))
        #expect(problems.contains("Give both latitude and longitude, or neither."))
    }

    @Test func aDeleteAsksNamingTheRecordAndUndoBringsItBack() throws {
        let fixture = try Fixture()
        var s = session(fixture)
        type([key(.character("2")), key(.character("d"))], into: &s)
        #expect(s.frame.buffer.lines.contains { $0.contains("Delete Meeting “Water point 💧 repair with 张伟”?") })
        type([key(.character("y"))], into: &s)
        #expect(try fixture.store.record(Meeting.self, id: fixture.meeting.id)?.isDeleted == true)
        #expect(s.state.status?.text.contains("u brings it back") == true)
        type([key(.character("u"))], into: &s)
        #expect(try fixture.store.record(Meeting.self, id: fixture.meeting.id)?.isDeleted == false)
        // An edit is undone too.
        type([key(.character("3")), key(.character("j")), key(.character("e")), key(.control("u"))] + keys("Ahmad Noor") + [save], into: &s)
        #expect(try fixture.store.contactNames([fixture.amina.id])[fixture.amina.id] == "Ahmad Noor")
        type([key(.escape), key(.character("u"))], into: &s)
        #expect(try fixture.store.contactNames([fixture.amina.id])[fixture.amina.id] == "Amina Yusuf")
    }

    @Test func escapeAsksBeforeThrowingChangesAway() throws {
        let fixture = try Fixture()
        var s = session(fixture)
        type([key(.character("n"))] + keys("Half a title") + [key(.escape)], into: &s)
        #expect(s.frame.buffer.lines.contains { $0.contains("This form has changes that are not saved.") })
        type([key(.character("n"))], into: &s)
        #expect(s.state.forms.last?.fields[0].value == "Half a title", "any other key goes back to the form")
        type([key(.escape), key(.character("y"))], into: &s)
        #expect(s.state.forms.isEmpty)
        #expect(try fixture.store.claimAbandonedDrafts().isEmpty)
    }

    @Test func aRecordSavedInAnotherWindowMeanwhileAsksWhichToKeep() throws {
        let fixture = try Fixture()
        var s = session(fixture)
        type([key(.character("3")), key(.character("j")), key(.character("e"))] + tabKeys(from: "name", to: "community", .contact)
             + keys(" North"), into: &s)
        // Another liaison on the same store saves the contact a minute later.
        let later = Fixture.noon.addingTimeInterval(60)
        let other = try Store(at: fixture.store.url, options: Store.Options(clock: { later }, timeZone: TimeZone(identifier: "UTC")!))
        var theirs = try #require(try other.record(Contact.self, id: fixture.amina.id))
        theirs.notes = "Saved elsewhere"
        try other.save(theirs)
        other.close()

        type([save], into: &s)
        #expect(s.frame.buffer.lines.contains { $0.contains("changed by another liaison window") })
        type([key(.character("k"))], into: &s)
        let kept = try #require(try fixture.store.record(Contact.self, id: fixture.amina.id))
        #expect(kept.community == "Abyei North")
        #expect(kept.notes.isEmpty, "keeping mine keeps my whole version, as I saw it")
    }

    @Test func ctrlEEditsATextInTheOfficersEditorAndTakesItBack() throws {
        let fixture = try Fixture()
        let editor = fixture.folder.appendingPathComponent("editor.sh")
        try "#!/bin/sh\nprintf 'added in the editor\\n' >> \"$1\"\n".write(to: editor, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: editor.path)
        var s = session(fixture, environment: ["EDITOR": editor.path, "PATH": "/usr/bin:/bin"])
        type([key(.character("3")), key(.character("n"))] + keys("Aziz") + tabKeys(from: "name", to: "notes", .contact)
             + keys("First line") + [key(.control("e"))], into: &s)
        let notes = try #require(s.state.forms.last?.fields.first { $0.key == "notes" })
        #expect(notes.text.text == "First line\nadded in the editor")
        #expect(s.state.status?.text == "Text taken back from the editor.")

        var failing = session(fixture, environment: ["EDITOR": "false"])
        type([key(.character("3")), key(.character("n"))] + keys("Aziz") + tabKeys(from: "name", to: "notes", .contact)
             + keys("Kept") + [key(.control("e"))], into: &failing)
        #expect(failing.state.forms.last?.fields.first { $0.key == "notes" }?.text.text == "Kept")
        #expect(failing.state.status?.text.contains("ended with status 1") == true)
    }

    @Test func aFormLeftByAKilledLiaisonIsOfferedAndRestoredExactly() throws {
        let fixture = try Fixture()
        var s = session(fixture)
        type([key(.character("n"))] + keys("Rain and the road") + [tab, tab, tab] + keys("2h") + [tab], into: &s)
        #expect(s.autosaveWait != nil, "a changed form waits to be saved")
        s.handle(.terminate(signal: 1))
        #expect(s.state.quitting)
        // The process is gone: its drafts belong to nobody running.
        try fixture.store.write { db in try db.execute(sql: "UPDATE draft SET owner = 'another-boot 1 1'") }

        var next = session(fixture)
        let offer = next.frame.buffer.lines
        #expect(offer.contains { $0.contains("Restore unsaved forms?") })
        #expect(offer.contains { $0.contains("New meeting") })
        next.handle(.key(.enter))
        let form = try #require(next.state.forms.last)
        #expect(form.fields[0].value == "Rain and the road")
        #expect(form.fields[3].value == "2h")
        #expect(form.focus == 4, "the cursor is on the field it was on")
        next.handle(.key(.control("s")))
        #expect(try fixture.store.records(Meeting.self, RecordQuery(search: "rain")).first?.durationMinutes == 120)
        #expect(try fixture.store.claimAbandonedDrafts().isEmpty)
        #expect(try fixture.store.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM draft") } == 0)
    }

    @Test func nestedDraftsComeBackTogetherNamedAndKeepTheTimeTheyMeant() throws {
        let fixture = try Fixture()
        var s = session(fixture)
        // A meeting started at noon with “now”, and a new attendee typed in its picker.
        type(keys("2n") + keys("Water committee") + tabKeys(from: "title", to: "attendees", .meeting) + [enter]
             + keys("Nyandeng Deng") + [enter], into: &s)
        #expect(s.state.forms.count == 2)
        s.saveDrafts()
        s.handle(.terminate(signal: 1))
        try fixture.store.write { db in try db.execute(sql: "UPDATE draft SET owner = 'another-boot 1 1'") }

        // Three hours later, another liaison starts.
        let later = try Store(at: fixture.folder.appendingPathComponent("store.sqlite"),
                              options: Store.Options(clock: { Fixture.noon.addingTimeInterval(3 * 3600) },
                                                     timeZone: TimeZone(identifier: "UTC")!))
        defer { later.close() }
        var next = Session(store: later, keyFolders: fixture.keyFolders, size: Size(width: 80, height: 24), startFolder: fixture.folder.path,
                           environment: ["LANG": "C.UTF-8"])
        let offer = next.frame.buffer.lines.joined(separator: "\n")
        #expect(offer.contains("New meeting “Water committee”, started Sat 21 Nov 2026,") && offer.contains("12:00 (UTC)"), "\(offer)")
        #expect(offer.contains("and over it: New contact “Nyandeng Deng”"), "\(offer)")
        next.handle(.key(.enter))
        #expect(next.state.forms.map(\.purpose) == [.record(.meeting), .record(.contact)], "both forms, in their order")
        // The contact saved joins the meeting; the meeting keeps the noon it meant by “now”.
        next.handle(.key(.control("s")))
        #expect(next.state.forms.count == 1)
        #expect(next.state.forms.last?.fields.contains { $0.kind == .attendee } == true)
        next.handle(.key(.control("s")))
        let meeting = try #require(try later.records(Meeting.self, RecordQuery(search: "water committee")).first)
        #expect(meeting.start.description == "2026-11-21T12:00:00Z")
        #expect(meeting.attendees.count == 1)
    }

    @Test func aDraftEditedByHandIsRestoredSafelyOrLeftAside() throws {
        let fixture = try Fixture()
        var s = session(fixture)
        type(keys("2n") + keys("Water committee") + tabKeys(from: "title", to: "languages", .meeting), into: &s)
        s.saveDrafts()
        s.handle(.terminate(signal: 1))
        // The store holds the draft as text: a cursor past its text, a line that is not
        // there, and languages as the list a draft of an older version typed.
        let body = try #require(try fixture.store.read { try String.fetchOne($0, sql: "SELECT body FROM draft") })
        var form = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        var fields = try #require(form["fields"] as? [[String: Any]])
        fields[0]["text"] = ["lines": [["text": "Water committee", "cursor": 999]], "row": 7, "isMultiline": false]
        let languages = try #require(fields.firstIndex { $0["key"] as? String == "languages" })
        fields[languages]["kind"] = ["list": [String: String]()]
        fields[languages]["text"] = ["lines": [["text": "ar, English", "cursor": -4]], "row": 0, "isMultiline": false]
        form["fields"] = fields
        let edited = String(decoding: try JSONSerialization.data(withJSONObject: form), as: UTF8.self)
        try fixture.store.write { db in
            try db.execute(sql: "UPDATE draft SET owner = 'another-boot 1 1', body = ?", arguments: [edited])
        }
        var next = session(fixture)
        next.handle(.key(.enter))
        #expect(next.state.forms.count == 1)
        next.handle(.key(.control("s")))
        let meeting = try #require(try fixture.store.records(Meeting.self, RecordQuery(search: "water committee")).first)
        #expect(meeting.languages == ["ar", "en"], "the typed list of an older draft is kept, named languages as codes")

        // A draft whose focus is on no field is left aside, not restored into a crash.
        var third = session(fixture)
        type(keys("2n") + keys("Broken"), into: &third)
        third.saveDrafts()
        third.handle(.terminate(signal: 1))
        let broken = try #require(try fixture.store.read { try String.fetchOne($0, sql: "SELECT body FROM draft") })
        var brokenForm = try #require(try JSONSerialization.jsonObject(with: Data(broken.utf8)) as? [String: Any])
        brokenForm["focus"] = 999
        let bad = String(decoding: try JSONSerialization.data(withJSONObject: brokenForm), as: UTF8.self)
        try fixture.store.write { db in try db.execute(sql: "UPDATE draft SET owner = 'another-boot 1 1', body = ?", arguments: [bad]) }
        let fourth = session(fixture)
        #expect(fourth.state.dialog == nil, "nothing sound to offer")
    }

    @Test func followUpsAreMarkedDoneFromTheirListAndFromTheMeeting() throws {
        let fixture = try Fixture()
        let list = fixture.run([key(.character("o"))])
        #expect(list.lines.contains { $0.contains("[OVERDUE]") && $0.contains("Send the engineer — WASH") })
        fixture.run([key(.character("o")), key(.character("x"))])
        #expect(try fixture.store.record(Meeting.self, id: fixture.meeting.id)?.followUps.first?.doneOn == Day("2026-11-21"))

        var s = session(fixture)
        type([key(.character("2")), enter], into: &s)
        let row = try #require(s.state.details.last?.rows.firstIndex { $0.line.followUp != nil })
        type(Array(repeating: key(.character("j")), count: row) + [key(.character("x"))], into: &s)
        #expect(try fixture.store.record(Meeting.self, id: fixture.meeting.id)?.followUps.first?.doneOn == nil)
    }

    @Test func formsAndPickersFitASmallTerminal() throws {
        let fixture = try Fixture()
        let small = fixture.run([key(.character("n")), tab, enter], size: Size(width: 40, height: 10))
        #expect(small.lines.count == 10)
        #expect(small.lines.contains { $0.contains("Community forum") })
        let form = fixture.run([key(.character("n"))] + Array(repeating: tab, count: 12), size: Size(width: 40, height: 10))
        #expect(form.lines.contains { $0.contains("Women") }, "the form scrolls to the focused field")
    }
}

extension FormEditingTests {
    @Test func anEditedMeetingKeepsTheOffsetOfWhereItHappened() throws {
        let fixture = try Fixture()
        var s = session(fixture)
        // The fixture's meeting started at 10:00 two hours east of UTC; the device is on UTC.
        type([key(.character("2")), key(.character("e")), key(.end)] + keys(" again") + [save], into: &s)
        var meeting = try #require(try fixture.store.record(Meeting.self, id: fixture.meeting.id))
        #expect(meeting.title.hasSuffix("again"))
        #expect(meeting.start.description == "2026-11-20T10:00:00+02:00", "a start left alone stays exactly")
        type([key(.character("e")), tab, tab, key(.control("u"))] + keys("20/11 11:30") + [save], into: &s)
        meeting = try #require(try fixture.store.record(Meeting.self, id: fixture.meeting.id))
        #expect(meeting.start.description == "2026-11-20T11:30:00+02:00")
    }

    @Test func movingTheCursorIsNotAChangeAndAPickerWithoutAMatchKeepsTheValue() throws {
        let fixture = try Fixture()
        var s = session(fixture)
        type([key(.character("2")), key(.character("e")), key(.left), key(.home), key(.escape)], into: &s)
        #expect(s.state.forms.isEmpty, "nothing changed, so Esc closes without asking")
        // Past the meeting it was raised at, kept as it is, to who raised it.
        type([key(.character("4")), key(.character("e")), tab, tab] + keys("zzzz") + [enter], into: &s)
        #expect(s.state.picker != nil, "nothing matched: the picker stays")
        type([key(.escape)], into: &s)
        #expect(s.state.forms.last?.fields.first { $0.key == "contact_id" }?.link == fixture.amina.id)
    }

    @Test func aMoveCannotBeUndoneAndUndoNeverDeletesWhatAMoveFollowed() throws {
        let fixture = try Fixture()
        var s = session(fixture)
        type([key(.character("4")), key(.character("n"))] + Array(repeating: tab, count: 8)
             + keys("The road is cut.") + [save], into: &s)
        let made = try #require(try fixture.store.records(Grievance.self, RecordQuery(search: "road")).first)
        type([key(.character("m")), enter, save, key(.character("u"))], into: &s)
        #expect(try fixture.store.record(Grievance.self, id: made.id)?.isDeleted == false)
        #expect(s.state.status?.text.hasPrefix("Nothing to undo") == true)
    }

    @Test func aProblemOfTheSecondFollowUpShowsUnderIt() throws {
        let fixture = try Fixture()
        var s = session(fixture)
        type([key(.character("n"))] + keys("Forum"), into: &s)
        type(tabs(to: "follow_ups", in: s) + [enter] + keys("First") + [tab, tab] + keys("+2d") + [tab, tab, enter] + keys("Second") + [tab, tab] + keys("soon")
             + [save], into: &s)
        let form = try #require(s.state.forms.last)
        let dues = form.fields.indices.filter { form.fields[$0].key == "follow_ups.due" }
        #expect(dues.count == 2)
        #expect(form.problems[dues[1]]?.hasPrefix("Due: write a date") == true)
        #expect(form.problems[dues[0]] == nil)
        #expect(form.focus == dues[1])
    }

    @Test func qLeavesTheFollowUpListWithoutQuitting() throws {
        let fixture = try Fixture()
        var s = session(fixture)
        type([key(.character("o")), key(.enter)], into: &s)
        #expect(s.state.keyContext == .detail, "a meeting opened from the list has its own keys")
        type([key(.character("q"))], into: &s)
        #expect(s.state.keyContext == .followUps)
        type([key(.character("q"))], into: &s)
        #expect(!s.state.quitting)
        #expect(s.state.keyContext == .dashboard)
    }
}
