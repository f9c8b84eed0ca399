import Foundation
import LiaisonCore
import TerminalKit

/// The lists of values a choice field offers: the core's lists.
public typealias Choices = ChoiceList

extension ChoiceList {
    /// Every value, as code and label in the officer's language, in the order offered.
    /// Lists whose value may be unset start with "none".
    func options(_ taxonomies: Taxonomies, _ words: Catalogue) -> [PickerOption] {
        let unset: [String] = self == .consentScope || self == .sentiment || self == .languages ? [""] : []
        // A language shows its code beside its name, the code a script or a colleague uses.
        return (unset + codes(taxonomies)).map {
            PickerOption(code: $0, label: label($0, taxonomies, words), detail: self == .languages ? $0 : "")
        }
    }
}

/// What a field holds and how it is edited.
public enum FieldKind: Sendable, Equatable, Codable {
    /// One line of text.
    case text
    /// Several lines, edited in place or in `$EDITOR`.
    case multiline
    /// A date and time with its UTC offset, typed in any of the forms of `TimeInput`.
    case dateTime
    /// A day, typed in any of the forms of `TimeInput`.
    case day
    case duration
    /// A whole number.
    case number
    /// A decimal number (latitude, longitude).
    case decimal
    /// Values separated by commas: phones, languages.
    case list
    /// One value from a list; Enter or typing opens a picker.
    case choice(Choices)
    /// Several values from a list.
    case choices(Choices)
    /// Yes or no; Space flips it.
    case flag
    /// A contact, or nobody (anonymous).
    case contact
    /// Someone named in text, chosen from the people at hand (the officer, the meeting's
    /// attendees) or typed: who does a follow-up action.
    case person
    /// A meeting's attendee: the contact in `link`, the role in `codes`.
    case attendee
    /// The row that adds an attendee.
    case addAttendee
    /// The row that adds a follow-up action.
    case addFollowUp
    /// A title over the fields that follow; it takes no focus.
    case heading
    /// A value the form shows and keeps but does not change (the meeting a grievance was
    /// raised at); a stop like any field, so that counting Tabs lands where the eye does.
    case fixed
    /// The Save button.
    case save

    var isTyped: Bool {
        switch self {
        case .text, .multiline, .dateTime, .day, .duration, .number, .decimal, .list: true
        default: false
        }
    }

    var takesFocus: Bool { self != .heading }

    /// What Enter does on a field of this kind, as the footer says it: it moves on, from a
    /// list once chosen, except in text of several lines, where it starts a new line. It
    /// never ticks a box (Space does), so that Enter pressed to go on changes nothing.
    var enterFooter: String {
        switch self {
        case .multiline: "keys.footer.new_line"
        case .choice, .choices, .contact, .person, .attendee, .addAttendee: "keys.footer.choose"
        case .addFollowUp: "keys.footer.add"
        case .save: "keys.footer.save"
        default: "keys.footer.next"
        }
    }
}

/// One field of a form: what the officer typed or chose, kept exactly as it is until the
/// form is saved or thrown away.
public struct FormField: Sendable, Equatable, Codable {
    /// The record field it edits, as the core names it (`title`, `start`); rows of a
    /// meeting's follow-ups share `follow_ups`, attendees `attendees`.
    public var key: String
    public var label: String
    public var kind: FieldKind
    public var required: Bool
    /// What is typed, for typed fields.
    public var text: TextArea
    /// The chosen codes, for choices and attendee roles.
    public var codes: [String]
    public var flag: Bool
    /// The contact chosen (a contact field or an attendee).
    public var link: UUID?
    /// The follow-up action a row belongs to.
    public var item: UUID?
    /// The officer has left the field: its problems show.
    public var touched = false
    /// Filled in for the officer when a new record's form opened (`now`, the last place),
    /// and not typed in since: the first character typed replaces it rather than adding to
    /// it. Optional so that drafts saved before it existed still read.
    public var prefilled: Bool?
    /// The field whose value this one's default follows while the officer has not set it
    /// (a new grievance's severity follows its category).
    public var follows: String?
    /// The officer chose this value: it no longer follows another field.
    public var chosen: Bool?

