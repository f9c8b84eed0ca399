import Foundation
import LiaisonCore
import TerminalKit

/// Pickers over a form: narrowing, choosing, and what a choice sets off (an attendee
/// added, the values that follow a grievance's category).
extension AppState {
    mutating func handlePicker(_ key: Key) -> [Effect] {
        guard var current = picker else { return [] }
        let command = KeyTable.command(for: key, in: .picker)
        if command == .help {
            helpTop = 0
            return []
        }
        switch command.map({ current.perform($0) }) ?? .notHandled {
        case .stay:
            picker = current
        case .close:
            picker = nil
        case .chose(let chosen):
            picker = nil
            return choose(chosen)
        case .notHandled:
            // Anything else narrows the list, Space too in a list that takes one choice.
            guard current.filter.handle(key) else {
                status = StatusLine(text: words.text("ui.status.type_to_narrow"), isError: false)
                return []
            }
            current.refilter()
            picker = current
        }
        return []
    }

    mutating func choose(_ picker: PickerState) -> [Effect] {
        let option = picker.shown.indices.contains(picker.cursor) ? picker.options[picker.shown[picker.cursor]] : nil
        switch picker.purpose {
        case .attendee:
            guard let option, let id = UUID(uuidString: option.code) else {
                let name = picker.filter.text.trimmingCharacters(in: .whitespaces)
                return name.isEmpty ? [] : [.openForm(.new(.contact, name: name, returnTo: .attendee))]
            }
            addAttendee(id)
        case .field(let index):
            guard let form = forms.last, form.fields.indices.contains(index) else { return [] }
            var field = form.fields[index]
            let typed = picker.filter.text.trimmingCharacters(in: .whitespaces)
            if field.kind == .person {
                // A name chosen, or the row that takes what was typed.
                guard let value = option?.code ?? (typed.isEmpty ? nil : typed) else { return [] }
                field.text = TextArea(value)
            } else if case .choices = field.kind {
                field.codes = picker.chosen.isEmpty ? option.map { [$0.code] } ?? [] : picker.chosen
            } else if let option {
                if field.kind == .contact { field.link = UUID(uuidString: option.code) } else { field.codes = [option.code] }
            } else {
                // Nothing matched what was typed: the picker stays, and the value too.
                self.picker = picker
                status = StatusLine(text: words.text("ui.status.nothing_matches", ["text": picker.filter.text]), isError: false)
                return []
            }
            field.touched = true
            field.chosen = true
            if field != form.fields[index] {
                let taxonomies = taxonomies
                let before = form
                editTop { form in
                    form.fields[index] = field
                    if form.isNew { Self.categoryDefaults(&form, changed: field, taxonomies) }
                }
                sayWhatFollowed(before: before)
            } else {
                forms[forms.count - 1].fields[index].touched = true
            }
            if field.kind != .attendee { moveFocus(by: 1) }
        case .move(let grievance, let reference, let resolution):
            guard let option, let target = Grievance.Status(rawValue: option.code) else { return [] }
            return [.openForm(.move(grievance, to: target, reference: reference, resolution: resolution))]
        }
        return []
    }

    /// A new grievance's severity and sensitivity follow its category until the officer sets
    /// them; leaving them, or closing their picker, does not.
    private static func categoryDefaults(_ form: inout FormState, changed: FormField, _ taxonomies: Taxonomies) {
        guard let entry = taxonomies.grievanceCategories.entry(changed.code) else { return }
        for index in form.fields.indices where form.fields[index].follows == changed.key && form.fields[index].chosen != true {
            if form.fields[index].key == Grievance.Field.severity.rawValue, let severity = entry.severity {
                form.fields[index].codes = [severity.rawValue]
            }
            if form.fields[index].key == Grievance.Field.sensitive.rawValue, let sensitive = entry.sensitive {
                form.fields[index].flag = sensitive
            }
        }
    }

    /// Says which values changed because they follow the one just chosen.
    private mutating func sayWhatFollowed(before: FormState) {
        guard let after = forms.last else { return }
        let changed = after.fields.indices.filter { index in
            before.fields.indices.contains(index) && after.fields[index].follows != nil
                && (after.fields[index].codes != before.fields[index].codes || after.fields[index].flag != before.fields[index].flag)
        }
        guard !changed.isEmpty else { return }
        let values = changed.map { index in
            let field = after.fields[index]
            if case .choice(let list) = field.kind { return "\(field.label) \(list.label(field.code, taxonomies, words))" }
            return "\(field.label) \(words.text(field.flag ? "value.yes" : "value.no"))"
        }
        status = StatusLine(text: words.text("ui.status.followed", ["values": values.joined(separator: ", ")]), isError: false)
    }

    /// Adds a contact to the meeting form on top, before the row that adds attendees.
    mutating func addAttendee(_ id: UUID) {
        guard let form = forms.last, form.purpose == .record(.meeting) else { return }
        guard !form.fields.contains(where: { $0.kind == .attendee && $0.link == id }) else {
            status = StatusLine(text: words.text("ui.status.already_attendee", ["name": contactName(id)]), isError: false)
            return
        }
        editTop { form in
            let at = form.fields.firstIndex { $0.kind == .addAttendee } ?? form.fields.count
            form.fields.insert(FormField("attendees", "", .attendee, codes: ["participant"], link: id), at: at)
            form.focus = at + 1
        }
        status = StatusLine(text: words.text("ui.status.attendee_added", ["name": contactName(id)]), isError: false)
    }
}
