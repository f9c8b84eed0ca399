import ArgumentParser
import Foundation
import LiaisonBundle
import LiaisonCore
import Synchronization

/// `liaison export`: one bundle to carry back to base.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write one signed bundle of what changed since the last export (or everything).",
        discussion: """
            The bundle is a zipped BagIt bag with the records as JSON Lines, HXL-tagged CSV, \
            vCard contacts, an iCalendar of meetings and a GeoJSON map, signed with this device's \
            key. It is named liaison-PREFIX-DATE-SEQ.zip (.sealed when sealed) and written whole \
            or not at all: an export that fails or is interrupted leaves no bundle, and the next \
            export starts from the same place. Protected contacts leave under their code name \
            only, unless --include-protected.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp("The folder to write the bundle into (default: the current folder).", valueName: "folder"))
    var out: String?
    @Flag(help: "Export every record, not only the changes since the last export.") var full = false
    @Flag(help: "Encrypt the bundle to the base's key (set with `liaison keys set-base`).") var seal = false
    @Flag(help: "Carry protected contacts' real names, phones and notes (keep such a bundle sealed).")
    var includeProtected = false

    func run() throws {
        try reporting {
            let store = try storeOptions.openForWriting()
            defer { store.close() }
            let folder = URL(fileURLWithPath: ((out ?? FileManager.default.currentDirectoryPath) as NSString).expandingTildeInPath)
            Interruption.catchSignals()
            let options = ExportOptions(folder: folder, full: full, seal: seal, includeProtected: includeProtected,
                                        isCancelled: { Interruption.requested })
            let bar = ProgressBar(label: "Exporting")
            let result: ExportResult
            do {
                result = try BundleWriter.export(store, options, keys: KeyRing(store: store.url)) { bar.show($0) }
            } catch let refusal as ExportRefusal {
                bar.clear()
                emit(refusal.description)
                return
            } catch BundleError.interrupted {
                bar.clear()
                FileHandle.standardError.write(Data("liaison: \(BundleError.interrupted.description)\n".utf8))
                throw ExitCode(130)
            } catch {
                bar.clear()
                throw error
            }
            bar.clear()
            let plan = result.plan
            emit("Bundle \(plan.sequence) written: \(result.url.path)")
            emit("  size     \(Figures.bytes(result.size))\(result.sealed ? ", sealed to the base's key" : "")")
            emit("  records  " + Figures.counts(plan.counts) + " (deletions included)")
            if plan.full {
                emit("  covers   everything, up to \(plan.upTo)")
            } else if let previous = plan.previous {
                emit("  covers   changes since bundle \(previous.sequence): \(plan.from) to \(plan.upTo)")
            } else {
                emit("  covers   everything (the first export), up to \(plan.upTo)")
            }
            emit("  sha256   \(result.sha256)")
            if result.protectedInClear > 0 {
                FileHandle.standardError.write(Data(("liaison: warning: this bundle holds the real names, phones and notes of "
                    + "\(result.protectedInClear) protected contact\(result.protectedInClear == 1 ? "" : "s")"
                    + (result.sealed ? "" : ", unencrypted") + "; carry it yourself and delete it once base has it.\n").utf8))
            }
        }
    }
}

/// `liaison verify BUNDLE`: checks a bundle without importing it.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a bundle without importing it.",
        discussion: """
            Checks the zip's structure, that the bag is complete and every SHA-512 holds, the \
            signature (and which officer, if their key is trusted here), the schema version, and \
            the records against the counts in bag-info. A sealed bundle is opened with the base's \
            private key first. Exits 0 only when everything holds; otherwise names the first \
            problem and exits 65.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: ArgumentHelp("The bundle file (.zip or .sealed).", valueName: "bundle")) var bundle: String
    @Option(help: ArgumentHelp("The base's private key, to open a sealed bundle.", valueName: "file")) var baseKey: String?
    @Flag(help: "Refuse a bundle signed by a key that is not trusted here.") var requireTrusted = false

    func run() throws {
        try reporting {
            let report = try BundleVerifier.verify(
                URL(fileURLWithPath: bundle), baseKey: baseKey.map { URL(fileURLWithPath: $0) },
                keys: KeyRing(store: storeOptions.url), requireTrusted: requireTrusted)
            let info = report.info
            let sequence = info["Liaison-Sequence"] ?? "?"
            emit("\(report.fileName): verified\(report.sealed ? " (opened with the base key)" : "")")
            emit("  bundle     \(sequence) of device \(info["Liaison-Device-Prefix"] ?? "?") (\(report.signer.deviceId)), "
                 + (info["Liaison-Export"] ?? "?"))
            let previous = info["Liaison-Previous-Sequence"] ?? "none"
            emit("  previous   " + (previous == "none" ? "none: the device's first bundle"
                                    : "bundle \(previous), sha256 \(info["Liaison-Previous-SHA256"] ?? "?")"))
            emit("  officer    \(info["Contact-Name"] ?? "?"), \(info["Source-Organization"] ?? "?") (as the bundle says)")
            emit("  signed by  key \(report.signer.fingerprint), "
                 + (report.signer.trustedOfficer.map { "trusted here as \($0)" }
                    ?? "not trusted here (check it with the officer, then `liaison keys trust`)"))
            emit("  covers     \(info["Liaison-Changes-From"] ?? "?") to \(info["Liaison-Changes-To"] ?? "?")")
            emit("  records    " + Figures.counts(report.counts))
            emit("  payload    \(report.payloadFiles) files, \(Figures.bytes(report.payloadOctets)), every SHA-512 checked")
            emit("  sha256     \(report.sha256)")
        }
    }
}

