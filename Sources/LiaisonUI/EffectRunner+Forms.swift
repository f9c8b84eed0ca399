import Foundation
import LiaisonCore

extension EffectRunner {
    /// Performs the effects of forms, records and drafts.
    func performRecordEffect(_ effect: Effect) throws -> [Message] {
        switch effect {
        case .openForm(let request):
            return try open(request)
        case .saveRecord(let record, let expected, let draft):
            let before = try stored(record.kind, record.id)
            let saved: AnyRecord
            do {
                saved = switch record {
                case .contact(let c): .contact(try store.save(c, expecting: expected))
                case .meeting(let m): .meeting(try store.save(m, expecting: expected))
                case .grievance(let g): .grievance(try store.save(g, expecting: expected))
                case .feedback(let f): .feedback(try store.save(f, expecting: expected))
                }
            } catch let refusal as ValidationError {
                return [.saveRefused(refusal.problems)]
            } catch let conflict as EditConflict {
                return [.saveConflict(conflict)]
            } catch StoreError.missingLink(let field, let kind, let id) {
                return [.saveRefused([FieldProblem(field: field, message: StoreError.missingLink(field: field, kind: kind, id: id).message(in: words))])]
            }
            try? store.deleteDraft(id: draft)
            let name = AppState.name(saved, words)
            let link = RecordLink(saved.kind, saved.id)
            return [.saved(saved, undo: before.map { .edited($0, name: name, savedAt: saved.updatedAt) }
                                        ?? .created(link, name: name))]
        case .moveGrievance(let id, let move, let draft):
            do {
                let grievance = try store.move(grievance: id, move)
                try? store.deleteDraft(id: draft)
                return [.saved(.grievance(grievance), undo: nil)]
            } catch let refusal as WorkflowError {
                if case .needs(let requirement, _) = refusal {
                    return [.saveRefused([FieldProblem(field: requirement.rawValue, message: refusal.message(in: words))])]
                }
                return [.saveRefused([FieldProblem(field: "", message: refusal.message(in: words))])]
            } catch let refusal as ValidationError {
                return [.saveRefused(refusal.problems)]
            }
        case .closeLoop(let id, let day, let how, let draft):
            do {
                let grievance = try store.closeLoop(grievance: id, on: day, how: how)
                try? store.deleteDraft(id: draft)
                return [.saved(.grievance(grievance), undo: nil)]
            } catch let refusal as ValidationError {
                return [.saveRefused(refusal.problems)]
            }
        case .delete(let link, let name):
            try store.delete(link.kind, id: link.id)
            return [.deleted(link, name: name)]
        case .undo(let step):
            return [try undo(step)]
        case .saveDraft(let form):
            do {
                let body = try JSONEncoder().encode(form)
                // A protected contact's form is sealed to the vault, under a title that names no one.
                try store.saveDraft(Draft(id: form.draftId, form: form.draftForm, recordId: form.recordId, title: form.title,
                                          body: body),
                                    sealed: form.holdsProtectedIdentity, sealedTitle: words.text("ui.draft.sealed_title"))
                return []
            } catch {
                return [.draftNotSaved(form.draftId, EffectRunner.sentence(error, words))]
            }
        case .deleteDraft(let id):
            try store.deleteDraft(id: id)
            return []
        case .loadDrafts:
            let drafts = try store.claimAbandonedDrafts()
            return drafts.isEmpty ? [] : [.draftsFound(drafts, contacts: try store.contactChoices())]
        case .loadFollowUps:
            return [.followUpsLoaded(try store.followUps())]
        case .markFollowUp(let id, let done):
            return [.followUpMarked(try store.markFollowUp(id, done: done))]
        case .editOutside:
            return [.failed(words.text("ui.editor.needs_terminal"))]
        default:
            return []
        }
    }

