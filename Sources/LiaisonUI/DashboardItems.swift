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

    public var section: String
    public var label: String
    public var value: String
    public var style: Style
    public var target: Target?
}

/// The dashboard's figures from the indicators, grouped as the officer reads them:
/// what needs action first, then the trends.
public enum DashboardItems {
    /// The sections of the left column; the others go to the right one.
    static let leftSections: Set<String> = ["Grievances", "Follow-up actions"]

    public static func items(_ i: Indicators) -> [DashboardItem] {
        let today = i.asOf
        var items: [DashboardItem] = []
        func add(_ section: String, _ label: String, _ value: String, _ style: Style = .text,
                 _ target: DashboardItem.Target? = nil) {
            items.append(DashboardItem(section: section, label: label, value: value, style: style, target: target))
        }
        let g = i.grievances
        add("Grievances", "Open", "\(g.open)", .text, .list(.grievances, QuickFilter("Open", [.open])))
        for count in g.openBySeverity {
            guard let severity = Severity(rawValue: count.key) else { continue }
            let serious = severity >= .high && count.count > 0
            add("Grievances", "  \(count.label)", "\(count.count)", serious ? .warning : .text,
                .list(.grievances, QuickFilter("Open, \(severity.rawValue)", [.open, .severity(severity)])))
        }
        let overdue = g.overdueToAcknowledge + g.overdueToResolve
        add("Grievances", "Overdue", "\(overdue)", overdue > 0 ? .warning : .good,
            .list(.grievances, QuickFilter("Overdue", [.overdue(asOf: today)])))
        add("Grievances", "  to acknowledge", "\(g.overdueToAcknowledge)", .text,
            .list(.grievances, QuickFilter("Overdue", [.overdue(asOf: today)])))
        add("Grievances", "  to resolve", "\(g.overdueToResolve)", .text,
            .list(.grievances, QuickFilter("Overdue", [.overdue(asOf: today)])))
        add("Grievances", "Loop closed", Indicators.percent(g.loopClosedShare) + " (target \(Indicators.percent(g.loopClosedTarget)))",
            style(g.loopClosedShare, g.loopClosedTarget), .list(.grievances, QuickFilter("Status: Closed", [.status(.closed)])))

        let f = i.followUps
        add("Follow-up actions", "Open", "\(f.open)", .text, .followUps)
        add("Follow-up actions", "Overdue", "\(f.overdue)", f.overdue > 0 ? .warning : .good, .followUps)

        let m = i.meetings
        add("Meetings", "Last 7 days", "\(m.last7Days)", .text,
            .list(.meetings, QuickFilter("Last 7 days", [.since(today.adding(days: -6))])))
        add("Meetings", "Last 30 days", "\(m.last30Days)", .text,
            .list(.meetings, QuickFilter("Last 30 days", [.since(today.adding(days: -29))])))
        let n = i.inclusion
        let month = DashboardItem.Target.list(.meetings, QuickFilter("Last 30 days", [.since(today.adding(days: -29))]))
        add("Inclusion (30 days)", "Women and girls", Indicators.percent(n.womenShare) + " (target \(Indicators.percent(n.target)))",
            style(n.womenShare, n.target), month)
        add("Inclusion (30 days)", "Youth", Indicators.percent(n.youthShare) + " (target \(Indicators.percent(n.target)))",
            style(n.youthShare, n.target), month)

        let weeks = i.feedback.weeks
        let firstWeek = weeks.first?.weekStart ?? today
        let since = DashboardItem.Target.list(.feedback, QuickFilter("Since \(firstWeek)", [.since(firstWeek)]))
        let latest = weeks.last(where: { $0.meanSentiment != nil })?.meanSentiment
        add("Feedback", "Sentiment, 12 weeks",
            Sparkline.of(weeks.map(\.meanSentiment), range: -2...2) + " " + (latest.map { String(format: "%+.1f", $0) } ?? "–"),
            .text, since)
        add("Feedback", "Last 30 days", "\(i.feedback.last30Days)", .text,
            .list(.feedback, QuickFilter("Last 30 days", [.since(today.adding(days: -29))])))

        let w = i.earlyWarning
        add("Early warning (7 days)", "Flagged meetings", "\(w.flaggedMeetings)", w.flaggedMeetings > 0 ? .warning : .good,
            .list(.meetings, QuickFilter("Early warning, 7 days", [.earlyWarning, .since(today.adding(days: -6))])))
        add("Early warning (7 days)", "Serious grievances", "\(w.seriousGrievances)",
            w.seriousGrievances > 0 ? .warning : .good,
            .list(.grievances, QuickFilter("High or critical, 7 days", [.severityAtLeast(.high), .since(today.adding(days: -6))])))
        for alert in w.items.prefix(5) {
            add("Early warning (7 days)", "  \(alert.day.description.suffix(5)) \(alert.summary)", "", .warning,
                .record(RecordLink(alert.kind, alert.id)))
        }
        return items
    }

    private static func style(_ share: Double?, _ target: Double) -> Style {
        guard let share else { return .dim }
        return share >= target ? .good : .warning
    }
}
