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

    public init(now: OffsetDateTime, place: Place? = nil, meeting: Meeting? = nil, contact: UUID? = nil, name: String = "") {
        self.now = now
        self.place = place
        self.meeting = meeting
        self.contact = contact
        self.name = name
    }
}

/// The forms of the four records and of the grievance actions: from a record to fields,
/// and from fields back to a record that the core checks.
enum RecordForms {
    static func encode(_ record: some Record) -> Data? { try? JSONEncoder().encode(record) }

    // MARK: - Forms from records

    static func form(new kind: RecordKind, _ defaults: FormDefaults) -> FormState {
        let id = UUID()
        let now = defaults.now
        let day = now.localDay
        switch kind {
        case .contact:
            return FormState(purpose: .record(.contact), recordId: id, isNew: true, reference: now, title: "New contact",
                             fields: contactFields(Contact(id: id, name: defaults.name)))
        case .meeting:
            let place = defaults.place
            let meeting = Meeting(id: id, title: "", start: now, place: place?.place ?? "", adm1: place?.adm1 ?? "",
                                  adm2: place?.adm2 ?? "")
            var fields = meetingFields(meeting)
            fields[index("start", fields)].text = TextArea("now")
            return FormState(purpose: .record(.meeting), recordId: id, isNew: true, reference: now, title: "New meeting",
                             fields: fields)
        case .grievance:
            let m = defaults.meeting
            let grievance = Grievance(id: id, raisedOn: m?.start.localDay ?? day, meetingId: m?.id, contactId: defaults.contact,
                                      place: m?.place ?? defaults.place?.place ?? "", adm1: m?.adm1 ?? defaults.place?.adm1 ?? "",
                                      adm2: m?.adm2 ?? defaults.place?.adm2 ?? "", category: "other", description: "")
            return FormState(purpose: .record(.grievance), recordId: id, isNew: true, reference: now,
                             title: m.map { "New grievance raised at “\($0.title)”" } ?? "New grievance",
                             fields: grievanceFields(grievance, isNew: true, meeting: m))
        case .feedback:
            let m = defaults.meeting
            let feedback = Feedback(id: id, receivedOn: m?.start.localDay ?? day, meetingId: m?.id, contactId: defaults.contact,
                                    channel: m == nil ? "in_person" : "meeting", types: [], text: "")
            return FormState(purpose: .record(.feedback), recordId: id, isNew: true, reference: now,
                             title: m.map { "New feedback given at “\($0.title)”" } ?? "New feedback",
                             fields: feedbackFields(feedback, meeting: m))
        }
    }

    static func form(editing record: AnyRecord, now: OffsetDateTime, meeting: Meeting?) -> FormState {
        var reference = now
        let fields: [FormField]
        let original: Data?
        let updatedAt: Timestamp
        let name: String
        switch record {
        case .contact(let c):
            (fields, original, updatedAt, name) = (contactFields(c), encode(c), c.updatedAt, c.name)
        case .meeting(let m):
            (fields, original, updatedAt, name) = (meetingFields(m), encode(m), m.updatedAt, m.title)
            // Times typed into an edited meeting keep the UTC offset of where it happened.
            reference = OffsetDateTime(instant: now.instant, offsetMinutes: m.start.offsetMinutes) ?? now
        case .grievance(let g):
            (fields, original, updatedAt, name) = (grievanceFields(g, isNew: false, meeting: meeting), encode(g),
                                                   g.updatedAt, g.reference)
        case .feedback(let f):
            (fields, original, updatedAt, name) = (feedbackFields(f, meeting: meeting), encode(f), f.updatedAt,
                                                   f.topic.isEmpty ? f.receivedOn.description : f.topic)
        }
        return FormState(purpose: .record(record.kind), recordId: record.id, isNew: false, original: original,
                         expected: updatedAt, reference: reference, title: "Edit \(record.kind.rawValue) “\(name)”",
                         fields: fields)
    }

    /// A workflow move of a grievance: a note, and what the target state needs.
    static func form(move grievance: UUID, reference: String, to target: Grievance.Status, resolution: String,
                     now: OffsetDateTime) -> FormState {
        var fields = [FormField("move", "\(reference) → \(target.label)", .heading)]
        switch target {
        case .referred: fields.append(FormField("referred_to", "Referred to", .text, required: true))
        case .resolved, .closed:
            fields.append(FormField("resolution", "Resolution", .multiline, required: true, text: resolution))
        case .rejected: fields.append(FormField("rejection_reason", "Reason", .multiline, required: true))
        default: break
        }
        fields.append(FormField("note", "Note", .multiline))
        fields.append(FormField("save", "Save", .save))
        return FormState(purpose: .move(target), recordId: grievance, isNew: false, reference: now,
                         title: "\(target.verb.prefix(1).uppercased() + target.verb.dropFirst()) grievance \(reference)",
                         fields: fields)
    }

