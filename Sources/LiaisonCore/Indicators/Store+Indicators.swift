import Foundation
import GRDB

extension Store {
    /// Computes every indicator with SQL aggregates, as of `day` (today by default),
    /// without loading the records themselves.
    public func indicators(asOf day: Day? = nil) throws -> Indicators {
        let today = day ?? self.today()
        return try read { db in
            let profile = try Store.profile(db) ?? DeviceProfile(officer: "", unit: "", prefix: "")
            return Indicators(
                asOf: today,
                meetings: try meetingFigures(db, today),
                inclusion: try inclusionFigures(db, today, target: profile.inclusionTarget),
                grievances: try grievanceFigures(db, today, target: profile.loopClosedTarget),
                feedback: try feedbackFigures(db, today),
                earlyWarning: try earlyWarning(db, today),
                followUps: try followUpFigures(db, today))
        }
    }

    private func counts(_ db: Database, _ sql: String, _ arguments: StatementArguments,
                        label: (String) -> String) throws -> [Indicators.Count] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map {
            let key: String = try Store.value($0, at: 0)
            return Indicators.Count(key: key, label: label(key), count: try Store.value($0, at: 1))
        }
    }

    private func meetingFigures(_ db: Database, _ today: Day) throws -> Indicators.Meetings {
        let window = "deleted_at IS NULL AND start_day BETWEEN ? AND ?"
        let week: StatementArguments = [today.adding(days: -6).description, today.description]
        let month: StatementArguments = [today.adding(days: -29).description, today.description]
        return Indicators.Meetings(
            last7Days: try Int.fetchOne(db, sql: "SELECT count(*) FROM meeting WHERE \(window)", arguments: week) ?? 0,
            last30Days: try Int.fetchOne(db, sql: "SELECT count(*) FROM meeting WHERE \(window)", arguments: month) ?? 0,
            byKind: try counts(db, "SELECT kind, count(*) AS n FROM meeting WHERE \(window) GROUP BY kind ORDER BY n DESC, kind",
                               month, label: taxonomies.meetingKinds.label),
            byCommunity: try counts(db, """
                SELECT CASE place WHEN '' THEN '(no place)' ELSE place END AS community, count(*) AS n
                FROM meeting WHERE \(window) GROUP BY community ORDER BY n DESC, community
                """, month, label: { $0 }))
    }

    private func inclusionFigures(_ db: Database, _ today: Day, target: Double) throws -> Indicators.Inclusion {
        let month: StatementArguments = [today.adding(days: -29).description, today.description]
        let heads = try Row.fetchOne(db, sql: """
            SELECT coalesce(sum(women + girls), 0) AS female, coalesce(sum(women + men + girls + boys), 0) AS total
            FROM meeting WHERE deleted_at IS NULL AND start_day BETWEEN ? AND ?
            """, arguments: month)
        let female: Int = try heads.map { try Store.value($0, "female") } ?? 0
        let total: Int = try heads.map { try Store.value($0, "total") } ?? 0
        let ages = try Row.fetchOne(db, sql: """
            SELECT count(*) AS known, coalesce(sum(c.age_group = 'youth'), 0) AS youth
            FROM meeting m JOIN meeting_attendee a ON a.meeting_id = m.id
                JOIN contact c INDEXED BY contact_age_group ON c.id = a.contact_id
            WHERE m.deleted_at IS NULL AND m.start_day BETWEEN ? AND ? AND c.age_group != 'undisclosed'
            """, arguments: month)
        let known: Int = try ages.map { try Store.value($0, "known") } ?? 0
        let youth: Int = try ages.map { try Store.value($0, "youth") } ?? 0
        return Indicators.Inclusion(
            womenShare: total > 0 ? Double(female) / Double(total) : nil, headcount: total,
            youthShare: known > 0 ? Double(youth) / Double(known) : nil, attendeesWithAgeGroup: known,
            target: target)
    }

    private func grievanceFigures(_ db: Database, _ today: Day, target: Double) throws -> Indicators.Grievances {
        let openStates = Grievance.Status.allCases.filter(\.isOpen).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let open = "deleted_at IS NULL AND status IN (\(openStates))"
        let bySeverity = try counts(db, "SELECT severity, count(*) FROM grievance WHERE \(open) GROUP BY severity", [],
                                    label: { $0.prefix(1).uppercased() + $0.dropFirst() })
        let severityOrder = Severity.allCases.reversed().map(\.rawValue)
        let unresolved = Grievance.Status.allCases.filter { $0.isOpen && $0 != .resolved }
            .map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let closed = "deleted_at IS NULL AND status = 'closed'"
        let closedCount = try Int.fetchOne(db, sql: "SELECT count(*) FROM grievance WHERE \(closed)") ?? 0
        var median: Double?
        if closedCount > 0 {
            let middle = try Double.fetchAll(db, sql: """
                SELECT julianday(substr(closed_at, 1, 10)) - julianday(raised_on) AS days
                FROM grievance WHERE \(closed) ORDER BY days LIMIT ? OFFSET ?
                """, arguments: [2 - closedCount % 2, (closedCount - 1) / 2])
            median = middle.reduce(0, +) / Double(middle.count)
        }
        let loopClosed = try Int.fetchOne(
            db, sql: "SELECT count(*) FROM grievance WHERE \(closed) AND loop_closed_on IS NOT NULL") ?? 0
        return Indicators.Grievances(
            open: try Int.fetchOne(db, sql: "SELECT count(*) FROM grievance WHERE \(open)") ?? 0,
            openByCategory: try counts(db, """
                SELECT category, count(*) AS n FROM grievance WHERE \(open) GROUP BY category ORDER BY n DESC, category
                """, [], label: taxonomies.grievanceCategories.label),
            openBySeverity: bySeverity.sorted {
                (severityOrder.firstIndex(of: $0.key) ?? 99) < (severityOrder.firstIndex(of: $1.key) ?? 99)
            },
            overdueToAcknowledge: try Int.fetchOne(db, sql: """
                SELECT count(*) FROM grievance WHERE deleted_at IS NULL AND status = 'new' AND acknowledge_by < ?
                """, arguments: [today.description]) ?? 0,
            overdueToResolve: try Int.fetchOne(db, sql: """
                SELECT count(*) FROM grievance WHERE deleted_at IS NULL AND status IN (\(unresolved)) AND resolve_by < ?
                """, arguments: [today.description]) ?? 0,
            closed: closedCount,
            medianDaysToClose: median,
            loopClosedShare: closedCount > 0 ? Double(loopClosed) / Double(closedCount) : nil,
            loopClosedTarget: target)
    }

    private func feedbackFigures(_ db: Database, _ today: Day) throws -> Indicators.FeedbackFigures {
        let month: StatementArguments = [today.adding(days: -29).description, today.description]
        let thisWeek = today.startOfWeek
        let firstWeek = thisWeek.adding(days: -7 * 11)
        var weeks: [Day: Indicators.Week] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT date(received_on, 'weekday 0', '-6 days') AS week, count(*) AS n, avg(sentiment) AS sentiment,
                   avg(perceived_safety) AS safety, avg(trust) AS trust
            FROM feedback WHERE deleted_at IS NULL AND received_on BETWEEN ? AND ? GROUP BY week
            """, arguments: [firstWeek.description, today.description]) {
            guard let week = Day(try Store.value(row, "week") as String) else { continue }
            weeks[week] = Indicators.Week(weekStart: week, count: try Store.value(row, "n"),
                                          meanSentiment: try Store.value(row, "sentiment"),
                                          meanPerceivedSafety: try Store.value(row, "safety"),
                                          meanTrust: try Store.value(row, "trust"))
        }
        return Indicators.FeedbackFigures(
            last30Days: try Int.fetchOne(db, sql: """
                SELECT count(*) FROM feedback WHERE deleted_at IS NULL AND received_on BETWEEN ? AND ?
                """, arguments: month) ?? 0,
            byType: try counts(db, """
                SELECT t.value AS feedback_type, count(*) AS n FROM feedback f, json_each(f.types) t
                WHERE f.deleted_at IS NULL AND f.received_on BETWEEN ? AND ?
                GROUP BY feedback_type ORDER BY n DESC, feedback_type
                """, month, label: taxonomies.feedbackTypes.label),
            weeks: (0..<12).map { index in
                let start = firstWeek.adding(days: 7 * index)
                return weeks[start] ?? Indicators.Week(weekStart: start, count: 0, meanSentiment: nil,
                                                       meanPerceivedSafety: nil, meanTrust: nil)
            })
    }

    private func earlyWarning(_ db: Database, _ today: Day) throws -> Indicators.EarlyWarning {
        let week: StatementArguments = [today.adding(days: -6).description, today.description]
        let meetings = try Row.fetchAll(db, sql: """
            SELECT id, start_day, title, early_warning_note FROM meeting
            WHERE deleted_at IS NULL AND early_warning AND start_day BETWEEN ? AND ? ORDER BY start_utc DESC
            """, arguments: week)
        let grievances = try Row.fetchAll(db, sql: """
            SELECT id, raised_on, reference, severity, category FROM grievance
            WHERE deleted_at IS NULL AND severity IN ('high', 'critical') AND raised_on BETWEEN ? AND ?
            ORDER BY raised_on DESC, reference DESC
            """, arguments: week)
        var items: [Indicators.Alert] = []
        for row in meetings {
            let note: String = try Store.value(row, "early_warning_note")
            let title: String = try Store.value(row, "title")
            items.append(Indicators.Alert(kind: .meeting, id: try Store.uuid(row, "id"), day: try Store.day(row, "start_day"),
                                          summary: "\(title): \(note)", name: title, note: note))
        }
        for row in grievances {
            let code: String = try Store.value(row, "category")
            let reference: String = try Store.value(row, "reference")
            let severity: String = try Store.value(row, "severity")
            items.append(Indicators.Alert(kind: .grievance, id: try Store.uuid(row, "id"), day: try Store.day(row, "raised_on"),
                                          summary: "\(reference) (\(severity)): \(taxonomies.grievanceCategories.label(code))",
                                          name: reference, severity: severity, category: code))
        }
        items.sort { $0.day > $1.day }
        return Indicators.EarlyWarning(flaggedMeetings: meetings.count, seriousGrievances: grievances.count,
                                       items: Array(items.prefix(20)))
    }

    private func followUpFigures(_ db: Database, _ today: Day) throws -> Indicators.FollowUps {
        // Count by the partial index of open follow-ups, then take away those of deleted
        // meetings (few), rather than joining every open follow-up to its meeting.
        let open = "SELECT count(*) FROM follow_up WHERE done_on IS NULL"
        // CROSS JOIN keeps the deleted meetings (a partial index) as the outer loop.
        let ofDeleted = """
            SELECT count(*) FROM meeting m CROSS JOIN follow_up f ON f.meeting_id = m.id
            WHERE m.deleted_at IS NOT NULL AND f.done_on IS NULL
            """
        let before: StatementArguments = [today.description]
        let openCount = try Int.fetchOne(db, sql: open) ?? 0
        let overdueCount = try Int.fetchOne(db, sql: open + " AND due < ?", arguments: before) ?? 0
        return Indicators.FollowUps(
            open: openCount - (try Int.fetchOne(db, sql: ofDeleted) ?? 0),
            overdue: overdueCount - (try Int.fetchOne(db, sql: ofDeleted + " AND f.due < ?", arguments: before) ?? 0))
    }
}
