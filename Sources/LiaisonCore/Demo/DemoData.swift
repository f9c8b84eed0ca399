import Foundation

/// Fills a store with realistic, deterministic demo data: the same seed and instant give the
/// same records, ids included, and everything lies in the past of `now`. Names in several
/// scripts; every kind, category, status and sensitivity; attendees, follow-ups and
/// grievance histories.
public struct DemoData {
    /// What was added.
    public struct Summary: Sendable, Equatable {
        public var contacts = 0
        public var meetings = 0
        public var grievances = 0
        public var feedback = 0
        public var total: Int { contacts + meetings + grievances + feedback }

        public init() {}
    }

    public var meetings: Int
    public var seed: UInt64
    /// The instant the demo is made at: nothing it makes happens later.
    public var now: Timestamp
    /// The device's date at `now`, the last day of the demo period; meetings spread over
    /// the days before it.
    public var today: Day
    /// Days the meetings spread over, up to `today`; nil for as many as a real device's
    /// history of that many meetings would span (two months to two years).
    public var days: Int?

    public init(meetings: Int, seed: UInt64 = 2026, now: Timestamp, today: Day, days: Int? = nil) {
        self.meetings = meetings
        self.seed = seed
        self.now = now
        self.today = today
        self.days = days
    }

    /// Demo data made at the store's current instant.
    public init(meetings: Int, seed: UInt64 = 2026, for store: Store) {
        self.init(meetings: meetings, seed: seed, now: store.now(), today: store.today())
    }

    /// How many contacts the demo makes for its meetings.
    public var contactCount: Int { max(40, meetings / 5) }

    /// Days the meetings spread over.
    var spanDays: Int { days.map { min(730, max(1, $0)) } ?? min(730, max(60, meetings / 3)) }

    /// Adds the demo records to the store in transactions of a few thousand meetings;
    /// `progress` hears the number of meetings written so far.
    @discardableResult
    public func populate(_ store: Store, progress: (Int) -> Void = { _ in }) throws -> Summary {
        try store.inBulk(adding: Self.records(forMeetings: meetings)) {
            try populateInBulk(store, progress: progress)
        }
    }

    /// About how many records a demo of `meetings` meetings makes: a meeting comes with
    /// about 2.4 in all (contacts, grievances, feedback).
    public static func records(forMeetings meetings: Int) -> Int {
        min(max(meetings, 0), 1 << 40) * 12 / 5
    }

    /// About how many meetings make a demo of `records` records, at least one.
    public static func meetings(forRecords records: Int) -> Int {
        max(1, min(max(records, 0), 1 << 40) * 5 / 12)
    }

    private func populateInBulk(_ store: Store, progress: (Int) -> Void) throws -> Summary {
        var random = SplitMix64(seed: seed)
        var summary = Summary()
        guard let officer = try store.profile()?.officer else { throw StoreError.notInitialized }
        var contacts: [Contact] = []
        try store.batch { batch in
            for index in 0..<contactCount {
                contacts.append(try batch.insertAsGiven(makeContact(index, &random)))
            }
        }
        summary.contacts = contacts.count
        let byPlace = Dictionary(grouping: contacts.indices, by: { contacts[$0].community })
        var written = 0
        while written < meetings {
            let chunk = min(5000, meetings - written)
            try store.batch { batch in
                for index in written..<(written + chunk) {
                    let meeting = makeMeeting(index, contacts: contacts, byPlace: byPlace, &random)
                    try batch.insertAsGiven(meeting)
                    summary.meetings += 1
                    if random.chance(0.3) {
                        var grievance = makeGrievance(at: meeting, officer: officer, &random)
                        grievance.reference = try batch.nextReference(year: grievance.raisedOn.year)
                        try batch.insertAsGiven(grievance)
                        summary.grievances += 1
                    }
                    let feedbackCount = random.chance(0.6) ? random.int(1...2) : 0
                    for _ in 0..<feedbackCount {
                        try batch.insertAsGiven(makeFeedback(at: meeting, &random))
                        summary.feedback += 1
                    }
                }
            }
            written += chunk
            progress(written)
        }
        return summary
    }

    // MARK: - Records

