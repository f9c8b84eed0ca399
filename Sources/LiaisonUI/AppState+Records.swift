import Foundation
import LiaisonCore
import TerminalKit

extension AppState {
    // MARK: - Record commands on lists, pages and the dashboard

    /// `n`, `e`, `d`, `u` and the record actions, where a record is shown or selected.
    mutating func performOnRecords(_ command: Command) -> [Effect]? {
        switch command {
        case .new:
            return [.openForm(.new(tab.kind ?? .meeting))]
        case .edit:
            guard let link = currentLink else { return nothingHere(words.text("ui.status.nothing_to_edit")) }
            return [.openForm(.edit(link))]
        case .delete:
            guard let link = currentLink else { return nothingHere(words.text("ui.status.nothing_to_delete")) }
            dialog = .delete(link, name: currentName ?? words.noun(link.kind))
            return []
        case .undo:
            guard let step = undo else {
                status = StatusLine(text: words.text("ui.status.nothing_to_undo"), isError: false)
                return []
            }
            undo = nil
            return [.undo(step)]
        case .showFollowUps:
            followUpList = FollowUpListState()
            return [.loadFollowUps]
        case .logGrievance, .logFeedback:
            let kind: RecordKind = command == .logGrievance ? .grievance : .feedback
            guard let detail = details.last, detail.link.kind == .meeting || detail.link.kind == .contact else {
                status = StatusLine(text: kind == .grievance ? words.text("ui.status.open_to_log_grievance")
                                                             : words.text("ui.status.open_to_log_feedback"), isError: false)
                return []
            }
            if detail.link.kind == .contact { return [.openForm(.new(kind, contact: detail.link.id))] }
            let line = detail.rows.indices.contains(detail.cursor) ? detail.rows[detail.cursor].line : nil
            let contact = line?.link?.kind == .contact ? line?.link?.id : nil
            return [.openForm(.new(kind, meeting: detail.link.id, contact: contact))]
        case .moveGrievance, .closeLoop:
            guard let detail = details.last, detail.link.kind == .grievance else {
                status = StatusLine(text: command == .closeLoop ? words.text("ui.status.open_to_close_loop")
                                                                : words.text("ui.status.open_to_move"), isError: false)
                return []
            }
            return [.openForm(command == .closeLoop ? .closeLoop(detail.link.id) : .moves(detail.link.id))]
        case .markDone:
            guard let detail = details.last, detail.rows.indices.contains(detail.cursor),
                  let mark = detail.rows[detail.cursor].line.followUp else {
                status = StatusLine(text: words.text("ui.status.cursor_on_follow_up"), isError: false)
                return []
            }
            return [.markFollowUp(mark.id, done: !mark.done)]
        default:
            return nil
        }
    }

    /// The record the cursor is on: the page on top, or the list's selected row.
    private var currentLink: RecordLink? {
        if let detail = details.last { return detail.link }
        guard let kind = tab.kind, let row = lists[kind]?.selected else { return nil }
        return RecordLink(kind, row.id)
    }

    private var currentName: String? {
        if let detail = details.last { return detail.page?.title }
        guard let kind = tab.kind, let row = lists[kind]?.selected else { return nil }
        let name = ListColumns.name(row, kind)
        let title: String = words.text("ui.record.title.\(kind.rawValue)", ["name": name])
        return title
    }

    private mutating func nothingHere(_ sentence: String) -> [Effect] {
        status = StatusLine(text: sentence, isError: false)
        return []
    }

    // MARK: - Follow-up actions

    mutating func performInFollowUps(_ command: Command) -> [Effect] {
        guard var list = followUpList else { return [] }
        if command == .refresh { return [.loadFollowUps] }
        switch list.perform(command, height: contentHeight) {
        case .stay:
            followUpList = list
        case .close:
            followUpList = nil
        case .chose(.markDone(let id, let done)):
            return [.markFollowUp(id, done: done)]
        case .chose(.openMeeting(let id)):
            return openPage(RecordLink(.meeting, id))
        case .notHandled:
            break
        }
        return []
    }

    // MARK: - Dialogs