/// `liaison keys`: the device's signing key, the base's sealing key, trusted officers.
struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show and exchange the keys that sign and seal bundles.",
        discussion: """
            Keys live in the keys/ folder beside the store (mode 0700; private keys 0600). An \
            officer's device signs every bundle; base trusts the officer's public key. Base \
            makes a key pair with base-init and gives base.pub to officers, who seal bundles to \
            it after set-base.
            """,
        subcommands: [ShowKeys.self, ExportPublicKey.self, BaseInit.self, SetBase.self, Trust.self],
        defaultSubcommand: ShowKeys.self)
}

struct ShowKeys: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print this device's public key and fingerprint, the base key and trusted officers.")

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reporting {
            let keys = KeyRing(store: storeOptions.url)
            let profile = storeOptions.profileIfAny()
            let device = try keys.devicePublicKey(profile: profile, now: try commandClock().instant())
            emit("Device signing key (Ed25519)")
            emit("  fingerprint  \(device.fingerprint)")
            emit("  public key   \(device.key)")
            if let profile {
                emit("  device       \(profile.prefix), \(profile.deviceId.uuidString.lowercased()), \(profile.officer)")
            }
            emit("  kept in      \(keys.folder.path)")
            if let base = try keys.baseKey() {
                emit("Base sealing key (X25519): \(base.fingerprint)\(base.name.map { ", \($0)" } ?? "")")
            } else {
                emit("Base sealing key: none (`liaison keys set-base FILE` to seal bundles)")
            }
            let trusted = keys.trusted()
            emit("Trusted officers: \(trusted.isEmpty ? "none" : String(trusted.count))")
            for file in trusted {
                emit("  \(file.fingerprint)  \(file.officer ?? "?")\(file.prefix.map { ", device \($0)" } ?? "")")
            }
        }
    }
}

struct ExportPublicKey: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export-public", abstract: "Write this device's public key to a file for base.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: ArgumentHelp("The file to write.", valueName: "file")) var file: String

    func run() throws {
        try reporting {
            let written = try KeyRing(store: storeOptions.url).exportDevicePublicKey(
                to: URL(fileURLWithPath: file), profile: storeOptions.profileIfAny(), now: try commandClock().instant())
            emit("Wrote the device's public key to \(file) (fingerprint \(written.fingerprint)).")
            emit("Give it to base, and read the fingerprint to them by another channel.")
        }
    }
}

