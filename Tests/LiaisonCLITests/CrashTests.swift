import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

/// Nothing committed is lost when liaison is killed: a child adds and edits records with the
/// real binary, acknowledging each one on a pipe after liaison has returned; the test kills
/// it (SIGKILL, the whole process group) at seeded random moments, then checks the store.
struct CrashTests {
    /// Collects the lines a child writes to a pipe, on a thread of its own.
    private final class Acknowledgements: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        private let done = DispatchSemaphore(value: 0)

        init(_ pipe: Pipe) {
            let descriptor = pipe.fileHandleForReading.fileDescriptor
            Thread.detachNewThread { [self] in
                // read(2) returns what has arrived; FileHandle would wait for a full buffer.
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let count = read(descriptor, &buffer, buffer.count)
                    if count < 0, errno == EINTR { continue }
                    guard count > 0 else { break }
                    lock.withLock { text += String(decoding: buffer[0..<count], as: UTF8.self) }
                }
                done.signal()
            }
        }

        /// Waits until at least one line has come, `limit` seconds at most.
        func waitForFirstLine(limit: Double) {
            let deadline = Date().addingTimeInterval(limit)
            while Date() < deadline, !lock.withLock({ text.contains("\n") }) {
                Thread.sleep(forTimeInterval: 0.005)
            }
        }

        /// The whole lines written, once the pipe has closed.
        func lines() -> [String] {
            done.wait()
            return lock.withLock { text.split(separator: "\n").map(String.init) }
        }
    }

    @Test func twoHundredKillsLoseNoAcknowledgedChange() throws {
        let cli = try LiaisonProcess()
        try cli.initialise()
        let edited = try cli.run(["add", "contact"], input: #"{"name": "Edited often"}"#).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let binary = LiaisonProcess.binary.path
        // Adds a contact, or every third time edits one, and says so only once liaison returned.
        let script = """
            i=$1
            while :; do
              i=$((i+1))
              if [ $((i % 3)) -eq 0 ]; then
                printf '{"notes": "edit %d"}' "$i" | '\(binary)' edit \(edited) >/dev/null 2>&1 && echo "edit $i"
              else
                printf '{"name": "Contact %d"}' "$i" | '\(binary)' add contact >/dev/null 2>&1 && echo "add $i"
              fi
            done
            """
        var random = SeededRandom(seed: 20261126)
        var added: Set<String> = []
        var acknowledged = 0
        var lastEdit = 0
        var counter = 0
        var kills = 0
        let deadline = Date().addingTimeInterval(240)
        while kills < 200, Date() < deadline {
            let child = Process()
            // Foundation starts the child in a process group of its own, which the kill ends
            // whole: the shell and the liaison it is running.
            child.executableURL = URL(fileURLWithPath: "/bin/sh")
            child.arguments = ["-c", script, "sh", String(counter)]
            child.environment = cli.childEnvironment
            let pipe = Pipe()
            child.standardOutput = pipe
            child.standardError = FileHandle.nullDevice
            child.standardInput = FileHandle.nullDevice
            let acknowledgements = Acknowledgements(pipe)
            try child.run()
            try? pipe.fileHandleForWriting.close()
            // Every fourth time, the child first gets one change done, so that work goes on
            // however loaded the machine is; the kill then still comes at a random moment.
            if kills % 4 == 0 { acknowledgements.waitForFirstLine(limit: 10) }
            Thread.sleep(forTimeInterval: Double(random.next(in: 5...150)) / 1000)
            #expect(getpgid(child.processIdentifier) == child.processIdentifier, "the child leads its own group")
            kill(-child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            kills += 1
            for line in acknowledgements.lines() {
                let parts = line.split(separator: " ")
                guard parts.count == 2, let number = Int(parts[1]) else { continue }
                counter = max(counter, number)
                acknowledged += 1
                if parts[0] == "add" { added.insert("Contact \(number)") } else { lastEdit = max(lastEdit, number) }
            }
            // A number may have been used by a change that committed but was not acknowledged.
            counter += 1

            let store = try Store(at: URL(fileURLWithPath: cli.store))
            defer { store.close() }
            #expect(try store.integrityReport() == ["ok"], "after kill \(kills)")
            let contacts = try store.records(Contact.self, RecordQuery(limit: 100_000))
            let names = Set(contacts.map(\.name))
            let missing = added.subtracting(names)
            #expect(missing.isEmpty, "after kill \(kills), acknowledged but lost: \(missing.sorted().prefix(5))")
            if lastEdit > 0 {
                let notes = contacts.first { $0.id.uuidString == edited }?.notes ?? ""
                let kept = Int(notes.split(separator: " ").last ?? "") ?? 0
                #expect(kept >= lastEdit, "after kill \(kills), edit \(lastEdit) was acknowledged but the notes say \(notes)")
            }
            if !missing.isEmpty { break }
        }
        #expect(kills >= 200, "only \(kills) kills in the time allowed")
        #expect(acknowledged >= 50, "the child got work done between kills: \(acknowledged) changes")
        print("Crash test: \(kills) kills, \(added.count) acknowledged adds, last acknowledged edit \(lastEdit).")
    }
}