    /// A phrase of the vocabulary with its `%@` filled.
    private func fill(_ template: String, _ value: String) -> String {
        var out = ""
        let bytes = template.utf8
        var start = bytes.startIndex
        var at = start
        // Byte by byte: in the vocabulary, a `%@` mark stands between whole characters.
        while at < bytes.endIndex {
            let next = bytes.index(after: at)
            if bytes[at] == UInt8(ascii: "%"), next < bytes.endIndex, bytes[next] == UInt8(ascii: "@") {
                out += template[start..<at]
                out += value
                at = bytes.index(after: next)
                start = at
            } else {
                at = next
            }
        }
        return out + template[start...]
    }

    private func stamp(_ day: Day, _ random: inout SplitMix64) -> Timestamp {
        let base = OffsetDateTime(day: day, hour: random.int(7...18), minute: random.int(0...59), offsetMinutes: 0)!
        return base.instant
    }

    private func makeContact(_ index: Int, _ random: inout SplitMix64) -> Contact {
        let script = DemoVocabulary.scripts[index % DemoVocabulary.scripts.count]
        let given = random.pick(script.given)
        let family = random.pick(script.family)
        let place = random.pick(DemoVocabulary.places)
        let isChinese = script.languages == ["zh"]
        let local = given.local.isEmpty ? "" : (isChinese ? family.local + given.local : given.local + " " + family.local)
        let sensitivity: Sensitivity = index % 20 == 3 ? .protected : (index % 7 == 2 ? .sensitive : .normal)
        let consent: ConsentStatus = index % 10 == 0 ? .notAsked : (index % 13 == 0 ? .declined : .given)
        let created = stamp(today.adding(days: -spanDays - random.int(1...30)), &random)
        let roles = Taxonomies.standard.contactRoles.codes
        return Contact(
            id: random.uuid(at: created), name: isChinese ? "\(family.latin) \(given.latin)" : "\(given.latin) \(family.latin)",
            localName: local,
            // Another seed's demo on the same store gives its protected contacts code names of their own.
            codeName: sensitivity == .protected
                ? "\(random.pick(DemoVocabulary.codeNames))-\(seed == 2026 ? "" : "\(seed).")\(index)" : "",
            role: roles[index % roles.count],
            organisation: random.chance(0.5) ? "\(place.name) \(random.pick(DemoVocabulary.organisations))" : "",
            community: place.name, adm1: place.adm1, adm2: place.adm2,
            phones: random.chance(0.7) ? ["+211 9\(random.int(10...99)) \(random.int(100_000...999_999))"] : [],
            handles: random.chance(0.2) ? ["signal: +211 9\(random.int(10...99)) \(random.int(100_000...999_999))"] : [],
            languages: script.languages, gender: random.pick([.female, .male, .female, .male, .undisclosed]),
            ageGroup: random.pick([.youth, .adult, .adult, .elder, .undisclosed]), sensitivity: sensitivity,
            consent: consent, consentDate: consent == .notAsked ? nil : created.utcDay,
            consentScope: consent == .given ? random.pick([.deviceOnly, .shareWithPartners]) : nil,
            notes: sensitivity == .protected ? "Meet only in private; do not call before noon." : "",
            createdAt: created, updatedAt: created, deviceId: unassignedDevice)
    }

