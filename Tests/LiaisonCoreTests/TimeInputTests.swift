import Foundation
import Testing
@testable import LiaisonCore

struct TimeInputTests {
    /// Saturday 21 November 2026, 16:45 in a place three hours east of UTC.
    let reference = OffsetDateTime("2026-11-21T16:45:00+03:00")!

    private func read(_ text: String) -> String? {
        TimeInput.dateTime(text, reference: reference)?.description
    }

    @Test func everyFormOfDateAndTimeIsReadInThePlacesOffset() {
        #expect(read("2026-11-21 14:30") == "2026-11-21T14:30:00+03:00")
        #expect(read("2026-11-21T14:30") == "2026-11-21T14:30:00+03:00")
        #expect(read("2026-11-20") == "2026-11-20T00:00:00+03:00")
        #expect(read("21/11") == "2026-11-21T00:00:00+03:00")
        #expect(read("19/11 9:05") == "2026-11-19T09:05:00+03:00")
        #expect(read("19/11/2026 9:05") == "2026-11-19T09:05:00+03:00")
        #expect(read("19/11/26") == "2026-11-19T00:00:00+03:00")
        #expect(read("14:30") == "2026-11-21T14:30:00+03:00")
        #expect(read("today") == "2026-11-21T16:45:00+03:00")
        #expect(read("now") == "2026-11-21T16:45:00+03:00")
        #expect(read("Yesterday 9:00") == "2026-11-20T09:00:00+03:00")
        #expect(read("yesterday") == "2026-11-20T16:45:00+03:00")
        #expect(read("tomorrow 8:00") == "2026-11-22T08:00:00+03:00")
        #expect(read("+3d") == "2026-11-24T16:45:00+03:00")
        #expect(read("-2d 10:00") == "2026-11-19T10:00:00+03:00")
        #expect(read("+1w") == "2026-11-28T16:45:00+03:00")
        #expect(read("2026-11-21T14:30:00+01:00") == "2026-11-21T14:30:00+01:00")
    }

    @Test func frenchWordsAndTimesAreReadToo() {
        #expect(read("maintenant") == "2026-11-21T16:45:00+03:00")
        #expect(read("aujourd’hui 8h") == "2026-11-21T08:00:00+03:00")
        #expect(read("aujourd'hui") == "2026-11-21T16:45:00+03:00")
        #expect(read("hier 14h30") == "2026-11-20T14:30:00+03:00")
        #expect(read("Demain 9h05") == "2026-11-22T09:05:00+03:00")
        #expect(read("20/11/2026 14h30") == "2026-11-20T14:30:00+03:00")
        #expect(read("+3j") == "2026-11-24T16:45:00+03:00")
        #expect(read("+1s") == "2026-11-28T16:45:00+03:00")
        #expect(read("14h30") == "2026-11-21T14:30:00+03:00")
        #expect(read("25h") == nil)
        #expect(read("14h3") == nil)
        #expect(read("h30") == nil)
    }

    @Test func aDayAndMonthTakeTheYearNearestToday() {
        let january = Day("2027-01-03")!
        #expect(TimeInput.day("30/12", today: january)?.description == "2026-12-30")
        #expect(TimeInput.day("15/1", today: Day("2026-12-20")!)?.description == "2027-01-15")
        #expect(TimeInput.day("+3d", today: january)?.description == "2027-01-06")
        #expect(TimeInput.day("today", today: january) == january)
    }

    @Test func nonsenseIsNotReadAsADate() {
        for text in ["", "soon", "31/2", "32/1", "21/11 25:00", "21/11 9:5", "2026-13-01", "+3x", "1/2/3/4",
                     "21/11 9:00 extra", "99:00", "+-9223372036854775807w", "+99999d", "-1/2"] {
            #expect(read(text) == nil, "\(text) should not be read")
        }
    }

    @Test func durationsReadInMinutes() {
        let cases: [(String, Int)] = [("90m", 90), ("90", 90), ("1h30", 90), ("1h 30m", 90), ("2h", 120),
                                      ("1:30", 90), ("1.5h", 90), ("45 min", 45), ("0h45", 45)]
        for (text, minutes) in cases {
            #expect(TimeInput.minutes(text) == minutes, "\(text)")
        }
        for text in ["", "an hour", "1h75", "1:5", "h30", "-", "infh", "1e19h", "nanh", "-5", "99999999999999999999"] {
            #expect(TimeInput.minutes(text) == nil, "\(text) should not be read")
        }
    }

    @Test func whatWasUnderstoodIsSaidInWords() {
        let words = Catalogue.standard(.en)
        #expect(words.moment(reference) == "Sat 21 Nov 2026, 16:45 (UTC+03:00)")
        #expect(words.duration(minutes: 90) == "1 hour 30 minutes")
        #expect(words.duration(minutes: 120) == "2 hours")
        #expect(words.duration(minutes: 1) == "1 minute")
        #expect(Catalogue.standard(.fr).duration(minutes: 90) == "1 heure 30 minutes")
        #expect(TimeInput.text(minutes: 90) == "1h30")
        #expect(TimeInput.text(minutes: 45) == "45m")
        #expect(TimeInput.text(minutes: 120) == "2h")
        #expect(TimeInput.text(reference) == "2026-11-21 16:45")
        // What a form shows reads back as the same time.
        #expect(TimeInput.dateTime(TimeInput.text(reference), reference: reference) == reference)
    }
}

struct FuzzyMatchTests {
    @Test func aFewLettersFindANameInAnyScriptAndTheBestComesFirst() {
        let names = ["Amina Yusuf", "Hassan Ali", "Mohamed Amin", "أمينة الحسن", "Алла Коваль", "Zoé Kaboré", "王芳"]
        func ranked(_ typed: String) -> [String] {
            let match = FuzzyMatch(typed)
            return names.compactMap { name in match.score(name).map { (name, $0) } }
                .sorted { $0.1 > $1.1 }.map(\.0)
        }
        #expect(ranked("amn").first == "Amina Yusuf")
        #expect(ranked("ali has") == ["Hassan Ali"])
        #expect(ranked("zoe kab") == ["Zoé Kaboré"])
        #expect(ranked("امينة") == ["أمينة الحسن"])
        #expect(ranked("алла") == ["Алла Коваль"])
        #expect(ranked("芳") == ["王芳"])
        #expect(ranked("zaynab").isEmpty)
        #expect(ranked("").count == names.count)
    }

    @Test func wordStartsComeFirstAndScatteredLettersGoWhenBetterMatchesExist() {
        let names = ["Hélène Dubois", "Li Xiaoming", "Samuel Okello", "Amina Yusuf", "Mohamed Amin", "Kamal Deng"]
        let match = FuzzyMatch("am")
        let shown = match.ranked(names.map(FuzzyMatch.prepare)).map { names[$0] }
        // Those whose name starts a word with "am" first, then "am" inside a word; "Li
        // Xiaoming" (a…m apart) is dropped, as is everything scattered.
        #expect(shown == ["Amina Yusuf", "Mohamed Amin", "Samuel Okello", "Kamal Deng"])
        #expect(match.rank("Amina Yusuf")?.closeness == .wordStart)
        #expect(match.rank("Kamal Deng")?.closeness == .inside)
        #expect(match.rank("Li Xiaoming")?.closeness == .scattered)
        // With nothing better, scattered letters still find a name.
        #expect(FuzzyMatch("amn").ranked([FuzzyMatch.prepare("Amina Yusuf")]) == [0])
    }
}