    private func open(_ request: FormRequest) throws -> [Message] {
        let now = store.localNow()
        switch request {
        case .new(let kind, let meetingId, let contact, let name, let returnTo):
            let meeting = try meetingId.flatMap { try store.record(Meeting.self, id: $0) }
            var form = RecordForms.form(new: kind, FormDefaults(now: now, place: try store.lastPlace(), meeting: meeting,
                                                                contact: contact, name: name, words: words))
            form.returnTo = returnTo
            if !name.isEmpty {
                // The name was typed by the officer in a picker: typing goes on after it.
                form.changed = true
                for index in form.fields.indices where form.fields[index].key == Contact.Field.name.rawValue {
                    form.fields[index].prefilled = nil
                }
            }
            return [.formOpened(form, contacts: try store.contactChoices())]
        case .edit(let link):
            guard let record = try stored(link.kind, link.id) else {
                return [.failed(goneOrDeleted(link.kind))]
            }
            // What the vault keeps sealed cannot be shown, so it cannot be edited.
            if case .contact(let contact) = record, contact.sealedAway {
                return [.failed(ValidationError(field: "name", code: "core.contact.sealed_away").message(in: words))]
            }
            var meetingId: UUID?
            if case .grievance(let g) = record { meetingId = g.meetingId }
            if case .feedback(let f) = record { meetingId = f.meetingId }
            let meeting = try meetingId.flatMap { try store.record(Meeting.self, id: $0) }
            return [.formOpened(RecordForms.form(editing: record, now: now, meeting: meeting, words: words),
                                contacts: try store.contactChoices())]
        case .moves(let id):
            guard let grievance = try store.record(Grievance.self, id: id), !grievance.isDeleted else {
                return [.failed(AppState.gone(.grievance, words))]
            }
            return [.movesOffered(id, reference: grievance.reference, moves: grievance.status.allowedMoves,
                                  resolution: grievance.resolution)]
        case .move(let id, let target, let reference, let resolution):
            return [.formOpened(RecordForms.form(move: id, reference: reference, to: target, resolution: resolution, now: now,
                                                 words: words),
                                contacts: nil)]
        case .closeLoop(let id):
            guard let grievance = try store.record(Grievance.self, id: id), !grievance.isDeleted else {
                return [.failed(AppState.gone(.grievance, words))]
            }
            return [.formOpened(RecordForms.form(closeLoop: id, reference: grievance.reference, now: now, words: words),
                                contacts: nil)]
        }
    }

    /// The sentence for a record to edit that is missing or deleted.
    private func goneOrDeleted(_ kind: RecordKind) -> String {
        words.text("ui.status.gone_or_deleted.\(kind.rawValue)")
    }

    /// The record as stored, unless it is missing or deleted.
    private func stored(_ kind: RecordKind, _ id: UUID) throws -> AnyRecord? {
        guard let record = try store.record(kind, id: id), !record.isDeleted else { return nil }
        return record
    }

    private func undo(_ step: UndoStep) throws -> Message {
        switch step {
        case .created(let link, let name):
            try store.delete(link.kind, id: link.id)
            return .undone(words.text("ui.undo.created", ["name": name]), link.kind)
        case .edited(let before, let name, let savedAt):
            // Not over a save made since in another window.
            switch before {
            case .contact(let c): try store.save(c, expecting: savedAt)
            case .meeting(let m): try store.save(m, expecting: savedAt)
            case .grievance(let g): try store.save(g, expecting: savedAt)
            case .feedback(let f): try store.save(f, expecting: savedAt)
            }
            return .undone(words.text("ui.undo.edited", ["name": name]), before.kind)
        case .deleted(let link, let name):
            try store.restore(link.kind, id: link.id)
            return .undone(words.text("ui.undo.deleted", ["name": name]), link.kind)
        }
    }
}

extension FormState {
    /// What the draft says the form edits: `meeting`, `move`, `close_loop`.
    var draftForm: String {
        switch purpose {
        case .record(let kind): kind.rawValue
        case .move: "move"
        case .closeLoop: "close_loop"
        }
    }
}
