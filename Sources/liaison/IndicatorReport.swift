import Foundation
import LiaisonCore
import TerminalKit

/// The text of `liaison stats`.
struct IndicatorReport {
    let figures: Indicators

    init(_ figures: Indicators) { self.figures = figures }

    var text: String {
        let f = figures
        var out = Lines()
        out.field("As of", f.asOf.description)
        section(&out, "Meetings", [
            "last 7 days: \(f.meetings.last7Days), last 30 days: \(f.meetings.last30Days)",
            "by kind (30 days): " + counts(f.meetings.byKind),
            "by community (30 days): " + counts(Array(f.meetings.byCommunity.prefix(8))),
        ])
        let i = f.inclusion
        section(&out, "Inclusion (30 days, target \(Indicators.percent(i.target)))", [
            "women and girls: \(Indicators.percent(i.womenShare)) of \(i.headcount) counted" + mark(i.womenShare, i.target),
            "youth: \(Indicators.percent(i.youthShare)) of \(i.attendeesWithAgeGroup) attendees with a known age" + mark(i.youthShare, i.target),
        ])
        let g = f.grievances
        section(&out, "Grievances", [
            "open: \(g.open)  by severity: " + counts(g.openBySeverity),
            "open by category: " + counts(g.openByCategory),
            "overdue to acknowledge: \(g.overdueToAcknowledge), overdue to resolve: \(g.overdueToResolve)",
            "closed: \(g.closed), median days to close: " + (g.medianDaysToClose.map { String(format: "%.1f", $0) } ?? "—"),
            "loop closed: \(Indicators.percent(g.loopClosedShare)) of closed (target \(Indicators.percent(g.loopClosedTarget)))"
                + mark(g.loopClosedShare, g.loopClosedTarget),
        ])
        let weeks = f.feedback.weeks
        section(&out, "Feedback", [
            "last 30 days: \(f.feedback.last30Days)  by type: " + counts(f.feedback.byType),
            "sentiment by week (12 weeks, -2 to +2): " + Sparkline.of(weeks.map(\.meanSentiment), range: -2...2),
            "perceived safety by week (1 to 5):       " + Sparkline.of(weeks.map(\.meanPerceivedSafety), range: 1...5),
            "trust by week (1 to 5):                  " + Sparkline.of(weeks.map(\.meanTrust), range: 1...5),
        ])
        let e = f.earlyWarning
        section(&out, "Early warning (7 days)", [
            "flagged meetings: \(e.flaggedMeetings), high or critical grievances: \(e.seriousGrievances)",
        ] + e.items.prefix(10).map { "\($0.day)  \($0.summary)" })
        section(&out, "Follow-up actions", ["open: \(f.followUps.open), overdue: \(f.followUps.overdue)"])
        return out.text
    }

    private func section(_ out: inout Lines, _ label: String, _ items: [String]) {
        out.section(label, items, counted: false)
    }

    private func counts(_ items: [Indicators.Count]) -> String {
        items.isEmpty ? "none" : items.map { "\($0.label) \($0.count)" }.joined(separator: ", ")
    }

    private func mark(_ share: Double?, _ target: Double) -> String {
        guard let share else { return "" }
        return share >= target ? "" : "  (below target)"
    }
}
