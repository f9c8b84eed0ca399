import Foundation
import LiaisonCore

/// What a form holds, read back: the record (or action) and every problem with it.
struct FormReading {
    var record: AnyRecord?
    var move: Grievance.Move?
    var loop: (day: Day, how: String)?
    var problems: [FieldProblem] = []
}

extension FormState {
    /// Reads the fields into a record and checks it with the core's rules, so the form
    /// shows the same sentences a save would give.
    func read(_ rules: RulesContext, words: Catalogue = .standard(.en)) -> FormReading {
        // `today` and `+3d` mean what they meant when the form opened, as its hints show.
        var reader = FieldReader(form: self, today: referenceTime.localDay, words: words)
        var reading = FormReading()
        switch purpose {
        case .record(let kind):
            // Text that cannot be read is one problem; the rules then check the rest, so
            // every problem shows at once.
            let record = reader.record(kind, taxonomies: rules.taxonomies)
            let unreadable = reader.problems
            var checked: AnyRecord?
            var broken: [FieldProblem] = []
            do {
                switch record {
                case .contact(let c): checked = .contact(try c.checked(in: rules))
                case .meeting(let m): checked = .meeting(try m.checked(in: rules))
                case .grievance(let g): checked = .grievance(try g.checked(in: rules))
                case .feedback(let f): checked = .feedback(try f.checked(in: rules))
                }
            } catch let error as ValidationError {
                broken = error.problems
            } catch {
                broken = [FieldProblem(field: "", message: EffectRunner.sentence(error, words))]
            }
            reading.problems = unreadable + broken.filter { problem in
                !unreadable.contains { $0.field == problem.field || $0.field.hasPrefix(problem.field + ".") }
            }
            reading.record = reading.problems.isEmpty ? checked : nil
        case .move(let target):
            var move = Grievance.Move(to: target, note: reader.text("note"))
            for field in fields where field.required && field.value.isEmpty {
                reading.problems.append(FieldProblem(field: field.key, message: Self.requiredToMove(target, field.label, words)))
            }
            move.referredTo = reader.optionalText("referred_to")
            move.resolution = reader.optionalText("resolution")
            move.reason = reader.optionalText("rejection_reason")
            reading.move = move
        case .closeLoop:
            // The store checks the rest with the grievance's own rules.
            let day = reader.day("loop_closed_on")
            reading.problems = reader.problems
            if let day { reading.loop = (day, reader.text("loop_closed_how")) }
        }
        return reading
    }

    /// The sentence for a field a move needs: `Reason is required to reject a grievance.`
    static func requiredToMove(_ target: Grievance.Status, _ label: String, _ words: Catalogue) -> String {
        let values = ["label": label]
        return words.text("ui.move.required.\(target.rawValue)", values)
    }

    /// The field a problem belongs to: the field of its key, the row of the follow-up it
    /// names, or the first of a group (`headcount`).
    func fieldIndex(of problem: FieldProblem) -> Int? {
        // A row of a follow-up action: by its id when the form named it, or by its number
        // when the core did ("Follow-up 2 has no action").
        let parts = problem.field.split(separator: "#", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            return fields.firstIndex { $0.key == parts[0] && $0.item?.uuidString == parts[1] }
        }
        if problem.field == "follow_ups",
           let number = problem.arguments["number"].flatMap({ Int($0) }) {
            let actions = fields.indices.filter { fields[$0].key == "follow_ups.action" }
            if actions.indices.contains(number - 1) { return actions[number - 1] }
        }
        if problem.field == "attendees" { return fields.firstIndex { $0.kind == .addAttendee } }
        if problem.field == "meeting_id" { return fields.firstIndex { $0.key == "contact_id" } }
        if let exact = fields.firstIndex(where: { $0.key == problem.field && $0.kind != .heading }) { return exact }
        return fields.indices.first { fields[$0].key.hasPrefix(problem.field + ".") }
    }
}

/// Reads typed text into values, collecting a sentence for each that cannot be read.
private struct FieldReader {
    let form: FormState
    let today: Day
    let words: Catalogue
    var problems: [FieldProblem] = []

    init(form: FormState, today: Day, words: Catalogue) {
        self.form = form
        self.today = today
        self.words = words
    }

    func field(_ key: String) -> FormField? { form.fields.first { $0.key == key } }

    func text(_ key: String) -> String { field(key)?.value ?? "" }

    func optionalText(_ key: String) -> String? { field(key).map(\.value) }

    func code(_ key: String) -> String { field(key)?.code ?? "" }

    func list(_ key: String) -> [String] { field(key)?.listValues ?? [] }

    mutating func day(_ key: String) -> Day? {
        guard let field = field(key) else { return nil }
        return day(field)
    }

    mutating func day(_ field: FormField) -> Day? {
        guard !field.value.isEmpty else {
            if field.required {
                fail(field, words.text("ui.problem.day_required", ["label": field.label, "forms": words.text("time.forms.day")]))
            }
            return nil
        }
        guard let day = TimeInput.day(field.value, today: today) else {
            fail(field, words.text("ui.problem.day", ["label": field.label, "forms": words.text("time.forms.day")]))
            return nil
        }
        return day
    }

    mutating func number(_ field: FormField) -> Int? {
        guard !field.value.isEmpty else { return nil }
        guard let value = Int(field.value) else {
            fail(field, words.text("ui.problem.number", ["label": field.label]))
            return nil
        }
        return value
    }

