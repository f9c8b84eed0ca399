import Foundation

/// A record that can clean its own text and check itself against the rules.
public protocol CheckedRecord: Record {
    /// The record with its text cleaned, or a `ValidationError` naming every bad field.
    func checked(in context: RulesContext) throws -> Self
}

extension Contact: CheckedRecord {
    public func checked(in context: RulesContext) throws -> Contact {
        var c = self
        c.name = TextCleaner.singleLine(name)
        c.localName = TextCleaner.singleLine(localName)
        c.codeName = TextCleaner.singleLine(codeName)
        c.organisation = TextCleaner.singleLine(organisation)
        c.community = TextCleaner.singleLine(community)
        c.adm1 = TextCleaner.singleLine(adm1)
        c.adm2 = TextCleaner.singleLine(adm2)
        c.phones = phones.map(TextCleaner.singleLine).filter { !$0.isEmpty }
        c.handles = handles.map(TextCleaner.singleLine).filter { !$0.isEmpty }
        c.languages = languages.map(TextCleaner.singleLine).filter { !$0.isEmpty }
        c.notes = TextCleaner.multiLine(notes)

        var checks = Checks(context)
        checks.required(c.name, "name", "Name", "type the contact's name")
        checks.line(c.name, "name", "Name")
        checks.line(c.localName, "local_name", "Local name")
        checks.line(c.codeName, "code_name", "Code name")
        if c.sensitivity == .protected && c.codeName.isEmpty {
            checks.fail("code_name", "Code name is required for a protected contact: exports carry it instead of the real name.")
        }
        checks.code(c.role, in: context.taxonomies.contactRoles, "role", "Role")
        checks.line(c.organisation, "organisation", "Organisation")
        checks.line(c.community, "community", "Community")
        checks.line(c.adm1, "adm1", "Admin area 1")
        checks.line(c.adm2, "adm2", "Admin area 2")
        checks.list(c.phones, "phones", "Phones")
        for phone in c.phones where !Contact.isPhoneNumber(phone) {
            checks.fail("phones", "Phone \"\(phone)\" is not a phone number: use digits, spaces, + - ( ) only.")
        }
        checks.list(c.handles, "handles", "Handles")
        checks.list(c.languages, "languages", "Languages")
        if c.consent == .notAsked && (c.consentDate != nil || c.consentScope != nil) {
            checks.fail("consent", "Consent is \"not asked\" but a consent date or scope is set: record the consent, or clear them.")
        }
        checks.notFuture(c.consentDate, "consent_date", "Consent date")
        checks.plausible(c.consentDate, "consent_date", "Consent date")
        checks.text(c.notes, "notes", "Notes")
        try checks.finish()
        return c
    }

    static func isPhoneNumber(_ text: String) -> Bool {
        let allowed = Set("+0123456789 -().")
        return text.allSatisfy { allowed.contains($0) } && text.filter(\.isNumber).count >= 3
    }
}