    /// The community was told what came of a grievance: when and how.
    static func form(closeLoop grievance: UUID, reference: String, now: OffsetDateTime) -> FormState {
        FormState(purpose: .closeLoop, recordId: grievance, isNew: false, reference: now,
                  title: "Close the loop of grievance \(reference)", fields: [
                      FormField("loop_closed_on", "Told on", .day, required: true, text: "today"),
                      FormField("loop_closed_how", "How", .text, required: true),
                      FormField("save", "Save", .save),
                  ])
    }

    static func contactFields(_ c: Contact) -> [FormField] {
        [
            FormField("name", "Name", .text, required: true, text: c.name),
            FormField("local_name", "Local name", .text, text: c.localName),
            FormField("code_name", "Code name", .text, text: c.codeName),
            FormField("role", "Role", .choice(.contactRoles), codes: [c.role]),
            FormField("organisation", "Organisation", .text, text: c.organisation),
            FormField("community", "Community", .text, text: c.community),
            FormField("adm1", "Admin area 1", .text, text: c.adm1),
            FormField("adm2", "Admin area 2", .text, text: c.adm2),
            FormField("phones", "Phones", .list, text: c.phones.joined(separator: ", ")),
            FormField("handles", "Handles", .list, text: c.handles.joined(separator: ", ")),
            FormField("languages", "Languages", .list, text: c.languages.joined(separator: ", ")),
            FormField("gender", "Gender", .choice(.gender), codes: [c.gender.rawValue]),
            FormField("age_group", "Age group", .choice(.ageGroup), codes: [c.ageGroup.rawValue]),
            FormField("sensitivity", "Sensitivity", .choice(.sensitivity), codes: [c.sensitivity.rawValue]),
            FormField("consent", "Consent", .choice(.consent), codes: [c.consent.rawValue]),
            FormField("consent_date", "Consent date", .day, text: c.consentDate?.description ?? ""),
            FormField("consent_scope", "Consent scope", .choice(.consentScope), codes: [c.consentScope?.rawValue ?? ""]),
            FormField("notes", "Notes", .multiline, text: c.notes),
            FormField("save", "Save", .save),
        ]
    }

    /// A meeting's fields in the order a meeting is logged: what, when, where, who came,
    /// what was said and agreed; the rarer details last.
    static func meetingFields(_ m: Meeting) -> [FormField] {
        var fields = [
            FormField("title", "Title", .text, required: true, text: m.title),
            FormField("kind", "Kind", .choice(.meetingKinds), codes: [m.kind]),
            FormField("start", "Start", .dateTime, required: true, text: TimeInput.text(m.start)),
            FormField("duration_minutes", "Duration", .duration, text: m.durationMinutes.map { TimeInput.text(minutes: $0) } ?? ""),
            FormField("place", "Place", .text, text: m.place),
            FormField("adm1", "Admin area 1", .text, text: m.adm1),
            FormField("adm2", "Admin area 2", .text, text: m.adm2),
            FormField("attendees", "Attendees", .heading),
        ]
        fields += m.attendees.map { FormField("attendees", "", .attendee, codes: [$0.role], link: $0.contactId) }
        fields.append(FormField("attendees", "Add attendee", .addAttendee))
        fields += [
            FormField("headcount", "Headcount", .heading),
            FormField("headcount.women", "Women", .number, text: count(m.headcount.women)),
            FormField("headcount.men", "Men", .number, text: count(m.headcount.men)),
            FormField("headcount.girls", "Girls", .number, text: count(m.headcount.girls)),
            FormField("headcount.boys", "Boys", .number, text: count(m.headcount.boys)),
            FormField("summary", "Summary", .multiline, text: m.summary),
            FormField("decisions", "Decisions", .multiline, text: m.decisions),
            FormField("follow_ups", "Follow-up actions", .heading),
        ]
        for followUp in m.followUps { fields += followUpFields(followUp) }
        fields += [
            FormField("follow_ups", "Add follow-up", .addFollowUp),
            FormField("early_warning", "Early warning", .flag, flag: m.earlyWarning),
            FormField("early_warning_note", "Warning note", .multiline, text: m.earlyWarningNote),
            FormField("details", "More details", .heading),
            FormField("languages", "Languages", .list, text: m.languages.joined(separator: ", ")),
            FormField("interpreter", "Interpreter", .text, text: m.interpreter),
            FormField("latitude", "Latitude", .decimal, text: m.latitude.map { "\($0)" } ?? ""),
            FormField("longitude", "Longitude", .decimal, text: m.longitude.map { "\($0)" } ?? ""),
            FormField("save", "Save", .save),
        ]
        return fields
    }