    mutating func minutes(_ field: FormField) -> Int? {
        guard !field.value.isEmpty else { return nil }
        guard let value = TimeInput.minutes(field.value) else {
            fail(field, words.text("ui.problem.duration", ["label": field.label, "forms": words.text("time.forms.duration")]))
            return nil
        }
        return value
    }

    mutating func decimal(_ field: FormField) -> Double? {
        guard !field.value.isEmpty else { return nil }
        guard let value = Double(field.value.replacingOccurrences(of: ",", with: ".")) else {
            fail(field, words.text("ui.problem.decimal", ["label": field.label]))
            return nil
        }
        return value
    }

    mutating func fail(_ field: FormField, _ message: String) {
        // Rows of follow-up actions share their keys: the row's id tells them apart.
        let key = field.item.map { "\(field.key)#\($0.uuidString)" } ?? field.key
        problems.append(FieldProblem(field: key, message: message))
    }

    func original<R: Record>(_ type: R.Type) -> R? {
        form.original.flatMap { try? JSONDecoder().decode(R.self, from: $0) }
    }

    mutating func record(_ kind: RecordKind, taxonomies: Taxonomies) -> AnyRecord {
        let id = form.recordId
        switch kind {
        case .contact: return .contact(record(original(Contact.self) ?? Contact(id: id, name: "")))
        case .meeting: return .meeting(record(original(Meeting.self) ?? Meeting(id: id, title: "", start: form.referenceTime)))
        case .grievance:
            // A new grievance's severity and sensitivity start from its category's defaults.
            let raised = field(Grievance.Field.raisedOn.rawValue).flatMap { TimeInput.day($0.value, today: today) }
            return .grievance(record(original(Grievance.self) ?? Grievance(
                id: id, raisedOn: raised ?? today, category: "other", description: "", taxonomies: taxonomies)))
        case .feedback: return .feedback(record(original(Feedback.self) ?? Feedback(id: id, receivedOn: today, types: [], text: "")))
        }
    }

    /// Reads every field of the form that the schema lists into `base`; fields the form
    /// does not show keep their value. Text that cannot be read leaves the value as it was
    /// and is reported.
    mutating func record<R: SchemaRecord>(_ base: R) -> R {
        var record = base
        for spec in R.schema {
            guard let field = field(spec.json), let value = value(spec, field, current: spec.value(of: base)) else { continue }
            try? spec.set(value, in: &record)
        }
        return record
    }

    private mutating func value<R: SchemaRecord>(_ spec: FieldSpec<R>, _ field: FormField, current: FieldValue) -> FieldValue? {
        switch spec.type {
        case .line, .block: return .text(field.value)
        case .list: return .texts(field.listValues)
        case .day:
            let day = day(field)
            return day == nil && !spec.optional ? nil : .day(day)
        case .moment:
            guard case .moment(let start) = current else { return nil }
            return moment(field, current: start).map(FieldValue.moment)
        case .minutes: return .number(minutes(field))
        case .number:
            if spec.picker != nil { return .number(Int(field.code)) }
            let number = number(field)
            return .number(spec.optional ? number : number ?? 0)
        case .decimal: return .decimal(decimal(field))
        case .flag: return .flag(field.flag)
        case .choice(let list):
            // A draft from before the field was a choice holds it as text.
            if field.kind == .text { return .code(field.value) }
            // A taxonomy's code is kept as typed, so the rules can name an empty one.
            return .code(list.isTaxonomy || !field.code.isEmpty ? field.code : nil)
        case .choices:
            // A draft from before the field was a choice holds it as a typed list.
            if field.kind == .list { return .codes(field.listValues) }
            return .codes(field.codes.filter { !$0.isEmpty })
        case .link: return .id(field.link)
        case .attendees:
            return .attendees(form.fields.filter { $0.kind == .attendee }.compactMap { field in
                field.link.map { Attendee(contactId: $0, role: field.code.isEmpty ? "participant" : field.code) }
            })
        case .followUps: return .followUps(followUps())
        case .identifier, .instant, .history: return nil
        }
    }

    /// A meeting's start: as it was when left as it was (seconds and all), else as typed.
    private mutating func moment(_ field: FormField, current: OffsetDateTime) -> OffsetDateTime? {
        let reference = form.referenceTime
        if field.value.isEmpty {
            fail(field, words.text("ui.problem.date_time_required", ["label": field.label, "forms": words.text("time.forms.date_time")]))
        } else if !form.isNew, field.value == TimeInput.text(current) {
            return current
        } else if let start = TimeInput.dateTime(field.value, reference: reference) {
            return start
        } else {
            fail(field, words.text("ui.problem.date_time", ["label": field.label, "forms": words.text("time.forms.date_time")]))
        }
        return nil
    }

    private mutating func followUps() -> [FollowUp] {
        var followUps: [FollowUp] = []
        for field in form.fields where field.key == "follow_ups.action" {
            guard let item = field.item else { continue }
            let row = form.fields.filter { $0.item == item }
            let owner = row.first { $0.key == "follow_ups.owner" }?.value ?? ""
            let due = row.first { $0.key == "follow_ups.due" }.flatMap { day($0) }
            let done = row.first { $0.key == "follow_ups.done" }
            let doneOn = done.flatMap { $0.flag ? (Day(parsing: $0.value) ?? today) : nil }
            followUps.append(FollowUp(id: item, action: field.value, owner: owner, due: due, doneOn: doneOn))
        }
        return followUps
    }
}