    /// A key in the question on top, read through the question's own table.
    mutating func handleDialog(_ key: Key) -> [Effect] {
        guard case .dialog(let current) = top else { return [] }
        let command = KeyTable.command(for: key, in: keyContext)
        layers.removeLast()
        switch current {
        case .delete(let link, let name):
            guard command == .confirm else {
                status = StatusLine(text: words.text("ui.status.nothing_deleted"), isError: false)
                return []
            }
            return [.delete(link, name: name)]
        case .discard:
            switch command {
            case .confirm: return closeForm()
            case .save: return saveForm()
            default: return []
            }
        case .conflict(let conflict):
            switch command {
            case .keepMine where !conflict.deleted:
                guard let last = forms.indices.last else { return [] }
                forms[last].expected = conflict.changedAt?.description
                return saveForm()
            case .takeTheirs:
                var effects = closeForm()
                if let detail = details.last, detail.link.id == conflict.id {
                    effects.append(.loadDetail(detail.link))
                } else if !conflict.deleted {
                    effects += openPage(RecordLink(conflict.kind, conflict.id))
                }
                // Drafts offered again when the form closed stay the question on top.
                if let question = dialog { dialog = question }
                return effects
            default:
                return []
            }
        case .restore(var offered, var cursor):
            switch command {
            case .down: cursor = min(offered.count - 1, cursor + 1)
            case .up: cursor = max(0, cursor - 1)
            case .open:
                // The form and those that were open over it come back together, in order.
                for var form in offered.remove(at: cursor) {
                    form.changed = true
                    check(&form)
                    forms.append(form)
                    unsavedDrafts.insert(form.draftId)
                }
                offeredDrafts = offered
                scrollToFocus()
                status = StatusLine(text: words.text("ui.status.draft_restored"), isError: false)
                return []
            case .throwAway:
                let gone = offered.remove(at: cursor)
                cursor = max(0, min(cursor, offered.count - 1))
                if !offered.isEmpty { dialog = .restore(offered, cursor: cursor) }
                status = StatusLine(text: words.text("ui.status.draft_thrown_away",
                                                     ["title": gone.map(\.title).joined(separator: ", ")]), isError: false)
                return gone.map { .deleteDraft($0.draftId) }
            case .back:
                status = StatusLine(text: words.text("ui.status.drafts_kept"), isError: false)
                return []
            default:
                break
            }
            dialog = .restore(offered, cursor: cursor)
            return []
        }
    }

    private mutating func openPage(_ link: RecordLink) -> [Effect] {
        details.append(DetailState(link: link))
        return [.loadDetail(link)]
    }

    // MARK: - Answers from the store