    init(_ key: String, _ label: String, _ kind: FieldKind, required: Bool = false, text: String = "",
         codes: [String] = [], flag: Bool = false, link: UUID? = nil, item: UUID? = nil) {
        self.key = key
        self.label = label
        self.kind = kind
        self.required = required
        self.text = TextArea(text, multiline: kind == .multiline)
        self.codes = codes
        self.flag = flag
        self.link = link
        self.item = item
    }

    var code: String { codes.first ?? "" }

    /// The typed text without surrounding spaces.
    var value: String { text.text.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// The comma-separated values of a list field.
    var listValues: [String] { value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
}

/// What a form does when saved.
public enum FormPurpose: Sendable, Equatable, Codable {
    /// Makes or edits a record of a kind.
    case record(RecordKind)
    /// Moves a grievance through its workflow, with a note.
    case move(Grievance.Status)
    /// Records that the community was told what came of a grievance.
    case closeLoop
}

/// What happens to a record saved from a form stacked over another.
public enum FormReturn: Sendable, Equatable, Codable {
    /// The new contact joins the meeting below as an attendee.
    case attendee
}

/// A form over the screen: its fields, the focus, and what it saves.
public struct FormState: Sendable, Equatable, Codable {
    public var purpose: FormPurpose
    /// The draft that keeps it in the store while it is open.
    public var draftId: UUID
    /// The record made or edited (a new record's id is chosen when the form opens); for a
    /// workflow action, the grievance.
    public var recordId: UUID
    public var isNew: Bool
    /// The record as it was read, in its JSON form: the fields the form does not show
    /// (history, reference, timestamps) come from it.
    public var original: Data?
    /// When the edited record was last saved, as read: a later save elsewhere is a conflict.
    public var expected: String?
    /// The moment the form opened: `today` and `+3d` are read from it.
    public var reference: String
    public var title: String
    public var fields: [FormField]
    public var focus: Int
    /// The first row shown, when the form is taller than the screen.
    public var top = 0
    /// After a save was refused, every problem shows, not only those of fields left.
    public var showAllProblems = false
    /// Problems found by the core, by field index: updated after every change.
    public var problems: [Int: String] = [:]
    /// A problem the store gave on save that no field explains (a conflict, a missing link).
    public var formProblem: String?
    /// Something was typed or chosen since the form opened.
    public var changed = false
    public var returnTo: FormReturn?
    /// The draft of the form it was opened over (a new contact over the meeting that it
    /// joins), so that both come back together.
    public var parentDraft: UUID?
    /// What to open once the form has saved itself (`G` in a meeting form).
    public var then: FollowOn?

    init(purpose: FormPurpose, recordId: UUID, isNew: Bool, original: Data? = nil, expected: Timestamp? = nil,
         reference: OffsetDateTime, title: String, fields: [FormField]) {
        self.purpose = purpose
        draftId = UUID()
        self.recordId = recordId
        self.isNew = isNew
        self.original = original
        self.expected = expected?.description
        self.reference = reference.description
        self.title = title
        self.fields = fields
        if isNew {
            for index in fields.indices where fields[index].kind.isTyped && !fields[index].text.text.isEmpty {
                self.fields[index].prefilled = true
            }
        }
        focus = fields.firstIndex { $0.kind.takesFocus } ?? 0
    }

    /// Whether a form read back from a draft can be shown: its focus on one of its fields.
    /// (Its texts keep their cursors within themselves as they are read.)
    var isSound: Bool {
        fields.indices.contains(focus) && top >= 0
    }

    /// The form as a draft list names it: what it is, what was typed first, and when it
    /// was started: `New meeting “Water committee”, started Sat 21 Nov 2026, 12:00 (UTC)`.
    func draftLine(_ words: Catalogue) -> String {
        let typed = fields.first { $0.kind.isTyped && $0.prefilled != true && !$0.value.isEmpty }
        let first = typed.map { $0.value.split(separator: "\n").first.map(String.init) ?? "" } ?? ""
        return words.text(first.isEmpty ? "ui.dialog.restore.line" : "ui.dialog.restore.line_named",
                          ["title": title, "text": first, "started": words.moment(referenceTime)])
    }

    var referenceTime: OffsetDateTime { OffsetDateTime(parsing: reference) ?? OffsetDateTime(instant: .now(), offsetMinutes: 0)! }

    var expectedTimestamp: Timestamp? { expected.flatMap { Timestamp(parsing: $0) } }

    var focused: FormField { fields[focus] }

    /// The kind of record the form makes or edits; a workflow action's is the grievance.
    var recordKind: RecordKind {
        if case .record(let kind) = purpose { return kind }
        return .grievance
    }

    /// The problems to show now: of fields left, or all after a refused save.
    func visibleProblem(_ index: Int) -> String? {
        guard let problem = problems[index] else { return nil }
        return showAllProblems || fields[index].touched ? problem : nil
    }
}

/// One value a picker offers.
public struct PickerOption: Sendable, Equatable {
    public var code: String
    public var label: String
    /// Grey text after the label: a contact's role and community.
    public var detail: String = ""
    /// More text that matching looks at but the row does not show (a name in another script).
    public var hidden: String = ""
}

/// A list to choose from, filtered as the officer types.
public struct PickerState: Sendable, Equatable {
    public enum Purpose: Sendable, Equatable {
        /// Sets the value of a form field.
        case field(Int)
        /// Adds an attendee to the meeting form.
        case attendee
        /// Chooses a workflow move of a grievance.
        case move(grievance: UUID, reference: String, resolution: String)
    }

    public var title: String
    public var options: [PickerOption]
    public var filter = LineEditor()
    /// Indexes of the options that match the filter, best first.
    public private(set) var shown: [Int] = []
    /// Each option's text folded once, so a key typed does not fold thousands of names.
    private var prepared: [[Character]] = []
    public var cursor = 0
    public var multiple: Bool
    public var chosen: [String]
    public var purpose: Purpose
    /// What the last row does with what was typed, when the picker has that row.
    public enum TypedRow: Sendable, Equatable {
        /// Makes a new contact of that name (adding an attendee).
        case newContact
        /// Takes it as the value (who does a follow-up action).
        case asTyped
    }
    public var typedRow: TypedRow?

    init(title: String, options: [PickerOption], multiple: Bool = false, chosen: [String] = [], purpose: Purpose,
         typedRow: TypedRow? = nil, filter: String = "") {
        self.title = title
        self.options = options
        self.multiple = multiple
        self.chosen = chosen
        self.purpose = purpose
        self.typedRow = typedRow
        self.filter = LineEditor(filter)
        prepared = options.map { FuzzyMatch.prepare("\($0.label) \($0.hidden) \($0.detail)") }
        refilter()
        if !multiple, filter.isEmpty, let at = shown.firstIndex(where: { chosen.contains(options[$0].code) }) { cursor = at }
    }

    /// The rows: the matching options, then the row that takes what was typed.
    var rowCount: Int { shown.count + (showsTypedRow ? 1 : 0) }

    var showsTypedRow: Bool { typedRow != nil && !filter.text.trimmingCharacters(in: .whitespaces).isEmpty }

    /// Matches the options against the filter again, best first, ties in their own order;
    /// scattered-letter matches go when some option holds what was typed whole.
    mutating func refilter() {
        let match = FuzzyMatch(filter.text)
        if match.isEmpty {
            shown = Array(options.indices)
        } else {
            shown = match.ranked(prepared)
        }
        cursor = max(0, min(cursor, rowCount - 1))
        if !match.isEmpty { cursor = 0 }
    }
}

/// A question over the screen that waits for an answer.
public enum Dialog: Sendable, Equatable {
    /// Delete this record? It names the record.
    case delete(RecordLink, name: String)
    /// Throw away the changes of the form on top?
    case discard
    /// The record was saved elsewhere while this form edited it: keep which?
    case conflict(EditConflict)
    /// Forms left unsaved by a liaison that ended: restore which? Each choice is a stack:
    /// a form and the forms that were open over it.
    case restore([[FormState]], cursor: Int)
}

/// The step `u` takes back: the last change made in this session.
public enum UndoStep: Sendable, Equatable {
    case created(RecordLink, name: String)
    /// The record as it was before the edit, and when the edit was saved.
    case edited(AnyRecord, name: String, savedAt: Timestamp)
    case deleted(RecordLink, name: String)
}

/// Every follow-up action, to mark them done.
public struct FollowUpListState: Sendable, Equatable {
    public var items: [FollowUpItem] = []
    public var loaded = false
    public var cursor = 0
    public var top = 0
}
