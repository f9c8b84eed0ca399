import LiaisonCore

/// A named narrowing of a list, chosen from the filter menu or the dashboard.
public struct QuickFilter: Sendable, Equatable {
    /// What the menu and the title show, in the officer's language; empty for `all`, which
    /// `name(_:)` words.
    public var label: String
    public var conditions: [RecordQuery.Condition]

    public init(_ label: String, _ conditions: [RecordQuery.Condition]) {
        self.label = label
        self.conditions = conditions
    }

    public static let all = QuickFilter("", [])

    /// The label as shown, in the catalogue's language.
    public func name(_ words: Catalogue) -> String {
        label.isEmpty && conditions.isEmpty ? words.text("ui.filter.all") : label
    }

    // MARK: - Filters the menu and the dashboard share, worded alike so that they match

    static func open(_ words: Catalogue) -> QuickFilter { QuickFilter(words.text("ui.filter.open"), [.open]) }

    static func overdue(_ today: Day, _ words: Catalogue) -> QuickFilter {
        QuickFilter(words.text("ui.filter.overdue"), [.overdue(asOf: today)])
    }

    static func lastWeek(_ today: Day, _ words: Catalogue) -> QuickFilter {
        QuickFilter(words.text("ui.filter.last_7_days"), [.since(today.adding(days: -6))])
    }

    static func lastMonth(_ today: Day, _ words: Catalogue) -> QuickFilter {
        QuickFilter(words.text("ui.filter.last_30_days"), [.since(today.adding(days: -29))])
    }

    static func status(_ status: Grievance.Status, _ t: Taxonomies, _ words: Catalogue) -> QuickFilter {
        QuickFilter(words.text("ui.filter.status", ["status": ChoiceList.status.label(status.rawValue, t, words)]),
                    [.status(status)])
    }

    static func openSeverity(_ severity: Severity, _ t: Taxonomies, _ words: Catalogue) -> QuickFilter {
        let name = ChoiceList.severity.label(severity.rawValue, t, words).lowercased()
        return QuickFilter(words.text("ui.filter.open_severity", ["severity": name]), [.open, .severity(severity)])
    }

    /// The filters the menu offers for a kind.
    public static func options(_ kind: RecordKind, taxonomies t: Taxonomies, today: Day, words: Catalogue) -> [QuickFilter] {
        let language = words.language
        switch kind {
        case .grievance:
            return [all, open(words), overdue(today, words), QuickFilter(words.text("ui.filter.sensitive"), [.sensitive])]
                + Grievance.Status.allCases.map { status($0, t, words) }
                + Severity.allCases.reversed().map { openSeverity($0, t, words) }
                + t.grievanceCategories.entries.map {
                    QuickFilter(words.text("ui.filter.category", ["category": $0.label(in: language)]), [.code($0.code)])
                }
        case .meeting:
            return [all, lastWeek(today, words), lastMonth(today, words),
                    QuickFilter(words.text("ui.filter.early_warning"), [.earlyWarning]),
                    QuickFilter(words.text("ui.filter.follow_up_open"), [.followUpOpen(dueBy: nil)]),
                    QuickFilter(words.text("ui.filter.follow_up_due"), [.followUpOpen(dueBy: today)])]
                + t.meetingKinds.entries.map {
                    QuickFilter(words.text("ui.filter.kind", ["kind": $0.label(in: language)]), [.code($0.code)])
                }
        case .contact:
            return [all, QuickFilter(words.text("ui.filter.sensitive_or_protected"), [.sensitive])]
                + t.contactRoles.entries.map {
                    QuickFilter(words.text("ui.filter.role", ["role": $0.label(in: language)]), [.code($0.code)])
                }
        case .feedback:
            return [all, lastMonth(today, words)]
                + t.feedbackTypes.entries.map {
                    QuickFilter(words.text("ui.filter.type", ["type": $0.label(in: language)]), [.code($0.code)])
                }
        }
    }

    /// The title of the filter menu of a kind.
    static func menuTitle(_ kind: RecordKind, _ words: Catalogue) -> String {
        words.text("ui.filter.menu.\(kind.rawValue)")
    }
}
