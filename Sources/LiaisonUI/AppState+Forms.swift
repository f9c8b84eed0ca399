import Foundation
import LiaisonCore
import TerminalKit

/// After a meeting form saves itself for `G` or `F`, what it opens next.
public enum FollowOn: Sendable, Equatable, Codable {
    case log(RecordKind, contact: UUID?)
}

extension AppState {
    var rules: RulesContext { RulesContext(taxonomies: taxonomies, today: today) }

    // MARK: - Keys in a form

    /// A key typed into the form on top: its field takes it first, then the form's keys.
    mutating func handleFormKey(_ key: Key) -> [Effect] {
        guard let form = forms.last else { return [] }
        let field = form.focused
        let command = KeyTable.command(for: key, in: .form)
        if field.kind.isTyped, !(field.kind == .multiline && command == .editOutside) {
            var text = field.text
            // A value filled in for the officer goes when they start typing over it.
            if field.prefilled == true, key.isCharacter { text = TextArea("", multiline: field.kind == .multiline) }
            // Up and Down in text of several lines move by the rows shown, as wide as drawn.
            let width = field.kind == .multiline ? FormLayout.valueColumn(form, size.width).width - 1 : nil
            if text.handle(key, width: width) {
                forms[forms.count - 1].fields[form.focus].prefilled = nil
                if text.text == field.text.text {
                    // Only the cursor moved: nothing to save or check.
                    forms[forms.count - 1].fields[form.focus].text = text
                    scrollToFocus()
                } else {
                    editTop { $0.fields[$0.focus].text = text }
                }
                return []
            }
        }
        // `?` opens help wherever nothing is typed, as on every screen.
        if !field.kind.isTyped, KeyTable.command(for: key, in: KeyTable.global) == .help {
            helpTop = 0
            return []
        }
        // A letter on a field chosen from a list narrows the list: it is typing, not a key
        // (Space opens the whole list).
        switch (field.kind, key) {
        case (.choice, .character(let letter)), (.choices, .character(let letter)), (.person, .character(let letter)),
             (.contact, .character(let letter)), (.addAttendee, .character(let letter)):
            return openPicker(forField: form.focus, filter: command == .toggle ? "" : String(letter))
        default:
            break
        }
        switch command {
        case let command? where !(field.kind != .attendee && key.isCharacter
                                  && (command == .logGrievance || command == .logFeedback)):
            // A plain letter logs from an attendee's row only; elsewhere it takes Ctrl.
            return performInForm(command)
        default:
            status = StatusLine(text: words.text("ui.status.key_does_nothing_in_field", ["key": key.label]), isError: false)
            return []
        }
    }

    private mutating func performInForm(_ command: Command) -> [Effect] {
        guard let form = forms.last else { return [] }
        let field = form.focused
        switch command {
        case .nextField: moveFocus(by: 1)
        case .previousField: moveFocus(by: -1)
        case .pageDown: moveFocus(by: max(1, contentHeight - 2))
        case .pageUp: moveFocus(by: -max(1, contentHeight - 2))
        case .save: return saveForm()
        case .help: helpTop = 0
        case .toggle:
            switch field.kind {
            case .flag: editTop { $0.fields[$0.focus].flag.toggle(); $0.fields[$0.focus].chosen = true }
            case .choice, .choices, .contact, .person, .addAttendee: return openPicker(forField: form.focus, filter: "")
            default: break
            }
        case .back:
            if form.changed {
                dialog = .discard
                return []
            }
            return closeForm()
        case .editOutside:
            guard field.kind == .multiline else {
                status = StatusLine(text: words.text("ui.status.editor_on_multiline"), isError: false)
                return []
            }
            // What waits to be saved is saved before the terminal goes to the editor.
            return takeDraftEffects() + [.editOutside(draft: form.draftId, field: form.focus, text: field.text.text)]
        case .removeRow:
            return removeRow()
        case .removeAttendee:
            // Backspace and Delete remove a row only on an attendee's, where nothing is typed.
            guard field.kind == .attendee else { return [] }
            return removeRow()
        case .logGrievance, .logFeedback:
            return logFromMeetingForm(command == .logGrievance ? .grievance : .feedback)
        case .open:
            switch field.kind {
            case .choice, .choices, .contact, .person, .addAttendee, .attendee:
                return openPicker(forField: form.focus, filter: "")
            case .addFollowUp:
                let row = RecordForms.followUpFields(FollowUp(action: ""), words)
                editTop { form in form.fields.insert(contentsOf: row, at: form.focus) }
            case .save:
                return saveForm()
            default:
                moveFocus(by: 1)
            }
        default:
            break
        }
        return []
    }

    /// Changes the form on top as the officer asked: it is marked changed, its draft is due
    /// to be saved, and its problems are found again.
    mutating func editTop(_ change: (inout FormState) -> Void) {
        guard var form = topForm else { return }
        change(&form)
        form.changed = true
        form.formProblem = nil
        unsavedDrafts.insert(form.draftId)
        // The form it was opened over is kept with it, so that both come back together.
        if let parent = form.parentDraft, forms.contains(where: { $0.draftId == parent && $0.changed }) {
            unsavedDrafts.insert(parent)
        }
        check(&form)
        topForm = form
        scrollToFocus()
    }