    mutating func recordMessage(_ message: Message) -> [Effect] {
        switch message {
        case .formOpened(var form, let contacts):
            if let contacts { contactChoices = contacts }
            if form.returnTo == .attendee, let meeting = forms.last { Self.takePlace(of: meeting, into: &form) }
            if let parent = forms.last {
                // Opened over another form: its draft is kept with the parent's, which is kept
                // too once something was typed in it.
                form.parentDraft = parent.draftId
                if form.changed, parent.changed { unsavedDrafts.insert(parent.draftId) }
            }
            check(&form)
            // A new contact named in a picker already holds what was typed.
            if form.changed { unsavedDrafts.insert(form.draftId) }
            forms.append(form)
            scrollToFocus()
            return []
        case .movesOffered(let id, let reference, let moves, let resolution):
            guard !moves.isEmpty else { return [] }
            picker = PickerState(title: words.text("ui.picker.move_grievance", ["reference": reference]), options: moves.map {
                PickerOption(code: $0.rawValue, label: Self.moveLabel($0, words))
            }, purpose: .move(grievance: id, reference: reference, resolution: resolution))
            return []
        case .saved(let record, let step):
            return saved(record, step)
        case .saveRefused(let problems):
            guard var form = topForm else { return [] }
            form.showAllProblems = true
            form.then = nil
            var sentences: [String] = []
            for problem in problems {
                if let index = form.fieldIndex(of: problem) {
                    form.problems[index] = problem.message(in: words)
                } else {
                    sentences.append(problem.message(in: words))
                }
            }
            form.formProblem = sentences.isEmpty ? nil : sentences.joined(separator: " ")
            if let first = problems.compactMap({ form.fieldIndex(of: $0) }).min() { form.focus = first }
            topForm = form
            scrollToFocus()
            status = StatusLine(text: problems.map { $0.message(in: words) }.joined(separator: " "), isError: true)
            return []
        case .saveConflict(let conflict):
            if let last = forms.indices.last { forms[last].then = nil }
            dialog = .conflict(conflict)
            return []
        case .deleted(let link, let name):
            undo = .deleted(link, name: name)
            status = StatusLine(text: words.text("ui.status.deleted", ["name": name]), isError: false)
            details.removeAll { $0.link == link }
            return refreshAfterChange(link.kind)
        case .undone(let sentence, let kind):
            status = StatusLine(text: sentence, isError: false)
            return refreshAfterChange(kind)
        case .draftsFound(let drafts, let contacts):
            let decoder = JSONDecoder()
            // A draft is text in the store: one that does not read back as a form is left
            // aside rather than restored wrong.
            let found = drafts.compactMap { try? decoder.decode(FormState.self, from: $0.body) }.filter(\.isSound)
            guard !found.isEmpty else { return [] }
            contactChoices = contacts
            dialog = .restore(Self.stacks(found), cursor: 0)
            return []
        case .followUpsLoaded(let items):
            followUpList?.items = items
            followUpList?.loaded = true
            if let list = followUpList { followUpList?.cursor = max(0, min(list.cursor, items.count - 1)) }
            return []
        case .followUpMarked(let meeting):
            // The meeting changed under any earlier edit: that edit can no longer be undone.
            undo = nil
            status = StatusLine(text: words.text("ui.status.follow_up_updated", ["title": meeting.title]), isError: false)
            return refreshAfterChange(.meeting) + (followUpList != nil ? [.loadFollowUps] : [])
        case .editedOutside(let draft, let field, let text):
            guard let index = forms.lastIndex(where: { $0.draftId == draft }), index == forms.count - 1,
                  forms[index].fields.indices.contains(field) else { return [] }
            editTop { $0.fields[field].text.replace(with: text) }
            status = StatusLine(text: words.text("ui.status.text_from_editor"), isError: false)
            return []
        case .saveDrafts:
            return takeDraftEffects()
        case .draftNotSaved(let draft, let sentence):
            if forms.contains(where: { $0.draftId == draft }) { unsavedDrafts.insert(draft) }
            status = StatusLine(text: words.text("ui.status.draft_not_saved", ["reason": sentence]), isError: true)
            return []
        default:
            return []
        }
    }

    /// A record was saved from the form on top: the form closes (or, for `G`/`F` in a
    /// meeting, stays and opens the next), and what shows is read again.
    private mutating func saved(_ record: AnyRecord, _ step: UndoStep?) -> [Effect] {
        guard var form = forms.popLast() else { return [] }
        unsavedDrafts.remove(form.draftId)
        // A move or a loop closed cannot be undone, and earlier steps no longer apply.
        undo = step
        let name = Self.name(record, words)
        var effects = refreshAfterChange(record.kind)
        if let then = form.then, case .meeting(let meeting) = record, case .log(let kind, let contact) = then {
            // The meeting stays open, now as an edit of what was saved.
            form.then = nil
            form.isNew = false
            form.changed = false
            form.original = RecordForms.encode(meeting)
            form.expected = meeting.updatedAt.description
            form.title = words.text("form.edit", ["kind": words.noun(.meeting), "name": meeting.title])
            forms.append(form)
            status = StatusLine(text: kind == .grievance ? words.text("ui.status.saved_meeting_then_grievance")
                                                         : words.text("ui.status.saved_meeting_then_feedback"), isError: false)
            return effects + [.openForm(.new(kind, meeting: meeting.id, contact: contact))]
        }
        switch form.purpose {
        case .record:
            status = StatusLine(text: step == nil ? words.text("ui.status.saved", ["name": name])
                                                  : words.text("ui.status.saved_undoable", ["name": name]), isError: false)
        case .move(let target):
            let label = ChoiceList.status.label(target.rawValue, taxonomies, words).lowercased()
            status = StatusLine(text: words.text("ui.status.moved", ["reference": name, "status": label]), isError: false)
        case .closeLoop:
            status = StatusLine(text: words.text("ui.status.loop_closed", ["reference": name]), isError: false)
        }
        if form.returnTo == .attendee, case .contact(let contact) = record {
            contactChoices.append(ContactChoice(id: contact.id, name: contact.name, localName: contact.localName,
                                                role: contact.role, community: contact.community,
                                                organisation: contact.organisation))
            addAttendee(contact.id)
        } else if form.isNew, forms.isEmpty, details.isEmpty {
            // Made from a list or the dashboard: its page opens. Made from a page (G, F),
            // that page shows again, read afresh.
            effects += openPage(RecordLink(record.kind, record.id))
        }
        offerDraftsLeft()
        return effects
    }

