import Foundation
import LiaisonBundle
import LiaisonCore
#if canImport(Glibc)
import Glibc
#endif

extension Bench {
    /// Times a full export of the store by the real `liaison` binary (built beside this
    /// one), with its peak memory, sealed and not, against the floor of the plain tools:
    /// `sqlite3 -csv` dumping the same tables, then `zip` of the dump.
    static func measureExport(url: URL) throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("liaison")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            print("export: skipped (build liaison too: swift build -c release)")
            return
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-bench-export-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        // The bench's device keeps its keys in the work folder (liaison's data folder for the
        // runs below), with a base key to seal to.
        setenv("XDG_DATA_HOME", work.path, 1)
        let base = try KeyRing.makeBase(in: work.appendingPathComponent("base"), name: "bench")
        let store = try Store(at: url)
        _ = try KeyFolders.standard().ring(for: store).setBase(from: base.public)
        store.close()

        func export(_ extra: [String]) throws -> (seconds: Double, peakMiB: Double, bytes: Int) {
            let out = work.appendingPathComponent("out-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: out) }
            let run = try spawn(binary.path, ["export", "--full", "--store", url.path, "--out", out.path] + extra)
            guard run.status == 0 else { throw BenchFailure("liaison export exited \(run.status)") }
            let file = try FileManager.default.contentsOfDirectory(atPath: out.path).first ?? ""
            let size = (try? FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(file).path)[.size] as? Int) ?? 0
            return (run.seconds, run.peakMiB, size)
        }

        let tables = ["contact", "meeting", "meeting_attendee", "follow_up", "grievance", "grievance_event", "feedback"]
        func floor() throws -> Double {
            let dump = work.appendingPathComponent("floor")
            try? FileManager.default.removeItem(at: dump)
            try FileManager.default.createDirectory(at: dump, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dump) }
            let started = ContinuousClock.now
            for table in tables {
                let run = try spawn("/bin/sh", ["-c", "sqlite3 -csv -header '\(url.path)' 'SELECT * FROM \(table)' > '\(dump.path)/\(table).csv'"])
                guard run.status == 0 else { throw BenchFailure("sqlite3 exited \(run.status) (is it installed?)") }
            }
            let zipped = try spawn("/bin/sh", ["-c", "cd '\(dump.path)' && zip -q -r ../floor.zip ."])
            guard zipped.status == 0 else { throw BenchFailure("zip exited \(zipped.status) (is it installed?)") }
            try? FileManager.default.removeItem(at: work.appendingPathComponent("floor.zip"))
            return (ContinuousClock.now - started).seconds
        }

        // Best of three of each, interleaved, so a noisy neighbour hurts each alike.
        var plain: [(seconds: Double, peakMiB: Double, bytes: Int)] = []
        var sealed: [(seconds: Double, peakMiB: Double, bytes: Int)] = []
        var floors: [Double] = []
        for _ in 0..<3 {
            floors.append(try floor())
            plain.append(try export([]))
            sealed.append(try export(["--seal"]))
        }
        let floorBest = floors.min() ?? 0
        let plainBest = plain.min { $0.seconds < $1.seconds }!
        let sealedBest = sealed.min { $0.seconds < $1.seconds }!
        report("floor: sqlite3 -csv of \(tables.count) tables + zip", floorBest)
        report("full export", plainBest.seconds, extra: String(
            format: "%.2fx the floor, peak %.0f MiB, bundle %.1f MB", plainBest.seconds / floorBest, plainBest.peakMiB,
            Double(plainBest.bytes) / 1e6))
        report("full export, sealed", sealedBest.seconds, extra: String(
            format: "%+.1f%% over unsealed, peak %.0f MiB", (sealedBest.seconds / plainBest.seconds - 1) * 100,
            sealedBest.peakMiB))
    }

    struct BenchFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Runs a program to its end: exit status, wall time and peak resident memory.
    static func spawn(_ path: String, _ arguments: [String]) throws -> (status: Int32, seconds: Double, peakMiB: Double) {
        var pid: pid_t = 0
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let started = ContinuousClock.now
        guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { throw BenchFailure("cannot run \(path)") }
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        let seconds = (ContinuousClock.now - started).seconds
        return ((status >> 8) & 0xFF, seconds, Double(usage.ru_maxrss) / 1024)
    }
}