    private func makeMeeting(_ index: Int, contacts: [Contact], byPlace: [String: [Int]],
                             _ random: inout SplitMix64) -> Meeting {
        let place = DemoVocabulary.places[index % DemoVocabulary.places.count]
        let day = today.adding(days: -random.int(0...(spanDays - 1)))
        let kinds = Taxonomies.standard.meetingKinds
        let kind = kinds.codes[random.int(0...(kinds.codes.count - 1))]
        let topic = random.pick(DemoVocabulary.topics)
        var start = OffsetDateTime(day: day, hour: random.int(8...16), minute: random.pick([0, 15, 30, 45]),
                                   offsetMinutes: place.offset)!
        // A meeting of today that has not started yet, where it is held, took place a day
        // earlier instead; so does one whose local date is still tomorrow for the device.
        while start.instant > now || start.localDay > today,
              let earlier = OffsetDateTime(instant: Timestamp(milliseconds: start.instant.milliseconds - 86_400_000),
                                           offsetMinutes: start.offsetMinutes) {
            start = earlier
        }
        let local = byPlace[place.name] ?? Array(contacts.indices)
        var attendees: [Attendee] = []
        for _ in 0..<random.int(1...5) {
            let contact = contacts[random.pick(local)]
            if !attendees.contains(where: { $0.contactId == contact.id }) {
                attendees.append(Attendee(contactId: contact.id, role: attendees.isEmpty ? "chair" : "participant"))
            }
        }
        let followUps = (0..<random.int(0...2)).map { _ -> FollowUp in
            let due = day.adding(days: random.int(3...21))
            let done = due < today && random.chance(0.6) ? min(due, today) : nil
            return FollowUp(id: random.uuid(at: Timestamp(milliseconds: min(start.instant.milliseconds, now.milliseconds))),
                            action: fill(random.pick(DemoVocabulary.actions), topic),
                            owner: random.pick(["Officer", "Civil affairs", "County office", "Committee chair"]),
                            due: due, doneOn: done)
        }
        let warning = random.chance(0.04)
        let located = random.chance(0.7)
        let latitude = located ? place.latitude + random.unit() * 0.05 : nil
        let longitude = located ? place.longitude + random.unit() * 0.05 : nil
        let created = min(start.instant.milliseconds + Int64(random.int(1...6)) * 3_600_000, now.milliseconds)
        return Meeting(
            id: random.uuid(at: Timestamp(milliseconds: created)), title: "\(kinds.label(kind)) on \(topic) in \(place.name)", kind: kind, start: start,
            durationMinutes: random.pick([45, 60, 90, 120]), place: place.name, adm1: place.adm1, adm2: place.adm2,
            latitude: latitude, longitude: longitude, languages: random.chance(0.5) ? ["en", "ar"] : ["en"],
            interpreter: random.chance(0.4) ? "Community interpreter" : "", attendees: attendees,
            headcount: Headcount(women: random.int(0...25), men: random.int(0...30), girls: random.int(0...5),
                                 boys: random.int(0...5)),
            summary: fill(random.pick(DemoVocabulary.sayings), topic)
                + " " + fill(random.pick(DemoVocabulary.sayings), random.pick(DemoVocabulary.topics)),
            decisions: random.pick(DemoVocabulary.decisions), followUps: followUps, earlyWarning: warning,
            earlyWarningNote: warning ? "Reports of armed youth gathering near \(topic)." : "",
            createdAt: Timestamp(milliseconds: created), updatedAt: Timestamp(milliseconds: created),
            deviceId: unassignedDevice
        )
    }

    private func makeGrievance(at meeting: Meeting, officer: String, _ random: inout SplitMix64) -> Grievance {
        let categories = Taxonomies.standard.grievanceCategories.codes
        let raised = meeting.start.localDay
        let time = min(meeting.start.instant.milliseconds + 7_200_000, now.milliseconds)
        var grievance = Grievance(
            id: random.uuid(at: Timestamp(milliseconds: time)), raisedOn: raised, meetingId: meeting.id,
            contactId: random.chance(0.8) ? meeting.attendees.first.map(\.contactId) : nil,
            place: meeting.place, adm1: meeting.adm1, adm2: meeting.adm2, category: random.pick(categories),
            description: fill(random.pick(DemoVocabulary.sayings), random.pick(DemoVocabulary.topics)),
            acknowledgeBy: raised.adding(days: 2), resolveBy: raised.adding(days: 30),
            history: [GrievanceEvent(at: Timestamp(milliseconds: time), by: officer, from: nil, to: .new, note: "Logged")],
            createdAt: Timestamp(milliseconds: time), updatedAt: Timestamp(milliseconds: time), deviceId: unassignedDevice)
        // Walk the workflow as far as the grievance's age allows.
        let age = raised.days(until: today)
        let paths: [[Grievance.Move]] = [
            [],
            [.init(to: .acknowledged)],
            [.init(to: .acknowledged), .init(to: .inProgress, note: "Site visit planned")],
            [.init(to: .acknowledged), .init(to: .referred, referredTo: random.pick(DemoVocabulary.referralPartners))],
            [.init(to: .acknowledged), .init(to: .inProgress),
             .init(to: .resolved, resolution: "Met the authority; the issue was addressed.")],
            [.init(to: .acknowledged), .init(to: .inProgress), .init(to: .resolved, resolution: "Repairs were made."),
             .init(to: .closed, note: "Confirmed with the complainant")],
            [.init(to: .acknowledged), .init(to: .referred, referredTo: "UNHCR"),
             .init(to: .resolved, resolution: "Partner provided assistance."), .init(to: .closed)],
            [.init(to: .rejected, reason: "Outside the mission's mandate; referred informally.")],
            [.init(to: .acknowledged), .init(to: .inProgress), .init(to: .resolved, resolution: "Addressed."),
             .init(to: .closed), .init(to: .reopened, note: "The problem came back"), .init(to: .inProgress)],
            [.init(to: .rejected, reason: "No details given."), .init(to: .reopened, note: "The complainant came back with details")],
        ]
        let path = age < 2 ? [] : paths[random.int(0...(paths.count - 1))]
        var clock = time
        for (step, move) in path.enumerated() {
            let spacing = Int64(max(1, age / (path.count + 1))) * 86_400_000
            let latest = min(Int64(today.daysSinceEpoch) * 86_400_000 + Int64(step) * 60_000,
                             now.milliseconds - Int64(path.count - step) * 60_000)
            clock = min(clock + spacing, latest)
            try? grievance.apply(move, by: officer, at: Timestamp(milliseconds: clock))
        }
        if grievance.status == .closed && random.chance(0.85) {
            grievance.loopClosedOn = min(Timestamp(milliseconds: clock).utcDay, today)
            grievance.loopClosedHow = random.pick(["Community forum", "Phone call", "Home visit"])
        }
        grievance.updatedAt = Timestamp(milliseconds: clock)
        return grievance
    }

