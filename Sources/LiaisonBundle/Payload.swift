import Crypto
import Foundation
import LiaisonCore

/// The payload of a bundle, streamed from one export's reader: for each kind the canonical
/// JSON Lines and the HXL CSV, and the contacts' vCards, the meetings' calendar and map.
/// Protected contacts are written under their code name unless the officer asked otherwise.
final class Payload {
    let bag: URL
    let taxonomies: Taxonomies
    let includeProtected: Bool
    let pseudonyms: Pseudonyms
    let total: Int
    let isCancelled: @Sendable () -> Bool
    private(set) var protectedInClear = 0
    private var done = 0

    init(bag: URL, taxonomies: Taxonomies, includeProtected: Bool, pseudonyms: Pseudonyms, total: Int,
         isCancelled: @escaping @Sendable () -> Bool) {
        self.bag = bag
        self.taxonomies = taxonomies
        self.includeProtected = includeProtected
        self.pseudonyms = pseudonyms
        self.total = total
        self.isCancelled = isCancelled
    }

    /// Writes every payload file and returns them with their digests; `completed` hears of
    /// each file as soon as it is written, `progress` the share of records written.
    /// Meetings come first: they are the largest, so the zip can work on them meanwhile.
    func write(_ reader: borrowing ExportReader, completed: (PayloadFile) -> Void,
               progress: (Double) -> Void) throws -> [PayloadFile] {
        for folder in ["data/records", "data/csv"] {
            try KeyFiles.makeFolder(bag.appendingPathComponent(folder))
        }
        var files: [PayloadFile] = []
        func done(_ written: [PayloadFile]) {
            written.forEach(completed)
            files += written
        }

        let calendar = try open(BagLayout.calendar)
        let map = try open(BagLayout.geojson)
        try calendar.write(ICalendar.head)
        try map.write(GeoJSON.head)
        var features = 0
        let clear = includeProtected
        let pseudonyms = self.pseudonyms
        let meetings = try table(reader, Meeting.self, RecordCSV.meetings, RecordLine.meeting, progress) { meeting in
            try calendar.write(ICalendar.components(meeting, taxonomies: taxonomies) { id in
                try pseudonyms.name(leaving: id) ?? reader.contactName(id)?.shown(to: .outside(withIdentities: clear))
            })
            if let feature = GeoJSON.feature(meeting) {
                if features > 0 { try map.write(GeoJSON.separator) }
                try map.write(feature)
                features += 1
            }
            return meeting
        }
        try calendar.write(ICalendar.tail)
        try map.write(GeoJSON.tail)
        done(meetings + [try finish(calendar, BagLayout.calendar), try finish(map, BagLayout.geojson)])

        let vcard = try open(BagLayout.vcard)
        let contacts = try table(reader, Contact.self, RecordCSV.contacts, RecordLine.contact, progress) { contact in
            let original = contact
            var contact = contact
            if pseudonyms.covers(original.id) {
                contact = pseudonyms.pseudonymised(contact)
            } else if contact.sensitivity == .protected {
                // Only with the officer's word, and only sealed (or with --in-clear too).
                guard !contact.sealedAway else { throw VaultError.locked }
                protectedInClear += 1
            }
            try vcard.write(VCard.card(contact, taxonomies: taxonomies))
            return contact
        }
        done(contacts + [try finish(vcard, BagLayout.vcard)])

        done(try table(reader, Grievance.self, RecordCSV.grievances, RecordLine.grievance, progress) { $0 })
        done(try table(reader, Feedback.self, RecordCSV.feedback, RecordLine.feedback, progress) { $0 })
        return files
    }

    /// Streams the records of a kind into its JSON Lines and CSV files; `leaving` gives the
    /// form of each record that leaves the device (and writes it to the kind's other files),
    /// after its links and free text are rewritten. A deleted record leaves as its id and
    /// when it was deleted, nothing more; an id liaison made says to the millisecond when
    /// it was made (a protected contact's leaves as its pseudonym, which does not).
    private func table<R: StoredRecord>(_ reader: borrowing ExportReader, _ type: R.Type, _ columns: [CSVColumn<R>],
                                        _ line: (R) -> [UInt8], _ progress: (Double) -> Void,
                                        _ leaving: (R) throws -> R) throws -> [PayloadFile] {
        let jsonPath = BagLayout.records(R.kind)
        let csvPath = BagLayout.csv(R.kind)
        let lines = try open(jsonPath)
        let csv = try open(csvPath)
        try csv.write(RecordCSV.head(columns))
        let newline: [UInt8] = [0x0A]
        try reader.forEach(type) { record in
            if let deletedAt = record.deletedAt {
                let id = pseudonyms.id(record.id)
                try lines.write(RecordLine.tombstone(id: id, deletedAt: deletedAt))
                try lines.write(newline)
                try csv.write(RecordCSV.tombstone(id: id, deletedAt: deletedAt, columns))
            } else {
                let record = try leaving(pseudonyms.leaving(record))
                try lines.write(line(record))
                try lines.write(newline)
                try csv.write(RecordCSV.row(record, columns))
            }
            done += 1
            if done % 1000 == 0 {
                if isCancelled() { throw BundleError.interrupted }
                progress(Double(done) / Double(max(total, 1)))
            }
        }
        return [try finish(lines, jsonPath), try finish(csv, csvPath)]
    }

    private func open(_ path: String) throws -> HashingFile<SHA512> {
        try HashingFile<SHA512>(creating: bag.appendingPathComponent(path))
    }

    private func finish(_ file: HashingFile<SHA512>, _ path: String) throws -> PayloadFile {
        let (digest, size) = try file.finish()
        return PayloadFile(path: path, sha512: digest, size: size)
    }
}