    /// Finds the problems of a form, by field, as the core states them.
    func check(_ form: inout FormState) {
        var problems: [Int: String] = [:]
        for problem in form.read(rules, words: words).problems {
            guard let index = form.fieldIndex(of: problem) else { continue }
            if problems[index] == nil { problems[index] = problem.message(in: words) }
        }
        form.problems = problems
    }

    mutating func moveFocus(by step: Int) {
        guard var form = topForm else { return }
        form.fields[form.focus].touched = true
        warnOfProtectedNames(in: form.fields[form.focus], of: form)
        var target = form.focus
        var moved = 0
        while moved < abs(step) {
            let next = target + (step > 0 ? 1 : -1)
            guard form.fields.indices.contains(next) else { break }
            target = next
            if form.fields[next].kind.takesFocus { moved += 1 }
        }
        if form.fields[target].kind.takesFocus { form.focus = target }
        topForm = form
        scrollToFocus()
    }

    /// Warns, on leaving a field of free text, that it names a protected contact: bundles
    /// carry the code name in its place, and the officer may rather write that. Only names
    /// the unlocked vault has shown can be found.
    mutating func warnOfProtectedNames(in field: FormField, of form: FormState) {
        guard form.purpose != .record(.contact) || field.key == Contact.Field.notes.rawValue,
              field.kind == .text || field.kind == .multiline else { return }
        let text = SearchText.fold(field.text.text)
        guard !text.isEmpty else { return }
        for choice in contactChoices {
            guard let code = choice.codeName, !choice.name.isEmpty, choice.name != code else { continue }
            let named = [choice.name, choice.localName].filter { $0.count >= 3 }.contains { text.contains(SearchText.fold($0)) }
            if named {
                status = StatusLine(text: words.text("ui.form.names_protected", ["name": choice.name, "code": code]),
                                    isError: false)
                return
            }
        }
    }

    /// Keeps the focused field, and the problem under it, on the screen.
    mutating func scrollToFocus() {
        guard var form = topForm else { return }
        let rows = FormLayout.rows(form, width: size.width)
        let height = contentHeight
        if let span = rows.first(where: { $0.field == form.focus }) {
            let start = form.focus == form.fields.firstIndex(where: { $0.kind.takesFocus }) ? 0 : span.y
            if start < form.top { form.top = max(0, start - (form.fields[max(0, form.focus - 1)].kind == .heading ? 1 : 0)) }
            if span.y + span.height > form.top + height { form.top = span.y + span.height - height }
        }
        form.top = max(0, min(form.top, (rows.last.map { $0.y + $0.height } ?? 0) - height))
        topForm = form
    }

    private mutating func removeRow() -> [Effect] {
        guard let form = forms.last else { return [] }
        let field = form.focused
        if field.kind == .attendee {
            editTop { $0.fields.remove(at: $0.focus) }
            status = StatusLine(text: words.text("ui.status.attendee_removed"), isError: false)
        } else if let item = field.item {
            editTop { form in
                let first = form.fields.firstIndex { $0.item == item } ?? form.focus
                form.fields.removeAll { $0.item == item }
                form.focus = min(first, form.fields.count - 1)
            }
            status = StatusLine(text: words.text("ui.status.follow_up_removed"), isError: false)
        } else {
            status = StatusLine(text: words.text("ui.status.nothing_to_remove"), isError: false)
        }
        return []
    }

    // MARK: - Saving and closing

    mutating func saveForm() -> [Effect] {
        guard var form = topForm else { return [] }
        form.showAllProblems = true
        check(&form)
        let reading = form.read(rules, words: words)
        if let first = form.problems.keys.min() {
            form.focus = first
            topForm = form
            scrollToFocus()
            let count = form.problems.count
            let fields = count == 1 ? "" : words.plural("ui.status.fields_to_fix", count: count) + " "
            status = StatusLine(text: fields + (form.problems[first] ?? ""), isError: true)
            return []
        }
        topForm = form
        if let problem = reading.problems.first {
            status = StatusLine(text: problem.message(in: words), isError: true)
            return []
        }
        switch form.purpose {
        case .record:
            guard let record = reading.record else { return [] }
            return [.saveRecord(record, expecting: form.isNew ? nil : form.expectedTimestamp, draft: form.draftId)]
        case .move:
            guard let move = reading.move else { return [] }
            return [.moveGrievance(form.recordId, move, draft: form.draftId)]
        case .closeLoop:
            guard let loop = reading.loop else { return [] }
            return [.closeLoop(form.recordId, on: loop.day, how: loop.how, draft: form.draftId)]
        }
    }

    /// Throws the form on top away, with its draft.
    mutating func closeForm() -> [Effect] {
        guard let form = forms.popLast() else { return [] }
        unsavedDrafts.remove(form.draftId)
        offerDraftsLeft()
        if form.changed { status = StatusLine(text: words.text("ui.status.changes_thrown_away"), isError: false) }
        return [.deleteDraft(form.draftId)]
    }

