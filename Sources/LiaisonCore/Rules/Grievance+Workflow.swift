import Foundation

extension Grievance {
    /// The most moves a grievance's history holds, so that a record always fits in a bundle.
    public static let historyLimit = 500

    /// Past its acknowledgement date while new, or its resolution date while unresolved:
    /// the same rule as the `overdue` list condition and the indicators.
    public func isOverdue(asOf today: Day) -> Bool {
        if isAwaiting(.acknowledgeBy), let due = acknowledgeBy, due < today { return true }
        if isAwaiting(.resolveBy), let due = resolveBy, due < today { return true }
        return false
    }

    /// Whether the step a due date stands for is still to come: acknowledging while new,
    /// resolving while open and not yet resolved. Other fields are always awaited.
    public func isAwaiting(_ due: Field) -> Bool {
        switch due {
        case .acknowledgeBy: status == .new
        case .resolveBy: status.isOpen && status != .resolved
        default: true
        }
    }

    /// Where a grievance stands in its workflow.
    ///
    /// `new -> acknowledged -> in_progress | referred -> resolved -> closed`; any open state
    /// `-> rejected`; `closed | rejected -> reopened`, and a reopened case is worked again
    /// (`-> in_progress | referred`). No other move exists.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case new, acknowledged
        case inProgress = "in_progress"
        case referred, resolved, closed, rejected, reopened

        public init(from decoder: any Decoder) throws { self = try decodeChoice(decoder) }

        /// Open means the case is not finished: everything but closed and rejected.
        public var isOpen: Bool { self != .closed && self != .rejected }

        /// The states a grievance in this state may move to, and no others.
        public var allowedMoves: [Status] {
            let forward: [Status] = switch self {
            case .new: [.acknowledged]
            case .acknowledged, .reopened: [.inProgress, .referred]
            case .inProgress, .referred: [.resolved]
            case .resolved: [.closed]
            case .closed, .rejected: [.reopened]
            }
            return isOpen ? forward + [.rejected] : forward
        }

        public func canMove(to target: Status) -> Bool { allowedMoves.contains(target) }

        /// The catalogue key of the verb of the move into this state.
        public var verbKey: String {
            switch self {
            case .new: "core.verb.new"
            case .acknowledged: "core.verb.acknowledged"
            case .inProgress: "core.verb.in_progress"
            case .referred: "core.verb.referred"
            case .resolved: "core.verb.resolved"
            case .closed: "core.verb.closed"
            case .rejected: "core.verb.rejected"
            case .reopened: "core.verb.reopened"
            }
        }
    }

    /// A request to move a grievance, with what the target state needs.
    public struct Move: Sendable, Equatable {
        public var to: Status
        public var note: String
        /// Required to refer.
        public var referredTo: String?
        /// Required to resolve (or to close, when the grievance has none yet).
        public var resolution: String?
        /// Required to reject.
        public var reason: String?

        public init(to: Status, note: String = "", referredTo: String? = nil, resolution: String? = nil,
                    reason: String? = nil) {
            self.to = to
            self.note = note
            self.referredTo = referredTo
            self.resolution = resolution
            self.reason = reason
        }
    }

    /// Applies a workflow move and appends it to the history, or throws without changing
    /// anything when the move is not allowed or lacks what it needs.
    public mutating func apply(_ move: Move, by officer: String, at time: Timestamp) throws {
        let from = status
        guard from.canMove(to: move.to) else { throw WorkflowError.notAllowed(from: from, to: move.to) }
        var next = self
        let note = TextCleaner.multiLine(move.note)
        // What a move carries is bounded like every field, so a record always fits a bundle.
        var checks = Checks(RulesContext(today: time.utcDay), kind: .grievance)
        checks.text(note, "note", label: "core.label.move_note")
        checks.line(move.referredTo ?? "", "referred_to")
        checks.text(move.resolution ?? "", "resolution")
        checks.text(move.reason ?? "", "rejection_reason")
        if history.count >= Grievance.historyLimit {
            checks.fail("history", "core.grievance.history_full", ["count": String(history.count)])
        }
        try checks.finish()
        func given(_ value: String?) -> String? {
            guard let value else { return nil }
            let cleaned = TextCleaner.multiLine(value)
            return cleaned.isEmpty ? nil : cleaned
        }
        switch move.to {
        case .referred:
            guard let organisation = given(move.referredTo) else { throw WorkflowError.needs(.referredTo, move.to) }
            next.referredTo = organisation
        case .resolved:
            guard let resolution = given(move.resolution) ?? given(next.resolution) else {
                throw WorkflowError.needs(.resolution, move.to)
            }
            next.resolution = resolution
        case .closed:
            if let resolution = given(move.resolution) { next.resolution = resolution }
            guard !next.resolution.isEmpty else { throw WorkflowError.needs(.resolution, move.to) }
        case .rejected:
            guard let reason = given(move.reason) else { throw WorkflowError.needs(.rejectionReason, move.to) }
            next.rejectionReason = reason
        case .new, .acknowledged, .inProgress, .reopened:
            break
        }
        next.status = move.to
        next.history.append(GrievanceEvent(at: time, by: officer, from: from, to: move.to, note: note))
        self = next
    }

    /// When the grievance was last closed, from its history; nil unless it is closed.
    public var closedAt: Timestamp? {
        guard status == .closed else { return nil }
        return history.last { $0.to == .closed }?.at
    }
}

/// A grievance move that cannot be made.
public enum WorkflowError: Error, Equatable, CustomStringConvertible {
    /// What a move may need.
    public enum Requirement: String, Sendable {
        case referredTo = "referred_to"
        case resolution
        case rejectionReason = "rejection_reason"
    }

    case notAllowed(from: Grievance.Status, to: Grievance.Status)
    case needs(Requirement, Grievance.Status)

    public var description: String { message(in: .standard(.en)) }

    /// The sentence in the language of `words`.
    public func message(in words: Catalogue) -> String {
        let t = Taxonomies.standard
        func status(_ value: Grievance.Status) -> String { ChoiceList.status.label(value.rawValue, t, words) }
        switch self {
        case .notAllowed(let from, let to):
            let allowed = from.allowedMoves.map { $0.rawValue }.joined(separator: ", ")
            return words.text("core.workflow.not_allowed", ["from": status(from).lowercased(), "to": to.rawValue,
                                                             "from_code": from.rawValue, "allowed": allowed])
        case .needs(.referredTo, _):
            return words.text("core.workflow.needs_referral")
        case .needs(.resolution, let to):
            return words.text("core.workflow.needs_resolution", ["verb": words.text(to.verbKey)])
        case .needs(.rejectionReason, _):
            return words.text("core.workflow.needs_reason")
        }
    }
}