extension Meeting: CheckedRecord {
    public func checked(in context: RulesContext) throws -> Meeting {
        var m = self
        m.title = TextCleaner.singleLine(title)
        m.place = TextCleaner.singleLine(place)
        m.adm1 = TextCleaner.singleLine(adm1)
        m.adm2 = TextCleaner.singleLine(adm2)
        m.languages = languages.map(TextCleaner.singleLine).filter { !$0.isEmpty }
        m.interpreter = TextCleaner.singleLine(interpreter)
        m.summary = TextCleaner.multiLine(summary)
        m.decisions = TextCleaner.multiLine(decisions)
        m.earlyWarningNote = TextCleaner.multiLine(earlyWarningNote)
        m.attendees = attendees.map { Attendee(contactId: $0.contactId, role: TextCleaner.singleLine($0.role)) }
        m.followUps = followUps.map {
            FollowUp(id: $0.id, action: TextCleaner.multiLine($0.action), owner: TextCleaner.singleLine($0.owner),
                     due: $0.due, doneOn: $0.doneOn)
        }

        var checks = Checks(context)
        checks.required(m.title, "title", "Title", "say in a few words what the meeting was")
        checks.line(m.title, "title", "Title")
        checks.code(m.kind, in: context.taxonomies.meetingKinds, "kind", "Kind")
        checks.plausible(m.start.localDay, "start", "Start")
        checks.range(m.durationMinutes, Meeting.durationBounds, "duration_minutes", "Duration in minutes")
        checks.line(m.place, "place", "Place")
        checks.line(m.adm1, "adm1", "Admin area 1")
        checks.line(m.adm2, "adm2", "Admin area 2")
        if let latitude = m.latitude, !(latitude.isFinite && (-90...90).contains(latitude)) {
            checks.fail("latitude", "Latitude must be between -90 and 90 degrees (got \(latitude)).")
        }
        if let longitude = m.longitude, !(longitude.isFinite && (-180...180).contains(longitude)) {
            checks.fail("longitude", "Longitude must be between -180 and 180 degrees (got \(longitude)).")
        }
        if (m.latitude == nil) != (m.longitude == nil) {
            checks.fail(m.latitude == nil ? "latitude" : "longitude",
                        "Give both latitude and longitude, or neither.")
        }
        checks.list(m.languages, "languages", "Languages")
        checks.line(m.interpreter, "interpreter", "Interpreter")
        if m.attendees.count > FieldLimits.items {
            checks.fail("attendees", "A meeting can list \(FieldLimits.items) attendees at most: put the rest in the headcount.")
        }
        if Set(m.attendees.map(\.contactId)).count != m.attendees.count {
            checks.fail("attendees", "A contact is listed twice among the attendees: remove the second entry.")
        }
        for attendee in m.attendees where !context.taxonomies.attendeeRoles.contains(attendee.role) {
            checks.code(attendee.role, in: context.taxonomies.attendeeRoles, "attendees", "Attendee role")
            break
        }
        for (field, count) in [("women", m.headcount.women), ("men", m.headcount.men),
                               ("girls", m.headcount.girls), ("boys", m.headcount.boys)] {
            checks.range(count, Headcount.bounds, "headcount", "The headcount of \(field)")
        }
        checks.text(m.summary, "summary", "Summary")
        checks.text(m.decisions, "decisions", "Decisions")
        if m.followUps.count > FieldLimits.items {
            checks.fail("follow_ups", "A meeting can have \(FieldLimits.items) follow-up actions at most.")
        }
        for (index, followUp) in m.followUps.enumerated() {
            if followUp.action.isEmpty {
                checks.fail("follow_ups", "Follow-up \(index + 1) has no action: say what must be done, or remove it.")
            }
            checks.text(followUp.action, "follow_ups", "Follow-up \(index + 1)")
            checks.line(followUp.owner, "follow_ups", "The owner of follow-up \(index + 1)")
            checks.plausible(followUp.due, "follow_ups", "The due date of follow-up \(index + 1)")
            checks.notFuture(followUp.doneOn, "follow_ups", "The done date of follow-up \(index + 1)")
            checks.plausible(followUp.doneOn, "follow_ups", "The done date of follow-up \(index + 1)")
        }
        if Set(m.followUps.map(\.id)).count != m.followUps.count {
            checks.fail("follow_ups", "Two follow-up actions share one id: give each its own.")
        }
        checks.text(m.earlyWarningNote, "early_warning_note", "Early-warning note")
        if m.earlyWarning && m.earlyWarningNote.isEmpty {
            checks.fail("early_warning_note", "Early-warning note is required when the meeting is flagged: say what was reported.")
        }
        try checks.finish()
        return m
    }
}

