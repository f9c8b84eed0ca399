import Foundation
import LiaisonCore

/// What a new record starts with, so that a typical entry needs few keys.
public struct FormDefaults: Sendable, Equatable {
    /// Now on the device's wall clock.
    public var now: OffsetDateTime
    /// Where the last meeting was.
    public var place: Place?
    /// The meeting a grievance or feedback was raised at.
    public var meeting: Meeting?
    /// Who raised it, when chosen.
    public var contact: UUID?
    /// A new contact's name, as typed in a picker.
    public var name = ""
    /// The words of the officer's language.
    public var words: Catalogue

    public init(now: OffsetDateTime, place: Place? = nil, meeting: Meeting? = nil, contact: UUID? = nil, name: String = "",
                words: Catalogue = .standard(.en)) {
        self.now = now
        self.place = place
        self.meeting = meeting
        self.contact = contact
        self.name = name
        self.words = words
    }
}

/// The forms of the four records and of the grievance actions: from a record to fields,
/// and from fields back to a record that the core checks.
enum RecordForms {
    static func encode(_ record: some Record) -> Data? { try? JSONEncoder().encode(record) }

    // MARK: - Forms from records

    static func form(new kind: RecordKind, _ defaults: FormDefaults) -> FormState {
        let id = UUID(madeAt: defaults.now.instant)
        let now = defaults.now
        let day = now.localDay
        let words = defaults.words
        let m = defaults.meeting
        let title = words.text("form.new.\(kind.rawValue)")
        switch kind {
        case .contact:
            return FormState(purpose: .record(.contact), recordId: id, isNew: true, reference: now, title: title,
                             fields: fields(Contact(id: id, name: defaults.name), isNew: true, meeting: nil, words))
        case .meeting:
            let place = defaults.place
            let meeting = Meeting(id: id, title: "", start: now, place: place?.place ?? "", adm1: place?.adm1 ?? "",
                                  adm2: place?.adm2 ?? "")
            var fields = fields(meeting, isNew: true, meeting: nil, words)
            if let start = fields.firstIndex(where: { $0.key == Meeting.Field.start.rawValue }) {
                fields[start].text = TextArea(words.text("time.now"))
            }
            return FormState(purpose: .record(.meeting), recordId: id, isNew: true, reference: now, title: title,
                             fields: fields)
        case .grievance:
            let grievance = Grievance(id: id, raisedOn: m?.start.localDay ?? day, meetingId: m?.id, contactId: defaults.contact,
                                      place: m?.place ?? defaults.place?.place ?? "", adm1: m?.adm1 ?? defaults.place?.adm1 ?? "",
                                      adm2: m?.adm2 ?? defaults.place?.adm2 ?? "", category: "other", description: "")
            return startingAtWhoRaisedIt(FormState(
                purpose: .record(.grievance), recordId: id, isNew: true, reference: now,
                title: m.map { words.text("form.new.grievance_at", ["title": $0.title]) } ?? title,
                fields: fields(grievance, isNew: true, meeting: m, words)), fromMeeting: m != nil)
        case .feedback:
            let feedback = Feedback(id: id, receivedOn: m?.start.localDay ?? day, meetingId: m?.id, contactId: defaults.contact,
                                    channel: m == nil ? "in_person" : "meeting", types: [], text: "")
            return startingAtWhoRaisedIt(FormState(
                purpose: .record(.feedback), recordId: id, isNew: true, reference: now,
                title: m.map { words.text("form.new.feedback_at", ["title": $0.title]) } ?? title,
                fields: fields(feedback, isNew: true, meeting: m, words)), fromMeeting: m != nil)
        }
    }

    /// Raised at a meeting, a grievance or feedback has its day, meeting and place
    /// already: the form starts at who raised it, or, when that is known too (logged from
    /// an attendee's line), at what it is about: a grievance's category, feedback's types.
    private static func startingAtWhoRaisedIt(_ form: FormState, fromMeeting: Bool) -> FormState {
        var form = form
        guard fromMeeting, let who = form.fields.firstIndex(where: { $0.kind == .contact }) else { return form }
        form.focus = who
        if form.fields[who].link != nil,
           let about = form.fields.firstIndex(where: { [Grievance.Field.category.rawValue, Feedback.Field.types.rawValue].contains($0.key) }) {
            form.focus = about
        }
        return form
    }

