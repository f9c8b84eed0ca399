import GRDB

extension RecordQuery {
    /// A narrowing of a list that a person picks from a menu or the dashboard.
    public enum Condition: Sendable, Hashable {
        /// Grievances not closed and not rejected.
        case open
        /// Grievances in this state.
        case status(Grievance.Status)
        case severity(Severity)
        /// Grievances at least this severe.
        case severityAtLeast(Severity)
        /// Grievances past their acknowledgement or resolution date on this day.
        case overdue(asOf: Day)
        /// Sensitive grievances; sensitive or protected contacts.
        case sensitive
        /// A taxonomy code: a meeting's kind, a contact's role, a grievance's category, a
        /// feedback's type.
        case code(String)
        /// Dated on or after this day: a meeting's start, a grievance raised, feedback received.
        case since(Day)
        /// Meetings flagged as an early warning.
        case earlyWarning
        /// Meetings with a follow-up action not done; when a day is given, due on or before it.
        case followUpOpen(dueBy: Day?)

        /// Whether the condition means anything for a kind.
        public func applies(to kind: RecordKind) -> Bool {
            switch self {
            case .open, .status, .severity, .severityAtLeast, .overdue: kind == .grievance
            case .sensitive: kind == .grievance || kind == .contact
            case .code, .since: true
            case .earlyWarning, .followUpOpen: kind == .meeting
            }
        }

        func sql(_ kind: RecordKind) -> (String, StatementArguments) {
            switch self {
            case .open:
                return ("status NOT IN ('closed', 'rejected')", [])
            case .status(let status):
                return ("status = ?", [status.rawValue])
            case .severity(let severity):
                return ("severity = ?", [severity.rawValue])
            case .severityAtLeast(let least):
                let severities = Severity.allCases.filter { $0 >= least }.map { "'\($0.rawValue)'" }
                return ("severity IN (\(severities.joined(separator: ", ")))", [])
            case .overdue(let day):
                return ("((status = 'new' AND acknowledge_by < ?) OR "
                        + "(status NOT IN ('resolved', 'closed', 'rejected') AND resolve_by < ?))",
                        [day.description, day.description])
            case .sensitive:
                return kind == .contact ? ("sensitivity IN ('sensitive', 'protected')", []) : ("sensitive", [])
            case .code(let code):
                switch kind {
                case .meeting: return ("kind = ?", [code])
                case .contact: return ("role = ?", [code])
                case .grievance: return ("category = ?", [code])
                case .feedback: return ("EXISTS (SELECT 1 FROM json_each(feedback.types) WHERE value = ?)", [code])
                }
            case .since(let day):
                switch kind {
                case .meeting: return ("start_day >= ?", [day.description])
                case .contact: return ("substr(created_at, 1, 10) >= ?", [day.description])
                case .grievance: return ("raised_on >= ?", [day.description])
                case .feedback: return ("received_on >= ?", [day.description])
                }
            case .earlyWarning:
                return ("early_warning", [])
            case .followUpOpen(let day):
                guard let day else { return ("id IN (SELECT meeting_id FROM follow_up WHERE done_on IS NULL)", []) }
                return ("id IN (SELECT meeting_id FROM follow_up WHERE done_on IS NULL AND due <= ?)", [day.description])
            }
        }
    }

    /// A column a list can be sorted by. Each kind sorts by the keys its list shows.
    public enum SortKey: String, Sendable, Hashable, CaseIterable {
        case date, name, localName, title, kind, place, people, role, community, sensitivity
        case reference, status, severity, category, channel, topic, sentiment

        /// The SQL expression of the key for a kind, or nil when the kind has no such column.
        func expression(_ kind: RecordKind) -> String? {
            switch (self, kind) {
            case (.date, .meeting): "start_utc"
            case (.date, .grievance): "raised_on"
            case (.date, .feedback): "received_on"
            case (.date, .contact): "created_at"
            case (.name, .contact): "sort_name"
            case (.localName, .contact): "local_name"
            case (.role, .contact): "role"
            case (.community, .contact): "community"
            case (.sensitivity, .contact): "sensitivity"
            case (.title, .meeting): "title"
            case (.kind, .meeting): "kind"
            case (.place, .meeting), (.place, .grievance): "place"
            case (.people, .meeting): "max(women + men + girls + boys, "
                + "(SELECT count(*) FROM meeting_attendee WHERE meeting_id = meeting.id))"
            case (.reference, .grievance): "reference"
            case (.status, .grievance): "status"
            case (.severity, .grievance):
                "CASE severity WHEN 'low' THEN 0 WHEN 'medium' THEN 1 WHEN 'high' THEN 2 ELSE 3 END"
            case (.category, .grievance): "category"
            case (.channel, .feedback): "channel"
            case (.topic, .feedback): "topic"
            case (.sentiment, .feedback): "sentiment"
            default: nil
            }
        }
    }

    /// An order a person chose for a list.
    public struct Sort: Sendable, Hashable {
        public var key: SortKey
        public var descending: Bool

        public init(_ key: SortKey, descending: Bool = false) {
            self.key = key
            self.descending = descending
        }
    }

    /// The ORDER BY of a kind's list under this query: the chosen key, then the kind's own
    /// order so that pages never shuffle rows of equal keys.
    func order(_ kind: RecordKind, default defaultOrder: String) -> String {
        guard let sort, let expression = sort.key.expression(kind) else { return defaultOrder }
        return "\(expression) \(sort.descending ? "DESC" : "ASC"), \(defaultOrder)"
    }
}
