import Foundation
import LiaisonCore
import LiaisonUI

/// Prints the figures behind the speed and size targets:
/// `swift run -c release liaison-bench [--meetings 1000,100000,1000000] [--dir DIR] [--reuse] [--export-only]`
/// (`--import N` measures importing N bundles of 1,000 records into a base of 100k instead)
/// (`--reuse` measures the stores an earlier run left in DIR instead of building them;
/// `--export-only` measures only the export, which needs `swift build -c release` first).
///
/// Each scale builds a store of demo data (the number of meetings, with their contacts,
/// grievances and feedback), then times opening it, the first page of each list, searches
/// and the indicators, watches memory while every record is streamed, times the
/// interface (launch to first frame, keystrokes, bytes per scroll) and a full export.
@main
struct Bench {
    static func main() throws {
        var scales = [1_000, 100_000]
        var folder = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-bench")
        var reuse = false
        var exportOnly = false
        var importBundles: Int?
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = arguments.next() {
            switch argument {
            case "--meetings": scales = (arguments.next() ?? "").split(separator: ",").compactMap { Int($0) }
            case "--dir": folder = URL(fileURLWithPath: arguments.next() ?? folder.path)
            case "--reuse": reuse = true
            case "--export-only": exportOnly = true
            case "--import": importBundles = Int(arguments.next() ?? "") ?? 100
            default:
                print("usage: liaison-bench [--meetings N,N,...] [--dir DIR] [--reuse] [--export-only] [--import BUNDLES]")
                exit(64)
            }
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if let importBundles {
            for weekly in [true, false] {
                try measureImport(bundles: importBundles, recordsPerBundle: 1_000, baseRecords: 100_000, weekly: weekly,
                                  in: folder)
            }
            print(String(format: "\npeak resident memory of the whole run: %.0f MiB", Memory.peakMiB()))
            return
        }
        for meetings in scales {
            let url = folder.appendingPathComponent("bench-\(meetings).sqlite")
            if exportOnly, reuse, FileManager.default.fileExists(atPath: url.path) {
                print("\n== \(meetings) meetings (store of an earlier run): export ==")
                try measureExport(url: url)
            } else {
                try measure(meetings: meetings, in: folder, reuse: reuse)
            }
        }
        print(String(format: "\npeak resident memory of the whole run: %.0f MiB", Memory.peakMiB()))
    }

    static func measure(meetings: Int, in folder: URL, reuse: Bool) throws {
        let url = folder.appendingPathComponent("bench-\(meetings).sqlite")
        if reuse, FileManager.default.fileExists(atPath: url.path) {
            print("\n== \(meetings) meetings (store of an earlier run) ==")
            try measureReading(url: url, today: Day("2026-11-21")!)
            return
        }
        for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: url.path + suffix) }
        print("\n== \(meetings) meetings ==")

        // Build.
        let today = Day("2026-11-21")!
        var summary = DemoData.Summary()
        let build = try time {
            let store = try Store(at: url, options: Store.Options(create: true))
            try store.setProfile(DeviceProfile(officer: "Bench Officer", unit: "Bench", prefix: "BEN"))
            summary = try DemoData(meetings: meetings, now: Timestamp(parsing: "2026-11-21T18:00:00Z")!, today: today)
                .populate(store)
            store.close()
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        report("build (\(summary.total) records)", build,
               extra: String(format: "%.0f records/s, store %.0f MiB", Double(summary.total) / build, Double(size) / 1_048_576))
        try measureReading(url: url, today: today)
    }

    /// Everything but the build, on a store that exists.
    static func measureReading(url: URL, today: Day) throws {

        // Open the store and read the first page of the meeting list, as a launch does.
        let opens = try (0..<15).map { _ in
            var opened: Store?
            let elapsed = try time {
                let store = try Store(at: url)
                _ = try store.records(Meeting.self, RecordQuery(limit: 50))
                opened = store
            }
            opened?.close()
            return elapsed
        }
        report("open + first page of meetings", median(opens), extra: "p95 \(ms(percentile(opens, 0.95)))")

        let store = try Store(at: url)
        defer { store.close() }
        for kind in RecordKind.allCases {
            let samples = try (0..<30).map { _ in try time { try firstPage(kind, store, RecordQuery(limit: 50)) } }
            report("first page (50) of \(kind.plural)", median(samples), extra: "p95 \(ms(percentile(samples, 0.95)))")
        }

        let searches = ["amina", "олена", "أمينة", "小明", "hélène", "borehole", "market road", "kadugli", "rumour",
                        "patrols", "ковал", "ben-2026"]
        var searchSamples: [Double] = []
        for text in searches {
            for kind in RecordKind.allCases {
                searchSamples.append(try time { try firstPage(kind, store, RecordQuery(search: text, limit: 50)) })
            }
        }
        report("search, first page (\(searchSamples.count) searches)", median(searchSamples),
               extra: "p95 \(ms(percentile(searchSamples, 0.95))), max \(ms(searchSamples.max() ?? 0))")

        let stats = try (0..<10).map { _ in try time { _ = try store.indicators(asOf: today) } }
        report("stats (all indicators)", median(stats), extra: "p95 \(ms(percentile(stats, 0.95)))")

        // Memory while every record is streamed, and while a search is paged to its end.
        let before = Memory.residentMiB()
        var streamed = 0
        let all = try time {
            try store.forEach(Meeting.self) { _ in streamed += 1 }
            try store.forEach(Contact.self) { _ in streamed += 1 }
            try store.forEach(Grievance.self) { _ in streamed += 1 }
            try store.forEach(Feedback.self) { _ in streamed += 1 }
        }
        let afterStream = Memory.residentMiB()
        var offset = 0
        while true {
            let page = try store.records(Meeting.self, RecordQuery(search: "forum", limit: 200, offset: offset))
            if page.isEmpty || offset >= 20_000 { break }
            offset += page.count
        }
        let afterSearch = Memory.residentMiB()
        report("stream all \(streamed) records", all, extra: String(
            format: "resident %.0f MiB before, %.0f after streaming, %.0f after paging a search",
            before, afterStream, afterSearch))

        try measureInterface(url: url)
        try measureExport(url: url)
    }

    static func firstPage(_ kind: RecordKind, _ store: Store, _ query: RecordQuery) throws {
        switch kind {
        case .contact: _ = try store.records(Contact.self, query)
        case .meeting: _ = try store.records(Meeting.self, query)
        case .grievance: _ = try store.records(Grievance.self, query)
        case .feedback: _ = try store.records(Feedback.self, query)
        }
    }

    static func time(_ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        return (clock.now - start).seconds
    }

    static func median(_ samples: [Double]) -> Double { percentile(samples, 0.5) }

    static func percentile(_ samples: [Double], _ p: Double) -> Double {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }

    static func ms(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1000) }

    static func report(_ what: String, _ seconds: Double, extra: String = "") {
        let padded = what.padding(toLength: 42, withPad: " ", startingAt: 0)
        let value = seconds >= 1 ? String(format: "%9.2f s ", seconds) : String(format: "%9.2f ms", seconds * 1000)
        print("\(padded) \(value)  \(extra)")
    }
}

/// Resident memory, read from /proc (Linux).
enum Memory {
    static func residentMiB() -> Double { field("VmRSS:") }
    static func peakMiB() -> Double { field("VmHWM:") }

    private static func field(_ name: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }),
              let kib = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kib / 1024
    }
}