    /// Once no form is open, the drafts not yet restored are offered again.
    mutating func offerDraftsLeft() {
        guard forms.isEmpty, !offeredDrafts.isEmpty else { return }
        dialog = .restore(offeredDrafts, cursor: 0)
        offeredDrafts = []
    }

    /// `G`/`F` in a meeting form: the meeting is saved first (a grievance can only name a
    /// stored meeting), then the new form opens over it.
    private mutating func logFromMeetingForm(_ kind: RecordKind) -> [Effect] {
        guard let form = forms.last, form.purpose == .record(.meeting) else {
            status = StatusLine(text: kind == .grievance ? words.text("ui.status.ctrl_g_in_meeting_form")
                                                         : words.text("ui.status.ctrl_f_in_meeting_form"), isError: false)
            return []
        }
        let contact = form.focused.kind == .attendee ? form.focused.link : nil
        if !form.isNew, !form.changed {
            return [.openForm(.new(kind, meeting: form.recordId, contact: contact))]
        }
        forms[forms.count - 1].then = .log(kind, contact: contact)
        let effects = saveForm()
        if effects.isEmpty { forms[forms.count - 1].then = nil }
        return effects
    }

    // MARK: - Pickers

    mutating func openPicker(forField index: Int, filter: String) -> [Effect] {
        guard let form = forms.last else { return [] }
        let field = form.fields[index]
        switch field.kind {
        case .choice(let choices):
            picker = PickerState(title: field.label, options: choices.options(taxonomies, words), chosen: field.codes,
                                 purpose: .field(index), filter: filter)
        case .choices(let choices):
            // Codes the list lacks (typed elsewhere, or dropped from the file) stay, and can be unticked.
            let options = choices.options(taxonomies, words).filter { !$0.code.isEmpty }
            let known = Set(options.map(\.code))
            let kept = field.codes.filter { !$0.isEmpty && !known.contains($0) }.map { PickerOption(code: $0, label: $0) }
            picker = PickerState(title: words.text("ui.picker.choices", ["label": field.label]), options: kept + options,
                                 multiple: true, chosen: field.codes, purpose: .field(index), filter: filter)
        case .contact:
            let anonymous = PickerOption(code: "", label: words.text("ui.picker.anonymous"), detail: words.text("ui.picker.nobody_named"))
            let options = [anonymous] + contactOptions(excluding: [])
            picker = PickerState(title: words.text("ui.picker.contact", ["label": field.label]), options: options,
                                 chosen: [field.link?.uuidString ?? ""], purpose: .field(index), filter: filter)
        case .person:
            // The officer first, then who came; anyone else is typed.
            let attendees = form.fields.filter { $0.kind == .attendee }.compactMap { field in
                contactChoices.first { $0.id == field.link }?.name
            }
            var names: [String] = []
            for name in [officer?.name].compactMap({ $0 }) + attendees where !name.isEmpty && !names.contains(name) {
                names.append(name)
            }
            let detail = words.text("ui.picker.officer")
            picker = PickerState(title: words.text("ui.picker.person", ["label": field.label]),
                                 options: names.enumerated().map { index, name in
                                     PickerOption(code: name, label: name, detail: index == 0 && officer?.name == name ? detail : "")
                                 },
                                 chosen: [field.value], purpose: .field(index), typedRow: .asTyped, filter: filter)
        case .addAttendee:
            let present = Set(form.fields.filter { $0.kind == .attendee }.compactMap(\.link))
            picker = PickerState(title: words.text("ui.picker.add_attendee"), options: contactOptions(excluding: present),
                                 purpose: .attendee, typedRow: .newContact, filter: filter)
        case .attendee:
            picker = PickerState(title: words.text("ui.picker.attendee_role", ["name": contactName(field.link)]),
                                 options: Choices.attendeeRoles.options(taxonomies, words), chosen: field.codes,
                                 purpose: .field(index), filter: filter)
        default:
            break
        }
        return []
    }

    private func contactOptions(excluding: Set<UUID>) -> [PickerOption] {
        contactChoices.filter { !excluding.contains($0.id) }.map { contact in
            let detail = [taxonomies.contactRoles.label(contact.role, in: words.language), contact.community].filter { !$0.isEmpty }
            return PickerOption(code: contact.id.uuidString,
                                label: contact.name + (contact.localName.isEmpty ? "" : "  \(contact.localName)"),
                                detail: detail.joined(separator: " · "), hidden: contact.organisation)
        }
    }

    func contactName(_ id: UUID?) -> String {
        guard let id else { return words.text("value.anonymous") }
        guard let contact = contactChoices.first(where: { $0.id == id }) else { return words.text("ui.value.contact_not_in_list") }
        return contact.name + (contact.localName.isEmpty ? "" : "  \(contact.localName)")
    }
}

extension PickerState {
    mutating func toggleUnderCursor() {
        guard shown.indices.contains(cursor) else { return }
        let code = options[shown[cursor]].code
        if let at = chosen.firstIndex(of: code) { chosen.remove(at: at) } else { chosen.append(code) }
    }
}
