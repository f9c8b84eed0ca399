import Foundation

/// The figures of the dashboard and `liaison stats`, as of one day. Shares run from 0
/// to 1 and are nil when there is nothing to divide by.
public struct Indicators: Codable, Sendable, Equatable {
    /// A count of records that share a value (a kind, a category, a place).
    public struct Count: Codable, Sendable, Equatable {
        public var key: String
        public var label: String
        public var count: Int
    }

    /// Meetings held in the last 7 and 30 days (today included).
    public struct Meetings: Codable, Sendable, Equatable {
        public var last7Days: Int
        public var last30Days: Int
        /// Over the last 30 days, most first.
        public var byKind: [Count]
        /// Over the last 30 days, by the meeting's place, most first.
        public var byCommunity: [Count]
    }

    /// Who came to meetings in the last 30 days, against the target share.
    public struct Inclusion: Codable, Sendable, Equatable {
        /// Women and girls among the people counted in the headcounts.
        public var womenShare: Double?
        public var headcount: Int
        /// Youth (15-24) among linked attendees whose age group is known.
        public var youthShare: Double?
        public var attendeesWithAgeGroup: Int
        public var target: Double
    }

    public struct Grievances: Codable, Sendable, Equatable {
        /// Not closed and not rejected.
        public var open: Int
        public var openByCategory: [Count]
        /// Open grievances by severity, from critical to low.
        public var openBySeverity: [Count]
        /// Still new after their acknowledgement date.
        public var overdueToAcknowledge: Int
        /// Not yet resolved after their resolution date.
        public var overdueToResolve: Int
        public var closed: Int
        /// Median days from raised to closed, over closed grievances.
        public var medianDaysToClose: Double?
        /// Closed grievances whose community was told the outcome.
        public var loopClosedShare: Double?
        public var loopClosedTarget: Double
    }

    /// Feedback received in one week (Monday to Sunday).
    public struct Week: Codable, Sendable, Equatable {
        public var weekStart: Day
        public var count: Int
        public var meanSentiment: Double?
        public var meanPerceivedSafety: Double?
        public var meanTrust: Double?
    }

    public struct FeedbackFigures: Codable, Sendable, Equatable {
        /// Received in the last 30 days.
        public var last30Days: Int
        /// Over the last 30 days; a feedback of two types counts for both.
        public var byType: [Count]
        /// The last 12 weeks, oldest first, this week last.
        public var weeks: [Week]
    }

    /// Something in the last 7 days that may signal trouble.
    public struct Alert: Codable, Sendable, Equatable {
        public var kind: RecordKind
        public var id: UUID
        public var day: Day
        /// A meeting's title and note, or a grievance's reference and severity, in English
        /// (kept for `stats --json`); people read `summary(in:_:)`.
        public var summary: String
        /// The meeting's title, or the grievance's reference.
        public var name: String?
        /// The meeting's early-warning note.
        public var note: String?
        /// The grievance's severity and category codes.
        public var severity: String?
        public var category: String?

        /// The alert in the catalogue's language: `Forum: road blocked`, `KDL-2026-0073
        /// (High): Protection concern`.
        public func summary(in words: Catalogue, _ taxonomies: Taxonomies) -> String {
            guard let name else { return summary }
            switch kind {
            case .meeting:
                return words.text("core.alert.meeting", ["title": name, "note": note ?? ""])
            default:
                return words.text("core.alert.grievance", [
                    "reference": name,
                    "severity": ChoiceList.severity.label(severity ?? "", taxonomies, words),
                    "category": ChoiceList.grievanceCategories.label(category ?? "", taxonomies, words),
                ])
            }
        }
    }

    public struct EarlyWarning: Codable, Sendable, Equatable {
        public var flaggedMeetings: Int
        /// High or critical grievances raised in the last 7 days.
        public var seriousGrievances: Int
        /// The newest of both, at most 20.
        public var items: [Alert]
    }

    public struct FollowUps: Codable, Sendable, Equatable {
        public var open: Int
        public var overdue: Int
    }

    public var asOf: Day
    public var meetings: Meetings
    public var inclusion: Inclusion
    public var grievances: Grievances
    public var feedback: FeedbackFigures
    public var earlyWarning: EarlyWarning
    public var followUps: FollowUps

    /// A share as people read it: `57%`, or `—` when there is nothing to divide by.
    public static func percent(_ share: Double?) -> String {
        share.map { String(format: "%.0f%%", $0 * 100) } ?? "—"
    }
}