    private func makeFeedback(at meeting: Meeting, _ random: inout SplitMix64) -> Feedback {
        let types = Taxonomies.standard.feedbackTypes.codes
        var chosen = [random.pick(types)]
        if random.chance(0.3) {
            let second = random.pick(types)
            if second != chosen[0] { chosen.append(second) }
        }
        let survey = meeting.kind == "perception_survey" || random.chance(0.2)
        // Sentiment drifts with the week, so the dashboard's sparkline has a shape.
        let week = meeting.start.localDay.daysSinceEpoch / 7
        let mood = [-1, 0, 1, 0, -1, -2, 0, 1, 2, 1][week % 10]
        let time = min(meeting.start.instant.milliseconds + 5_400_000, now.milliseconds)
        return Feedback(
            id: random.uuid(at: Timestamp(milliseconds: time)), receivedOn: meeting.start.localDay, meetingId: meeting.id,
            contactId: random.chance(0.5) ? meeting.attendees.last.map(\.contactId) : nil,
            channel: random.chance(0.8) ? "meeting" : random.pick(Taxonomies.standard.feedbackChannels.codes),
            types: chosen, topic: random.pick(DemoVocabulary.topics),
            text: fill(random.pick(DemoVocabulary.sayings), random.pick(DemoVocabulary.topics)),
            language: random.pick(["en", "ar", "fr", "sw"]),
            sentiment: random.chance(0.9) ? max(-2, min(2, mood + random.int(-1...1))) : nil,
            perceivedSafety: survey ? random.int(1...5) : nil, trust: survey ? random.int(1...5) : nil,
            response: random.chance(0.5) ? "Explained the mission's plans." : "",
            loopClosedOn: random.chance(0.4) ? meeting.start.localDay : nil,
            createdAt: Timestamp(milliseconds: time), updatedAt: Timestamp(milliseconds: time), deviceId: unassignedDevice)
    }
}

/// A small, fast, seedable generator (SplitMix64), so demo data is the same on every run.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    /// A number from -1 to 1.
    mutating func unit() -> Double { Double(next() % 2_000_001) / 1_000_000 - 1 }

    mutating func chance(_ probability: Double) -> Bool { Double(next() % 1_000_000) < probability * 1_000_000 }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }

    /// A version-7 UUID for a record made at `instant`, its random bits from the generator.
    mutating func uuid(at instant: Timestamp) -> UUID { UUID(at: instant, random: next(), next()) }

    /// A version-4 UUID from the generator.
    mutating func uuid() -> UUID {
        var bytes = [UInt8](repeating: 0, count: 16)
        let a = next(), b = next()
        for i in 0..<8 {
            bytes[i] = UInt8(truncatingIfNeeded: a >> (8 * i))
            bytes[8 + i] = UInt8(truncatingIfNeeded: b >> (8 * i))
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