    static func form(editing record: AnyRecord, now: OffsetDateTime, meeting: Meeting?,
                     words: Catalogue = .standard(.en)) -> FormState {
        var reference = now
        let fields: [FormField]
        let original: Data?
        let updatedAt: Timestamp
        let name: String
        switch record {
        case .contact(let c):
            (fields, original, updatedAt, name) = (self.fields(c, isNew: false, meeting: nil, words), encode(c), c.updatedAt, c.name)
        case .meeting(let m):
            (fields, original, updatedAt, name) = (self.fields(m, isNew: false, meeting: nil, words), encode(m), m.updatedAt, m.title)
            // Times typed into an edited meeting keep the UTC offset of where it happened.
            reference = OffsetDateTime(instant: now.instant, offsetMinutes: m.start.offsetMinutes) ?? now
        case .grievance(let g):
            (fields, original, updatedAt, name) = (self.fields(g, isNew: false, meeting: meeting, words), encode(g),
                                                   g.updatedAt, g.reference)
        case .feedback(let f):
            (fields, original, updatedAt, name) = (self.fields(f, isNew: false, meeting: meeting, words), encode(f), f.updatedAt,
                                                   f.topic.isEmpty ? f.receivedOn.description : f.topic)
        }
        let kind = words.noun(record.kind)
        return FormState(purpose: .record(record.kind), recordId: record.id, isNew: false, original: original,
                         expected: updatedAt, reference: reference,
                         title: words.text("form.edit", ["kind": kind, "name": name]), fields: fields)
    }

    /// A record's fields as its schema lists them, in its order: those the officer sets,
    /// and on an edit those that come later in a record's life. Headings open the sections
    /// the schema names; attendees and follow-ups are rows with a row that adds one.
    static func fields<R: SchemaRecord>(_ record: R, isNew: Bool, meeting: Meeting?, _ words: Catalogue) -> [FormField] {
        var out: [FormField] = []
        for spec in R.schema {
            switch spec.shown {
            case .never, .onPage: continue
            case .onEdit where isNew: continue
            default: break
            }
            if let section = spec.section { out.append(FormField(section, words.text(section), .heading)) }
            let (key, label, required) = (spec.json, words.text(spec.label), spec.required)
            switch (spec.type, spec.value(of: record)) {
            case (.line, .text(let text)): out.append(FormField(key, label, .text, required: required, text: text))
            case (.block, .text(let text)): out.append(FormField(key, label, .multiline, required: required, text: text))
            case (.list, .texts(let texts)):
                out.append(FormField(key, label, .list, required: required, text: texts.joined(separator: ", ")))
            case (.day, .day(let day)):
                out.append(FormField(key, label, .day, required: required, text: day?.description ?? ""))
            case (.moment, .moment(let moment)):
                out.append(FormField(key, label, .dateTime, required: required, text: TimeInput.text(moment)))
            case (.minutes, .number(let minutes)):
                out.append(FormField(key, label, .duration, text: minutes.map { TimeInput.text(minutes: $0) } ?? ""))
            case (.number, .number(let number)):
                if let picker = spec.picker {
                    out.append(FormField(key, label, .choice(picker), codes: [number.map(String.init) ?? ""]))
                } else {
                    // A count left at nought shows empty, so typing needs no deleting first.
                    let text = number.map { spec.optional || $0 != 0 ? String($0) : "" } ?? ""
                    out.append(FormField(key, label, .number, text: text))
                }
            case (.decimal, .decimal(let number)):
                out.append(FormField(key, label, .decimal, text: number.map { "\($0)" } ?? ""))
            case (.flag, .flag(let flag)): out.append(FormField(key, label, .flag, flag: flag))
            case (.choice(let list), .code(let code)):
                out.append(FormField(key, label, .choice(list), required: required, codes: [code ?? ""]))
            case (.choices(let list), .codes(let codes)):
                out.append(FormField(key, label, .choices(list), required: required, codes: codes))
            case (.link(.contact), .id(let id)): out.append(FormField(key, label, .contact, link: id))
            case (.link(.meeting), _):
                // The meeting it was raised at is shown and kept, not edited.
                if let meeting {
                    out.append(FormField(key, label, .fixed, text: "\(words.day(meeting.start.localDay))  \(meeting.title)",
                                         link: meeting.id))
                }
            case (.attendees, .attendees(let attendees)):
                out.append(FormField(key, label, .heading))
                out += attendees.map { FormField(key, "", .attendee, codes: [$0.role], link: $0.contactId) }
                out.append(FormField(key, words.text("form.add_attendee"), .addAttendee))
            case (.followUps, .followUps(let followUps)):
                out.append(FormField(key, label, .heading))
                for followUp in followUps { out += followUpFields(followUp, words) }
                out.append(FormField(key, words.text("form.add_follow_up"), .addFollowUp))
            default: continue
            }
            if isNew, let follows = spec.follows, out.last?.key == key { out[out.count - 1].follows = follows }
        }
        out.append(FormField("save", words.text("form.save"), .save))
        return out
    }

