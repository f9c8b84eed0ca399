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
        c.languages = Checks.languageCodes(languages, context)
        c.notes = TextCleaner.multiLine(notes)

        var checks = Checks(context, kind: .contact)
        // Its identity is sealed and the vault is locked: what the form holds is its code
        // name, not its name, and saving it would overwrite the sealed fields.
        if c.sealedAway { checks.fail("name", "core.contact.sealed_away") }
        checks.required(c.name, "name", hint: "core.hint.contact_name")
        checks.line(c.name, "name")
        checks.line(c.localName, "local_name")
        checks.line(c.codeName, "code_name")
        if c.sensitivity == .protected && c.codeName.isEmpty {
            checks.fail("code_name", "core.contact.code_name_needed")
        } else if c.sensitivity == .protected && !c.sealedAway && Contact.codeName(c.codeName, reveals: [c.name, c.localName]) {
            checks.fail("code_name", "core.contact.code_name_reveals")
        }
        checks.code(c.role, in: context.taxonomies.contactRoles, "role")
        checks.line(c.organisation, "organisation")
        checks.line(c.community, "community")
        checks.line(c.adm1, "adm1")
        checks.line(c.adm2, "adm2")
        checks.list(c.phones, "phones")
        for phone in c.phones where !Contact.isPhoneNumber(phone) {
            checks.fail("phones", "core.contact.not_a_phone", ["value": phone])
        }
        checks.list(c.handles, "handles")
        checks.list(c.languages, "languages")
        checks.languages(c.languages, "languages")
        if c.consent == .notAsked && (c.consentDate != nil || c.consentScope != nil) {
            checks.fail("consent", "core.contact.consent_not_asked")
        }
        checks.notFuture(c.consentDate, "consent_date")
        checks.plausible(c.consentDate, "consent_date")
        checks.text(c.notes, "notes")
        try checks.finish()
        return c
    }

    /// Whether a code name gives the person away: it holds their name, or a word of it of
    /// three letters or more, or the start of one (`Ach` for Achieng), whatever the case or
    /// accents.
    static func codeName(_ codeName: String, reveals names: [String]) -> Bool {
        let code = SearchText.fold(codeName)
        let codeWords = Set(code.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init))
        for name in names where !name.isEmpty {
            let folded = SearchText.fold(name)
            if code.contains(folded) { return true }
            let words = folded.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).filter { $0.count >= 3 }
            if words.contains(where: { word in
                code.contains(word) || codeWords.contains { $0.count >= 3 && !$0.allSatisfy(\.isNumber) && String(word).hasPrefix($0) }
            }) { return true }
        }
        return false
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
        m.languages = Checks.languageCodes(languages, context)
        m.interpreter = TextCleaner.singleLine(interpreter)
        m.summary = TextCleaner.multiLine(summary)
        m.decisions = TextCleaner.multiLine(decisions)
        m.earlyWarningNote = TextCleaner.multiLine(earlyWarningNote)
        m.attendees = attendees.map { Attendee(contactId: $0.contactId, role: TextCleaner.singleLine($0.role)) }
        m.followUps = followUps.map {
            FollowUp(id: $0.id, action: TextCleaner.multiLine($0.action), owner: TextCleaner.singleLine($0.owner),
                     due: $0.due, doneOn: $0.doneOn)
        }

        var checks = Checks(context, kind: .meeting)
        checks.required(m.title, "title", hint: "core.hint.meeting_title")
        checks.line(m.title, "title")
        checks.code(m.kind, in: context.taxonomies.meetingKinds, "kind")
        checks.plausible(m.start.localDay, "start")
        checks.range(m.durationMinutes, Meeting.durationBounds, "duration_minutes", label: "core.label.duration_minutes")
        checks.line(m.place, "place")
        checks.line(m.adm1, "adm1")
        checks.line(m.adm2, "adm2")
        if let latitude = m.latitude, !(latitude.isFinite && (-90...90).contains(latitude)) {
            checks.fail("latitude", "core.meeting.latitude", ["value": "\(latitude)"])
        }
        if let longitude = m.longitude, !(longitude.isFinite && (-180...180).contains(longitude)) {
            checks.fail("longitude", "core.meeting.longitude", ["value": "\(longitude)"])
        }
        if (m.latitude == nil) != (m.longitude == nil) {
            checks.fail(m.latitude == nil ? "latitude" : "longitude", "core.meeting.position_pair")
        }
        checks.list(m.languages, "languages")
        checks.languages(m.languages, "languages")
        checks.line(m.interpreter, "interpreter")
        if m.attendees.count > FieldLimits.items {
            checks.fail("attendees", "core.meeting.too_many_attendees", ["limit": String(FieldLimits.items)])
        }
        if Set(m.attendees.map(\.contactId)).count != m.attendees.count {
            checks.fail("attendees", "core.meeting.attendee_twice")
        }
        for attendee in m.attendees where !context.taxonomies.attendeeRoles.contains(attendee.role) {
            checks.code(attendee.role, in: context.taxonomies.attendeeRoles, "attendees", label: "core.label.attendee_role")
            break
        }
        for (label, count) in [("core.label.headcount_women", m.headcount.women), ("core.label.headcount_men", m.headcount.men),
                               ("core.label.headcount_girls", m.headcount.girls), ("core.label.headcount_boys", m.headcount.boys)] {
            checks.range(count, Headcount.bounds, "headcount", label: label)
        }
        checks.text(m.summary, "summary")
        checks.text(m.decisions, "decisions")
        if m.followUps.count > FieldLimits.items {
            checks.fail("follow_ups", "core.meeting.too_many_follow_ups", ["limit": String(FieldLimits.items)])
        }
        for (index, followUp) in m.followUps.enumerated() {
            let number = ["number": String(index + 1)]
            if followUp.action.isEmpty { checks.fail("follow_ups", "core.meeting.follow_up_no_action", number) }
            // A row of its own: its number is in the sentence, which the form reads back.
            var row = Checks(context, kind: .meeting)
            row.text(followUp.action, "follow_ups", label: "core.label.follow_up")
            row.line(followUp.owner, "follow_ups", label: "core.label.follow_up_owner")
            row.plausible(followUp.due, "follow_ups", label: "core.label.follow_up_due")
            row.notFuture(followUp.doneOn, "follow_ups", label: "core.label.follow_up_done")
            row.plausible(followUp.doneOn, "follow_ups", label: "core.label.follow_up_done")
            for problem in row.problems {
                checks.fail("follow_ups", problem.code ?? "", problem.arguments.merging(number) { kept, _ in kept })
            }
        }
        if Set(m.followUps.map(\.id)).count != m.followUps.count {
            checks.fail("follow_ups", "core.meeting.follow_up_ids")
        }
        checks.text(m.earlyWarningNote, "early_warning_note", label: "core.label.early_warning_note")
        if m.earlyWarning && m.earlyWarningNote.isEmpty {
            checks.fail("early_warning_note", "core.meeting.warning_note_needed")
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

        var checks = Checks(context, kind: .grievance)
        checks.notFuture(g.raisedOn, "raised_on")
        checks.plausible(g.raisedOn, "raised_on")
        checks.line(g.place, "place")
        checks.line(g.adm1, "adm1")
        checks.line(g.adm2, "adm2")
        checks.code(g.category, in: context.taxonomies.grievanceCategories, "category")
        checks.required(g.description, "description", hint: "core.hint.grievance_description")
        checks.text(g.description, "description")
        checks.line(g.referredTo, "referred_to")
        checks.text(g.resolution, "resolution")
        checks.text(g.rejectionReason, "rejection_reason")
        if g.status == .referred && g.referredTo.isEmpty {
            checks.fail("referred_to", "core.grievance.referred_to_needed")
        }
        if (g.status == .resolved || g.status == .closed) && g.resolution.isEmpty {
            checks.fail("resolution", "core.grievance.resolution_needed", ["status": g.status.rawValue])
        }
        if g.status == .rejected && g.rejectionReason.isEmpty {
            checks.fail("rejection_reason", "core.grievance.reason_needed")
        }
        for (due, field) in [(g.acknowledgeBy, "acknowledge_by"), (g.resolveBy, "resolve_by")] {
            checks.plausible(due, field)
            if let due, due < g.raisedOn {
                checks.fail(field, "core.grievance.due_before_raised",
                            ["label": checks.label(field), "day": due.description, "raised": g.raisedOn.description])
            }
        }
        checks.notFuture(g.loopClosedOn, "loop_closed_on")
        checks.plausible(g.loopClosedOn, "loop_closed_on")
        if let closed = g.loopClosedOn, closed < g.raisedOn {
            checks.fail("loop_closed_on", "core.grievance.loop_before_raised", ["day": closed.description, "raised": g.raisedOn.description])
        }
        checks.line(g.loopClosedHow, "loop_closed_how", label: "core.label.loop_closed_how")
        if g.loopClosedOn != nil && g.loopClosedHow.isEmpty {
            checks.fail("loop_closed_how", "core.grievance.loop_how_needed")
        }
        if g.loopClosedOn == nil && !g.loopClosedHow.isEmpty {
            checks.fail("loop_closed_on", "core.grievance.loop_day_needed")
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
        f.language = Checks.languageCodes([language], context).first ?? ""
        f.response = TextCleaner.multiLine(response)
        f.types = types.map(TextCleaner.singleLine)

        var checks = Checks(context, kind: .feedback)
        checks.notFuture(f.receivedOn, "received_on")
        checks.plausible(f.receivedOn, "received_on")
        checks.code(f.channel, in: context.taxonomies.feedbackChannels, "channel")
        if f.types.isEmpty {
            let choices = context.taxonomies.feedbackTypes.codes.joined(separator: ", ")
            checks.fail("types", "core.feedback.type_needed", ["choices": choices])
        }
        for type in f.types where !context.taxonomies.feedbackTypes.contains(type) {
            checks.code(type, in: context.taxonomies.feedbackTypes, "types", label: "core.label.feedback_type")
        }
        if Set(f.types).count != f.types.count {
            checks.fail("types", "core.feedback.type_twice")
        }
        checks.line(f.topic, "topic")
        checks.required(f.text, "text", hint: "core.hint.feedback_text")
        checks.text(f.text, "text")
        checks.line(f.language, "language")
        checks.languages([f.language].filter { !$0.isEmpty }, "language")
        checks.range(f.sentiment, Feedback.sentimentBounds, "sentiment")
        checks.range(f.perceivedSafety, Feedback.scoreBounds, "perceived_safety", label: "core.label.perceived_safety")
        checks.range(f.trust, Feedback.scoreBounds, "trust", label: "core.label.trust")
        checks.text(f.response, "response")
        checks.notFuture(f.loopClosedOn, "loop_closed_on")
        checks.plausible(f.loopClosedOn, "loop_closed_on")
        try checks.finish()
        return f
    }
}