    /// After a change: the header, the dashboard, the list of its kind and the page on top.
    private mutating func refreshAfterChange(_ kind: RecordKind) -> [Effect] {
        var effects: [Effect] = [.loadHeader, .loadDashboard]
        lists[kind]?.total = nil
        lists[kind]?.rows = []
        if tab.kind == kind { effects += ensureRows(kind) }
        if let detail = details.last { effects.append(.loadDetail(detail.link)) }
        return effects
    }

    /// Saves the drafts of the forms changed since they were last saved.
    mutating func takeDraftEffects() -> [Effect] {
        defer { unsavedDrafts = [] }
        return forms.filter { unsavedDrafts.contains($0.draftId) }.map { .saveDraft($0) }
    }

    /// What names a record in a sentence: `meeting “Water point”`, a grievance's reference.
    static func name(_ record: AnyRecord, _ words: Catalogue) -> String {
        switch record {
        case .contact(let c): words.text("ui.record.name.contact", ["name": c.name])
        case .meeting(let m): words.text("ui.record.name.meeting", ["name": m.title])
        case .grievance(let g): g.reference
        case .feedback(let f):
            words.text("ui.record.name.feedback", ["name": f.topic.isEmpty ? String(f.text.prefix(30)) : f.topic])
        }
    }

    /// Drafts as the stacks they were open in: each form that was opened over another
    /// follows it; a form whose parent is gone stands alone.
    static func stacks(_ drafts: [FormState]) -> [[FormState]] {
        let ids = Set(drafts.map(\.draftId))
        var stacks: [[FormState]] = drafts.filter { $0.parentDraft.map { !ids.contains($0) } ?? true }.map { [$0] }
        var placed = Set(stacks.flatMap { $0.map(\.draftId) })
        var grew = true
        while grew {
            grew = false
            for index in stacks.indices {
                guard let top = stacks[index].last,
                      let child = drafts.first(where: { $0.parentDraft == top.draftId && !placed.contains($0.draftId) })
                else { continue }
                stacks[index].append(child)
                placed.insert(child.draftId)
                grew = true
            }
        }
        // Any left (two forms claiming one parent) stand alone rather than be lost.
        stacks += drafts.filter { !placed.contains($0.draftId) }.map { [$0] }
        return stacks
    }

    /// A contact added from a meeting's form lives where the meeting is held, until the
    /// officer says otherwise: its community and admin areas start as the meeting's.
    static func takePlace(of meeting: FormState, into contact: inout FormState) {
        let value = { (key: String) in meeting.fields.first { $0.key == key }?.value ?? "" }
        for (from, to) in [("place", "community"), ("adm1", "adm1"), ("adm2", "adm2")] {
            guard !value(from).isEmpty, let index = contact.fields.firstIndex(where: { $0.key == to }),
                  contact.fields[index].value.isEmpty else { continue }
            contact.fields[index].text = TextArea(value(from))
            contact.fields[index].prefilled = true
        }
    }

    /// A workflow move as the picker offers it.
    static func moveLabel(_ status: Grievance.Status, _ words: Catalogue) -> String {
        words.text("ui.move.label.\(status.rawValue)")
    }
}

extension ListColumns {
    /// What names a row: a meeting's title, a contact's name, a grievance's reference.
    static func name(_ row: RecordRow, _ kind: RecordKind) -> String {
        let names: Set<RecordQuery.SortKey> = [.title, .name, .reference, .topic]
        let index = columns(kind).firstIndex { names.contains($0.sortKey) } ?? 0
        let value = row.values.indices.contains(index) ? row.values[index] : ""
        return value.isEmpty ? (row.values.first ?? "") : value
    }
}
