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

// MARK: - Records from forms

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
    func read(_ rules: RulesContext) -> FormReading {
        // `today` and `+3d` mean what they meant when the form opened, as its hints show.
        var reader = FieldReader(form: self, today: referenceTime.localDay)
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
                broken = [FieldProblem(field: "", message: String(describing: error))]
            }
            reading.problems = unreadable + broken.filter { problem in
                !unreadable.contains { $0.field == problem.field || $0.field.hasPrefix(problem.field + ".") }
            }
            reading.record = reading.problems.isEmpty ? checked : nil
        case .move(let target):
            var move = Grievance.Move(to: target, note: reader.text("note"))
            for field in fields where field.required && field.value.isEmpty {
                reading.problems.append(FieldProblem(field: field.key, message: "\(field.label) is required to \(target.verb) a grievance."))
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
           let number = problem.message.firstMatch(of: /[Ff]ollow-up (\d+)/).flatMap({ Int($0.1) }) {
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
    var problems: [FieldProblem] = []

    init(form: FormState, today: Day) {
        self.form = form
        self.today = today
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
            if field.required { fail(field, "\(field.label) is required: write a date such as \(TimeInput.dayForms).") }
            return nil
        }
        guard let day = TimeInput.day(field.value, today: today) else {
            fail(field, "\(field.label): write a date such as \(TimeInput.dayForms).")
            return nil
        }
        return day
    }

    mutating func number(_ key: String) -> Int? {
        guard let field = field(key), !field.value.isEmpty else { return nil }
        guard let value = Int(field.value) else {
            fail(field, "\(field.label): write a whole number, such as 12.")
            return nil
        }
        return value
    }

    mutating func decimal(_ key: String) -> Double? {
        guard let field = field(key), !field.value.isEmpty else { return nil }
        guard let value = Double(field.value.replacingOccurrences(of: ",", with: ".")) else {
            fail(field, "\(field.label): write degrees as a decimal number, such as 7.7 or -3.25.")
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
        case .contact:
            var c = original(Contact.self) ?? Contact(id: id, name: "")
            c.name = text("name")
            c.localName = text("local_name")
            c.codeName = text("code_name")
            c.role = code("role")
            c.organisation = text("organisation")
            c.community = text("community")
            c.adm1 = text("adm1")
            c.adm2 = text("adm2")
            c.phones = list("phones")
            c.handles = list("handles")
            c.languages = list("languages")
            c.gender = Gender(rawValue: code("gender")) ?? .undisclosed
            c.ageGroup = AgeGroup(rawValue: code("age_group")) ?? .undisclosed
            c.sensitivity = Sensitivity(rawValue: code("sensitivity")) ?? .normal
            c.consent = ConsentStatus(rawValue: code("consent")) ?? .notAsked
            c.consentDate = day("consent_date")
            c.consentScope = ConsentScope(rawValue: code("consent_scope"))
            c.notes = text("notes")
            return .contact(c)
        case .meeting:
            let reference = form.referenceTime
            var m = original(Meeting.self) ?? Meeting(id: id, title: "", start: reference)
            m.title = text("title")
            m.kind = code("kind")
            if let field = field("start") {
                if field.value.isEmpty {
                    fail(field, "Start is required: write a date and time such as \(TimeInput.dateTimeForms).")
                } else if !form.isNew, field.value == TimeInput.text(m.start) {
                    // Left as it was: seconds and all.
                } else if let start = TimeInput.dateTime(field.value, reference: reference) {
                    m.start = start
                } else {
                    fail(field, "Start: write a date and time such as \(TimeInput.dateTimeForms).")
                }
            }
            if let field = field("duration_minutes") {
                if field.value.isEmpty {
                    m.durationMinutes = nil
                } else if let minutes = TimeInput.minutes(field.value) {
                    m.durationMinutes = minutes
                } else {
                    fail(field, "Duration: write a duration such as \(TimeInput.durationForms).")
                }
            }
            m.place = text("place")
            m.adm1 = text("adm1")
            m.adm2 = text("adm2")
            m.latitude = decimal("latitude")
            m.longitude = decimal("longitude")
            m.languages = list("languages")
            m.interpreter = text("interpreter")
            m.attendees = form.fields.filter { $0.kind == .attendee }.compactMap { field in
                field.link.map { Attendee(contactId: $0, role: field.code.isEmpty ? "participant" : field.code) }
            }
            m.headcount = Headcount(women: number("headcount.women") ?? 0, men: number("headcount.men") ?? 0,
                                    girls: number("headcount.girls") ?? 0, boys: number("headcount.boys") ?? 0)
            m.summary = text("summary")
            m.decisions = text("decisions")
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
            m.followUps = followUps
            m.earlyWarning = field("early_warning")?.flag ?? false
            m.earlyWarningNote = text("early_warning_note")
            return .meeting(m)
        case .grievance:
            let raised = day("raised_on")
            var g = original(Grievance.self) ?? Grievance(id: id, raisedOn: raised ?? today, category: "other", description: "",
                                                          taxonomies: taxonomies)
            if let raised { g.raisedOn = raised }
            g.meetingId = field("meeting_id")?.link ?? g.meetingId
            g.contactId = field("contact_id")?.link
            g.place = text("place")
            g.adm1 = text("adm1")
            g.adm2 = text("adm2")
            g.category = code("category")
            g.severity = Severity(rawValue: code("severity")) ?? g.severity
            g.sensitive = field("sensitive")?.flag ?? g.sensitive
            g.description = text("description")
            if !form.isNew {
                g.referredTo = text("referred_to")
                g.resolution = text("resolution")
                g.rejectionReason = text("rejection_reason")
                g.loopClosedOn = day("loop_closed_on")
                g.loopClosedHow = text("loop_closed_how")
            }
            return .grievance(g)
        case .feedback:
            let received = day("received_on")
            var f = original(Feedback.self) ?? Feedback(id: id, receivedOn: received ?? today, types: [], text: "")
            if let received { f.receivedOn = received }
            f.meetingId = field("meeting_id")?.link ?? f.meetingId
            f.contactId = field("contact_id")?.link
            f.channel = code("channel")
            f.types = field("types")?.codes.filter { !$0.isEmpty } ?? []
            f.topic = text("topic")
            f.text = text("text")
            f.language = text("language")
            f.sentiment = Int(code("sentiment"))
            f.perceivedSafety = number("perceived_safety")
            f.trust = number("trust")
            f.response = text("response")
            f.loopClosedOn = day("loop_closed_on")
            return .feedback(f)
        }
    }
}
