import LiaisonCore

/// A named narrowing of a list, chosen from the filter menu or the dashboard.
public struct QuickFilter: Sendable, Equatable {
    public var label: String
    public var conditions: [RecordQuery.Condition]

    public init(_ label: String, _ conditions: [RecordQuery.Condition]) {
        self.label = label
        self.conditions = conditions
    }

    public static let all = QuickFilter("All", [])

    /// The filters the menu offers for a kind.
    public static func options(_ kind: RecordKind, taxonomies t: Taxonomies, today: Day) -> [QuickFilter] {
        switch kind {
        case .grievance:
            [all, QuickFilter("Open", [.open]), QuickFilter("Overdue", [.overdue(asOf: today)]),
             QuickFilter("Sensitive", [.sensitive])]
                + Grievance.Status.allCases.map { QuickFilter("Status: \($0.label)", [.status($0)]) }
                + Severity.allCases.reversed().map { QuickFilter("Open, \($0.rawValue)", [.open, .severity($0)]) }
                + t.grievanceCategories.entries.map { QuickFilter("Category: \($0.label)", [.code($0.code)]) }
        case .meeting:
            [all, QuickFilter("Last 7 days", [.since(today.adding(days: -6))]),
             QuickFilter("Last 30 days", [.since(today.adding(days: -29))]),
             QuickFilter("Early warning", [.earlyWarning]),
             QuickFilter("Follow-up open", [.followUpOpen(dueBy: nil)]),
             QuickFilter("Follow-up due by today", [.followUpOpen(dueBy: today)])]
                + t.meetingKinds.entries.map { QuickFilter("Kind: \($0.label)", [.code($0.code)]) }
        case .contact:
            [all, QuickFilter("Sensitive or protected", [.sensitive])]
                + t.contactRoles.entries.map { QuickFilter("Role: \($0.label)", [.code($0.code)]) }
        case .feedback:
            [all, QuickFilter("Last 30 days", [.since(today.adding(days: -29))])]
                + t.feedbackTypes.entries.map { QuickFilter("Type: \($0.label)", [.code($0.code)]) }
        }
    }
}
