import Foundation
import LiaisonCore
import TerminalKit

/// The text of `liaison stats`, in the catalogue's language.
struct IndicatorReport {
    let figures: Indicators
    /// The store's taxonomies, to name kinds, categories and types in the language.
    let taxonomies: Taxonomies

    init(_ figures: Indicators, taxonomies: Taxonomies) {
        self.figures = figures
        self.taxonomies = taxonomies
    }

    var text: String {
        let f = figures
        var out = Lines()
        out.field(words.text("cli.stats.as_of"), f.asOf.description)
        let m = f.meetings
        let byKind = counts(m.byKind) { taxonomies.meetingKinds.label($0.key, in: words.language) }
        let byCommunity = counts(Array(m.byCommunity.prefix(8))) {
            $0.key == "(no place)" ? words.text("cli.stats.no_place") : $0.label
        }
        section(&out, words.text("cli.stats.meetings"), [
            words.text("cli.stats.meetings.recent", ["week": figure(m.last7Days), "month": figure(m.last30Days)]),
            words.text("cli.stats.meetings.by_kind", ["counts": byKind]),
            words.text("cli.stats.meetings.by_community", ["counts": byCommunity]),
        ])
        let i = f.inclusion
        section(&out, words.text("cli.stats.inclusion", ["target": percent(i.target)]), [
            words.plural("cli.stats.inclusion.women", count: i.headcount,
                         ["share": percent(i.womenShare), "n": figure(i.headcount)]) + mark(i.womenShare, i.target),
            words.plural("cli.stats.inclusion.youth", count: i.attendeesWithAgeGroup,
                         ["share": percent(i.youthShare), "n": figure(i.attendeesWithAgeGroup)])
                + mark(i.youthShare, i.target),
        ])
        let g = f.grievances
        let bySeverity = counts(g.openBySeverity) { ChoiceList.severity.label($0.key, taxonomies, words) }
        let byCategory = counts(g.openByCategory) { taxonomies.grievanceCategories.label($0.key, in: words.language) }
        section(&out, words.text("cli.stats.grievances"), [
            words.text("cli.stats.grievances.open", ["n": figure(g.open), "counts": bySeverity]),
            words.text("cli.stats.grievances.by_category", ["counts": byCategory]),
            words.text("cli.stats.grievances.overdue", [
                "acknowledge": figure(g.overdueToAcknowledge), "resolve": figure(g.overdueToResolve),
            ]),
            words.text("cli.stats.grievances.closed", ["n": figure(g.closed), "median": decimal(g.medianDaysToClose)]),
            words.text("cli.stats.grievances.loop", [
                "share": percent(g.loopClosedShare), "target": percent(g.loopClosedTarget),
            ]) + mark(g.loopClosedShare, g.loopClosedTarget),
        ])
        let weeks = f.feedback.weeks
        let byType = counts(f.feedback.byType) { taxonomies.feedbackTypes.label($0.key, in: words.language) }
        section(&out, words.text("cli.stats.feedback"), [
            words.text("cli.stats.feedback.recent", ["n": figure(f.feedback.last30Days), "counts": byType]),
            // The labels carry their own padding, so that the sparklines line up in each language.
            words.text("cli.stats.feedback.sentiment") + Sparkline.of(weeks.map(\.meanSentiment), range: -2...2),
            words.text("cli.stats.feedback.safety") + Sparkline.of(weeks.map(\.meanPerceivedSafety), range: 1...5),
            words.text("cli.stats.feedback.trust") + Sparkline.of(weeks.map(\.meanTrust), range: 1...5),
        ])
        let e = f.earlyWarning
        section(&out, words.text("cli.stats.early_warning"), [
            words.text("cli.stats.early_warning.counts", [
                "meetings": figure(e.flaggedMeetings), "grievances": figure(e.seriousGrievances),
            ]),
        ] + e.items.prefix(10).map { "\($0.day)  \($0.summary(in: words, taxonomies))" })
        section(&out, words.text("cli.stats.follow_ups"), [
            words.text("cli.stats.follow_ups.counts", [
                "open": figure(f.followUps.open), "overdue": figure(f.followUps.overdue),
            ]),
        ])
        return out.text
    }

    private func section(_ out: inout Lines, _ label: String, _ items: [String]) {
        out.section(label, items, counted: false)
    }

    /// Counts with their labels in the language: `Community forum 12, Focus group 3`.
    private func counts(_ items: [Indicators.Count], label: (Indicators.Count) -> String) -> String {
        items.isEmpty ? words.text("cli.stats.none")
                      : items.map { "\(label($0)) \(figure($0.count))" }.joined(separator: ", ")
    }

    private func mark(_ share: Double?, _ target: Double) -> String {
        guard let share else { return "" }
        return share >= target ? "" : words.text("cli.stats.below_target")
    }

    /// A share as the language writes it: `57%` in English, `57 %` in French; `—` when
    /// there is nothing to divide by.
    private func percent(_ share: Double?) -> String {
        guard words.language != .en, let share else { return Indicators.percent(share) }
        return String(format: "%.0f", share * 100) + "\u{202F}%"
    }

    /// A number of days with one decimal, as the language writes it (`4.5`, `4,5`); `—` when none.
    private func decimal(_ value: Double?) -> String {
        guard let value else { return "—" }
        let text = String(format: "%.1f", value)
        return words.language == .en ? text : text.replacingOccurrences(of: ".", with: ",")
    }
}