    /// The rows of one follow-up action: what, who, due, done.
    static func followUpFields(_ f: FollowUp) -> [FormField] {
        [
            FormField("follow_ups.action", "What", .text, required: true, text: f.action, item: f.id),
            FormField("follow_ups.owner", "Who", .text, text: f.owner, item: f.id),
            FormField("follow_ups.due", "Due", .day, text: f.due?.description ?? "", item: f.id),
            FormField("follow_ups.done", "Done", .flag, text: f.doneOn?.description ?? "", flag: f.isDone, item: f.id),
        ]
    }

    static func grievanceFields(_ g: Grievance, isNew: Bool, meeting: Meeting?) -> [FormField] {
        var fields = [FormField("raised_on", "Raised on", .day, required: true, text: g.raisedOn.description)]
        if let meeting { fields.append(meetingLine(meeting)) }
        fields += [
            FormField("contact_id", "Raised by", .contact, link: g.contactId),
            FormField("place", "Place", .text, text: g.place),
            FormField("adm1", "Admin area 1", .text, text: g.adm1),
            FormField("adm2", "Admin area 2", .text, text: g.adm2),
            FormField("category", "Category", .choice(.grievanceCategories), required: true, codes: [g.category]),
            FormField("severity", "Severity", .choice(.severity), codes: [g.severity.rawValue]),
            FormField("sensitive", "Sensitive", .flag, flag: g.sensitive),
            FormField("description", "Description", .multiline, required: true, text: g.description),
        ]
        if !isNew {
            fields += [
                FormField("referred_to", "Referred to", .text, text: g.referredTo),
                FormField("resolution", "Resolution", .multiline, text: g.resolution),
                FormField("rejection_reason", "Rejection reason", .multiline, text: g.rejectionReason),
                FormField("loop_closed_on", "Loop closed on", .day, text: g.loopClosedOn?.description ?? ""),
                FormField("loop_closed_how", "How told", .text, text: g.loopClosedHow),
            ]
        }
        fields.append(FormField("save", "Save", .save))
        return fields
    }

    static func feedbackFields(_ f: Feedback, meeting: Meeting?) -> [FormField] {
        var fields = [FormField("received_on", "Received on", .day, required: true, text: f.receivedOn.description)]
        if let meeting { fields.append(meetingLine(meeting)) }
        fields += [
            FormField("contact_id", "From", .contact, link: f.contactId),
            FormField("channel", "Channel", .choice(.feedbackChannels), codes: [f.channel]),
            FormField("types", "Types", .choices(.feedbackTypes), required: true, codes: f.types),
            FormField("topic", "Topic", .text, text: f.topic),
            FormField("text", "Text", .multiline, required: true, text: f.text),
            FormField("language", "Language", .text, text: f.language),
            FormField("sentiment", "Sentiment", .choice(.sentiment), codes: [f.sentiment.map(String.init) ?? ""]),
            FormField("perceived_safety", "Safety (1-5)", .number, text: f.perceivedSafety.map(String.init) ?? ""),
            FormField("trust", "Trust (1-5)", .number, text: f.trust.map(String.init) ?? ""),
            FormField("response", "Response", .multiline, text: f.response),
            FormField("loop_closed_on", "Loop closed on", .day, text: f.loopClosedOn?.description ?? ""),
            FormField("save", "Save", .save),
        ]
        return fields
    }

    /// The meeting a grievance or feedback was raised at, shown and kept, not edited.
    private static func meetingLine(_ m: Meeting) -> FormField {
        FormField("meeting_id", "At meeting", .heading, text: "\(m.start.localDay)  \(m.title)", link: m.id)
    }

    private static func count(_ value: Int) -> String { value == 0 ? "" : String(value) }

    static func index(_ key: String, _ fields: [FormField]) -> Int { fields.firstIndex { $0.key == key }! }
}