extension Grievance: CheckedRecord {
    public func checked(in context: RulesContext) throws -> Grievance {
        var g = self
        g.place = TextCleaner.singleLine(place)
        g.adm1 = TextCleaner.singleLine(adm1)
        g.adm2 = TextCleaner.singleLine(adm2)
        g.description = TextCleaner.multiLine(description)
        g.referredTo = TextCleaner.singleLine(referredTo)
        g.resolution = TextCleaner.multiLine(resolution)
        g.rejectionReason = TextCleaner.multiLine(rejectionReason)
        g.loopClosedHow = TextCleaner.singleLine(loopClosedHow)

        var checks = Checks(context)
        checks.notFuture(g.raisedOn, "raised_on", "Raised on")
        checks.plausible(g.raisedOn, "raised_on", "Raised on")
        checks.line(g.place, "place", "Place")
        checks.line(g.adm1, "adm1", "Admin area 1")
        checks.line(g.adm2, "adm2", "Admin area 2")
        checks.code(g.category, in: context.taxonomies.grievanceCategories, "category", "Category")
        checks.required(g.description, "description", "Description", "say what the grievance is about")
        checks.text(g.description, "description", "Description")
        checks.line(g.referredTo, "referred_to", "Referred to")
        checks.text(g.resolution, "resolution", "Resolution")
        checks.text(g.rejectionReason, "rejection_reason", "Rejection reason")
        if g.status == .referred && g.referredTo.isEmpty {
            checks.fail("referred_to", "Referred to is required for a referred grievance: name the organisation.")
        }
        if (g.status == .resolved || g.status == .closed) && g.resolution.isEmpty {
            checks.fail("resolution", "Resolution is required for a \(g.status.rawValue) grievance: say what was done.")
        }
        if g.status == .rejected && g.rejectionReason.isEmpty {
            checks.fail("rejection_reason", "Rejection reason is required for a rejected grievance.")
        }
        for (due, field, label) in [(g.acknowledgeBy, "acknowledge_by", "Acknowledge by"),
                                    (g.resolveBy, "resolve_by", "Resolve by")] {
            checks.plausible(due, field, label)
            if let due, due < g.raisedOn {
                checks.fail(field, "\(label) (\(due)) is before the grievance was raised (\(g.raisedOn)): give a later day.")
            }
        }
        checks.notFuture(g.loopClosedOn, "loop_closed_on", "Loop closed on")
        checks.plausible(g.loopClosedOn, "loop_closed_on", "Loop closed on")
        if let closed = g.loopClosedOn, closed < g.raisedOn {
            checks.fail("loop_closed_on", "Loop closed on (\(closed)) is before the grievance was raised (\(g.raisedOn)).")
        }
        checks.line(g.loopClosedHow, "loop_closed_how", "How the loop was closed")
        if g.loopClosedOn != nil && g.loopClosedHow.isEmpty {
            checks.fail("loop_closed_how", "Say how the community was told the outcome (a forum, a call, a visit).")
        }
        if g.loopClosedOn == nil && !g.loopClosedHow.isEmpty {
            checks.fail("loop_closed_on", "Give the day the community was told the outcome.")
        }
        try checks.finish()
        return g
    }
}

extension Feedback: CheckedRecord {
    public func checked(in context: RulesContext) throws -> Feedback {
        var f = self
        f.topic = TextCleaner.singleLine(topic)
        f.text = TextCleaner.multiLine(text)
        f.language = TextCleaner.singleLine(language)
        f.response = TextCleaner.multiLine(response)
        f.types = types.map(TextCleaner.singleLine)

        var checks = Checks(context)
        checks.notFuture(f.receivedOn, "received_on", "Received on")
        checks.plausible(f.receivedOn, "received_on", "Received on")
        checks.code(f.channel, in: context.taxonomies.feedbackChannels, "channel", "Channel")
        if f.types.isEmpty {
            let choices = context.taxonomies.feedbackTypes.codes.joined(separator: ", ")
            checks.fail("types", "Type is required: choose one or more of \(choices).")
        }
        for type in f.types where !context.taxonomies.feedbackTypes.contains(type) {
            checks.code(type, in: context.taxonomies.feedbackTypes, "types", "Type")
        }
        if Set(f.types).count != f.types.count {
            checks.fail("types", "A feedback type is listed twice: list each once.")
        }
        checks.line(f.topic, "topic", "Topic")
        checks.required(f.text, "text", "Text", "write what was said")
        checks.text(f.text, "text", "Text")
        checks.line(f.language, "language", "Language")
        checks.range(f.sentiment, Feedback.sentimentBounds, "sentiment", "Sentiment")
        checks.range(f.perceivedSafety, Feedback.scoreBounds, "perceived_safety", "Perceived safety")
        checks.range(f.trust, Feedback.scoreBounds, "trust", "Trust in the mission")
        checks.text(f.response, "response", "Response")
        checks.notFuture(f.loopClosedOn, "loop_closed_on", "Loop closed on")
        checks.plausible(f.loopClosedOn, "loop_closed_on", "Loop closed on")
        try checks.finish()
        return f
    }
}
