import Foundation
import LiaisonCore
import TerminalKit

/// One line of the dashboard: a figure, and where Enter takes the officer.
public struct DashboardItem: Sendable, Equatable {
    public enum Target: Sendable, Equatable {
        case list(Tab, QuickFilter)
        case record(RecordLink)
        /// The list of every follow-up action, where they are marked done.
        case followUps
    }

    /// The groups of figures, in the order the officer reads them.
    public enum Section: String, Sendable, Equatable {
        case grievances, meetings, inclusion, feedback
        case followUps = "follow_ups"
        case earlyWarning = "early_warning"

        /// Shown in the left column when there are two.
        var isLeft: Bool { self == .grievances || self == .followUps }

        func title(_ words: Catalogue) -> String {
            words.text("ui.dashboard.section.\(self.rawValue)")
        }
    }

    public var section: Section
    public var label: String
    public var value: String
    public var style: Style
    public var target: Target?
}

/// The dashboard's figures from the indicators, grouped as the officer reads them:
/// what needs action first, then the trends.
public enum DashboardItems {
    public static func items(_ i: Indicators, taxonomies t: Taxonomies, words: Catalogue) -> [DashboardItem] {
        let today = i.asOf
        var items: [DashboardItem] = []
        func add(_ section: DashboardItem.Section, _ label: String, _ value: String, _ style: Style = .text,
                 _ target: DashboardItem.Target? = nil) {
            items.append(DashboardItem(section: section, label: label, value: value, style: style, target: target))
        }
        func count(_ value: Int) -> String { words.number(value) }
        func share(_ share: Double?, target: Double) -> String {
            words.text("ui.dashboard.against_target",
                       ["share": Indicators.percent(share), "target": Indicators.percent(target)])
        }
        let g = i.grievances
        let overdueList = DashboardItem.Target.list(.grievances, QuickFilter.overdue(today, words))
        add(.grievances, words.text("ui.dashboard.open"), count(g.open), .text, .list(.grievances, QuickFilter.open(words)))
        for entry in g.openBySeverity {
            guard let severity = Severity(rawValue: entry.key) else { continue }
            let serious = severity >= .high && entry.count > 0
            add(.grievances, "  " + ChoiceList.severity.label(entry.key, t, words), count(entry.count),
                serious ? .warning : .text, .list(.grievances, QuickFilter.openSeverity(severity, t, words)))
        }
        let overdue = g.overdueToAcknowledge + g.overdueToResolve
        add(.grievances, words.text("ui.dashboard.overdue"), count(overdue), overdue > 0 ? .warning : .good, overdueList)
        add(.grievances, "  " + words.text("ui.dashboard.to_acknowledge"), count(g.overdueToAcknowledge), .text, overdueList)
        add(.grievances, "  " + words.text("ui.dashboard.to_resolve"), count(g.overdueToResolve), .text, overdueList)
        add(.grievances, words.text("ui.dashboard.loop_closed"), share(g.loopClosedShare, target: g.loopClosedTarget),
            style(g.loopClosedShare, g.loopClosedTarget), .list(.grievances, QuickFilter.status(.closed, t, words)))

        let f = i.followUps
        add(.followUps, words.text("ui.dashboard.open"), count(f.open), .text, .followUps)
        add(.followUps, words.text("ui.dashboard.overdue"), count(f.overdue), f.overdue > 0 ? .warning : .good, .followUps)

        let m = i.meetings
        let month = DashboardItem.Target.list(.meetings, QuickFilter.lastMonth(today, words))
        add(.meetings, words.text("ui.dashboard.last_7_days"), count(m.last7Days), .text,
            .list(.meetings, QuickFilter.lastWeek(today, words)))
        add(.meetings, words.text("ui.dashboard.last_30_days"), count(m.last30Days), .text, month)
        let n = i.inclusion
        add(.inclusion, words.text("ui.dashboard.women_and_girls"), share(n.womenShare, target: n.target),
            style(n.womenShare, n.target), month)
        add(.inclusion, words.text("ui.dashboard.youth"), share(n.youthShare, target: n.target),
            style(n.youthShare, n.target), month)

        let weeks = i.feedback.weeks
        let firstWeek = weeks.first?.weekStart ?? today
        let since = DashboardItem.Target.list(.feedback, QuickFilter(words.text("ui.filter.since", ["day": firstWeek.description]),
                                                                     [.since(firstWeek)]))
        let latest = weeks.last(where: { $0.meanSentiment != nil })?.meanSentiment
        add(.feedback, words.text("ui.dashboard.sentiment_12_weeks"),
            Sparkline.of(weeks.map(\.meanSentiment), range: -2...2) + " " + (latest.map { mean(words, $0) } ?? "–"),
            .text, since)
        add(.feedback, words.text("ui.dashboard.last_30_days"), count(i.feedback.last30Days), .text,
            .list(.feedback, QuickFilter.lastMonth(today, words)))

        let w = i.earlyWarning
        add(.earlyWarning, words.text("ui.dashboard.flagged_meetings"), count(w.flaggedMeetings),
            w.flaggedMeetings > 0 ? .warning : .good,
            .list(.meetings, QuickFilter(words.text("ui.filter.early_warning_7_days"),
                                         [.earlyWarning, .since(today.adding(days: -6))])))
        add(.earlyWarning, words.text("ui.dashboard.serious_grievances"), count(w.seriousGrievances),
            w.seriousGrievances > 0 ? .warning : .good,
            .list(.grievances, QuickFilter(words.text("ui.filter.serious_7_days"),
                                           [.severityAtLeast(.high), .since(today.adding(days: -6))])))
        for alert in w.items.prefix(5) {
            add(.earlyWarning, "  \(alert.day.description.suffix(5)) \(alert.summary(in: words, t))", "", .warning,
                .record(RecordLink(alert.kind, alert.id)))
        }
        return items
    }

    /// A mean sentiment with its sign and one decimal, with the language's decimal mark.
    private static func mean(_ words: Catalogue, _ value: Double) -> String {
        let text = String(format: "%+.1f", value)
        return words.language == .fr ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    private static func style(_ share: Double?, _ target: Double) -> Style {
        guard let share else { return .dim }
        return share >= target ? .good : .warning
    }
}
