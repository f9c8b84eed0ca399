import Foundation
import LiaisonCore

/// One column of an analyst's CSV: its header, its HXL hashtag and how to read it.
struct CSVColumn<R>: Sendable {
    let header: String
    let hashtag: String
    let value: @Sendable (R) -> String

    init(_ header: String, _ hashtag: String, _ value: @escaping @Sendable (R) -> String) {
        self.header = header
        self.hashtag = hashtag
        self.value = value
    }
}

/// The CSV files for analysts: RFC 4180 quoting, a header row, then the HXL hashtag row
/// (https://hxlstandard.org) so that HXL tools know each column, then one row per record.
/// Tags HXL lacks use its `#x_` extension prefix.
enum RecordCSV {
    static func head<R>(_ columns: [CSVColumn<R>]) -> String {
        columns.map { cell($0.header) }.joined(separator: ",") + "\r\n"
            + columns.map(\.hashtag).joined(separator: ",") + "\r\n"
    }

    static func row<R>(_ record: R, _ columns: [CSVColumn<R>]) -> String {
        columns.map { cell($0.value(record)) }.joined(separator: ",") + "\r\n"
    }

    /// A quoted cell when it needs one. Text that a spreadsheet would run as a formula
    /// (starting with =, +, - or @ and not a number) gets a leading apostrophe.
    static func cell(_ text: String) -> String {
        var text = text
        if let first = text.unicodeScalars.first, "=+-@\t".unicodeScalars.contains(first), Double(text) == nil {
            text = "'" + text
        }
        guard text.utf8.contains(where: needsQuotes) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func needsQuotes(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "\""), 0x0A, 0x0D: true
        default: false
        }
    }

    static func list(_ values: [String]) -> String { values.joined(separator: "; ") }
    static func optional(_ value: (some CustomStringConvertible)?) -> String { value.map(\.description) ?? "" }
    static func number(_ value: Double?) -> String { value.map { String($0) } ?? "" }

    private static func meta<R: Record>() -> [CSVColumn<R>] {
        [
            CSVColumn("created_at", "#date+created") { $0.createdAt.description },
            CSVColumn("updated_at", "#date+updated") { $0.updatedAt.description },
            CSVColumn("deleted_at", "#date+deleted") { optional($0.deletedAt) },
            CSVColumn("device_id", "#meta+device") { $0.deviceId.uuidString },
        ]
    }

    static let contacts: [CSVColumn<Contact>] = [
        CSVColumn("id", "#meta+id") { $0.id.uuidString },
        CSVColumn("name", "#contact+name") { $0.name },
        CSVColumn("local_name", "#contact+name+local") { $0.localName },
        CSVColumn("code_name", "#contact+name+code") { $0.codeName },
        CSVColumn("role", "#contact+type") { $0.role },
        CSVColumn("organisation", "#org+name") { $0.organisation },
        CSVColumn("community", "#loc+name") { $0.community },
        CSVColumn("adm1", "#adm1+name") { $0.adm1 },
        CSVColumn("adm2", "#adm2+name") { $0.adm2 },
        CSVColumn("phones", "#contact+phone") { list($0.phones) },
        CSVColumn("handles", "#contact+handle") { list($0.handles) },
        CSVColumn("languages", "#x_languages") { list($0.languages) },
        CSVColumn("gender", "#x_gender") { $0.gender.rawValue },
        CSVColumn("age_group", "#x_agegroup") { $0.ageGroup.rawValue },
        CSVColumn("sensitivity", "#x_sensitivity") { $0.sensitivity.rawValue },
        CSVColumn("consent", "#x_consent") { $0.consent.rawValue },
        CSVColumn("consent_date", "#date+consent") { optional($0.consentDate) },
        CSVColumn("consent_scope", "#x_consent+scope") { $0.consentScope?.rawValue ?? "" },
        CSVColumn("notes", "#description+notes") { $0.notes },
    ] + meta()

    static let meetings: [CSVColumn<Meeting>] = [
        CSVColumn("id", "#meta+id") { $0.id.uuidString },
        CSVColumn("title", "#event+name") { $0.title },
        CSVColumn("kind", "#event+type") { $0.kind },
        CSVColumn("start", "#date+start") { $0.start.description },
        CSVColumn("duration_minutes", "#x_duration+minutes") { optional($0.durationMinutes) },
        CSVColumn("place", "#loc+name") { $0.place },
        CSVColumn("adm1", "#adm1+name") { $0.adm1 },
        CSVColumn("adm2", "#adm2+name") { $0.adm2 },
        CSVColumn("latitude", "#geo+lat") { number($0.latitude) },
        CSVColumn("longitude", "#geo+lon") { number($0.longitude) },
        CSVColumn("languages", "#x_languages") { list($0.languages) },
        CSVColumn("interpreter", "#x_interpreter") { $0.interpreter },
        CSVColumn("attendees", "#x_attendees+num") { String($0.attendees.count) },
        CSVColumn("women", "#x_headcount+f+adults") { String($0.headcount.women) },
        CSVColumn("men", "#x_headcount+m+adults") { String($0.headcount.men) },
        CSVColumn("girls", "#x_headcount+f+children") { String($0.headcount.girls) },
        CSVColumn("boys", "#x_headcount+m+children") { String($0.headcount.boys) },
        CSVColumn("summary", "#description+summary") { $0.summary },
        CSVColumn("decisions", "#description+decisions") { $0.decisions },
        CSVColumn("follow_ups_open", "#x_followups+open+num") { String($0.followUps.filter { !$0.isDone }.count) },
        CSVColumn("early_warning", "#x_earlywarning") { $0.earlyWarning ? "yes" : "no" },
        CSVColumn("early_warning_note", "#description+earlywarning") { $0.earlyWarningNote },
    ] + meta()

    static let grievances: [CSVColumn<Grievance>] = [
        CSVColumn("id", "#meta+id") { $0.id.uuidString },
        CSVColumn("reference", "#meta+ref") { $0.reference },
        CSVColumn("raised_on", "#date+reported") { $0.raisedOn.description },
        CSVColumn("meeting_id", "#meta+meeting") { optional($0.meetingId?.uuidString) },
        CSVColumn("contact_id", "#meta+contact") { optional($0.contactId?.uuidString) },
        CSVColumn("place", "#loc+name") { $0.place },
        CSVColumn("adm1", "#adm1+name") { $0.adm1 },
        CSVColumn("adm2", "#adm2+name") { $0.adm2 },
        CSVColumn("category", "#x_category") { $0.category },
        CSVColumn("sensitive", "#x_sensitive") { $0.sensitive ? "yes" : "no" },
        CSVColumn("severity", "#severity") { $0.severity.rawValue },
        CSVColumn("description", "#description") { $0.description },
        CSVColumn("status", "#status") { $0.status.rawValue },
        CSVColumn("referred_to", "#org+referral") { $0.referredTo },
        CSVColumn("acknowledge_by", "#date+due+acknowledge") { optional($0.acknowledgeBy) },
        CSVColumn("resolve_by", "#date+due+resolve") { optional($0.resolveBy) },
        CSVColumn("resolution", "#description+resolution") { $0.resolution },
        CSVColumn("rejection_reason", "#description+rejection") { $0.rejectionReason },
        CSVColumn("loop_closed_on", "#date+loopclosed") { optional($0.loopClosedOn) },
        CSVColumn("loop_closed_how", "#x_loopclosed+how") { $0.loopClosedHow },
    ] + meta()

    static let feedback: [CSVColumn<Feedback>] = [
        CSVColumn("id", "#meta+id") { $0.id.uuidString },
        CSVColumn("received_on", "#date+received") { $0.receivedOn.description },
        CSVColumn("meeting_id", "#meta+meeting") { optional($0.meetingId?.uuidString) },
        CSVColumn("contact_id", "#meta+contact") { optional($0.contactId?.uuidString) },
        CSVColumn("channel", "#x_channel") { $0.channel },
        CSVColumn("types", "#x_type") { list($0.types) },
        CSVColumn("topic", "#x_topic") { $0.topic },
        CSVColumn("text", "#description") { $0.text },
        CSVColumn("language", "#x_language") { $0.language },
        CSVColumn("sentiment", "#x_sentiment+num") { optional($0.sentiment) },
        CSVColumn("perceived_safety", "#x_safety+num") { optional($0.perceivedSafety) },
        CSVColumn("trust", "#x_trust+num") { optional($0.trust) },
        CSVColumn("response", "#description+response") { $0.response },
        CSVColumn("loop_closed_on", "#date+loopclosed") { optional($0.loopClosedOn) },
    ] + meta()
}