    /// A workflow move of a grievance: a note, and what the target state needs.
    static func form(move grievance: UUID, reference: String, to target: Grievance.Status, resolution: String,
                     now: OffsetDateTime, words: Catalogue = .standard(.en)) -> FormState {
        let state = ChoiceList.status.label(target.rawValue, .standard, words)
        var fields = [FormField("move", "\(reference) → \(state)", .heading)]
        switch target {
        case .referred:
            fields.append(FormField("referred_to", words.text("field.grievance.referred_to"), .text, required: true))
        case .resolved, .closed:
            fields.append(FormField("resolution", words.text("field.grievance.resolution"), .multiline, required: true,
                                    text: resolution))
        case .rejected: fields.append(FormField("rejection_reason", words.text("ui.move.reason"), .multiline, required: true))
        default: break
        }
        fields.append(FormField("note", words.text("ui.move.note"), .multiline))
        fields.append(FormField("save", words.text("form.save"), .save))
        return FormState(purpose: .move(target), recordId: grievance, isNew: false, reference: now,
                         title: moveTitle(target, reference, words), fields: fields)
    }

    /// The title of the form of a move: `Acknowledge grievance KDL-2026-0042`.
    static func moveTitle(_ target: Grievance.Status, _ reference: String, _ words: Catalogue) -> String {
        let values = ["reference": reference]
        return words.text("ui.move.title.\(target.rawValue)", values)
    }

    /// The community was told what came of a grievance: when and how.
    static func form(closeLoop grievance: UUID, reference: String, now: OffsetDateTime,
                     words: Catalogue = .standard(.en)) -> FormState {
        FormState(purpose: .closeLoop, recordId: grievance, isNew: false, reference: now,
                  title: words.text("ui.close_loop.title", ["reference": reference]), fields: [
                      FormField("loop_closed_on", words.text("ui.close_loop.told_on"), .day, required: true, text: words.text("time.today")),
                      FormField("loop_closed_how", words.text("ui.close_loop.how"), .text, required: true),
                      FormField("save", words.text("form.save"), .save),
                  ])
    }

    /// The rows of one follow-up action: what, who, due, done.
    static func followUpFields(_ f: FollowUp, _ words: Catalogue) -> [FormField] {
        [
            FormField("follow_ups.action", words.text("form.follow_up.action"), .text, required: true, text: f.action, item: f.id),
            FormField("follow_ups.owner", words.text("form.follow_up.owner"), .person, text: f.owner, item: f.id),
            FormField("follow_ups.due", words.text("form.follow_up.due"), .day, text: f.due?.description ?? "", item: f.id),
            FormField("follow_ups.done", words.text("form.follow_up.done"), .flag, text: f.doneOn?.description ?? "",
                      flag: f.isDone, item: f.id),
        ]
    }
}