struct BaseInit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "base-init", abstract: "Make a base's key pair for sealed bundles.",
        discussion: "Writes base.key (private, mode 0600: keep it at base) and base.pub (for officers) into the folder.")

    @Argument(help: ArgumentHelp("The folder to make the keys in.", valueName: "folder")) var folder: String
    @Option(help: "The base's name, shown to officers.") var name: String?

    func run() throws {
        try reporting {
            let made = try KeyRing.makeBase(in: URL(fileURLWithPath: folder), name: name,
                                            now: try commandClock().instant())
            emit("Base key pair made (fingerprint \(made.file.fingerprint)).")
            emit("  private  \(made.private.path)  (keep it at base, never share it)")
            emit("  public   \(made.public.path)  (give it to officers: liaison keys set-base FILE)")
        }
    }
}

struct SetBase: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set-base", abstract: "Set the base that `export --seal` seals bundles to.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: ArgumentHelp("The base's public key file (base.pub).", valueName: "file")) var file: String

    func run() throws {
        try reporting {
            let base = try KeyRing(store: storeOptions.url).setBase(from: URL(fileURLWithPath: file))
            emit("Bundles will be sealed to base key \(base.fingerprint)\(base.name.map { " (\($0))" } ?? "").")
            emit("Check this fingerprint with base by another channel.")
        }
    }
}

struct Trust: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "trust", abstract: "At base: trust an officer's device key.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: ArgumentHelp("The officer's public key file (from keys export-public).", valueName: "file")) var file: String
    @Option(help: "The officer's name, as base knows them.") var officer: String

    func run() throws {
        try reporting {
            let trusted = try KeyRing(store: storeOptions.url).trust(URL(fileURLWithPath: file), officer: officer)
            emit("Trusted key \(trusted.fingerprint) as \(trusted.officer ?? officer)"
                 + "\(trusted.prefix.map { " (device \($0))" } ?? "").")
        }
    }
}

/// Ctrl-C, SIGTERM and SIGHUP during an export: noted, so the export stops cleanly and
/// leaves nothing behind.
enum Interruption {
    private static let flag = Atomic<Bool>(false)

    static var requested: Bool { flag.load(ordering: .relaxed) }

    static func catchSignals() {
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            _ = Glibc.signal(signal) { _ in Interruption.flag.store(true, ordering: .relaxed) }
        }
    }
}

/// A progress bar on standard error, only when it is a terminal and the work takes more
/// than a moment.
final class ProgressBar {
    private let label: String
    private let enabled = isatty(STDERR_FILENO) == 1
    private let started = ContinuousClock.now
    private var shown = false
    private var lastPercent = -1

    init(label: String) { self.label = label }

    func show(_ progress: ExportProgress) {
        guard enabled, ContinuousClock.now - started > .milliseconds(300) else { return }
        let percent = Int(progress.fraction * 100)
        guard percent != lastPercent else { return }
        lastPercent = percent
        let width = 30
        let filled = min(width, Int(progress.fraction * Double(width)))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(String(format: "%3d", percent))%  \(progress.step)\u{1B}[K".utf8))
        shown = true
    }

    func clear() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }
}

/// Numbers as the command line prints them.
enum Figures {
    static func bytes(_ count: Int64) -> String {
        ByteCountFormatter.string(fromByteCount: count, countStyle: .file) + (count >= 1000 ? " (\(count) bytes)" : "")
    }

    static func counts(_ counts: [RecordKind: Int]) -> String {
        RecordKind.allCases.map { "\(counts[$0] ?? 0) \($0.noun(counts[$0] ?? 0))" }.joined(separator: ", ")
    }
}
