import ArgumentParser
import Foundation
import LiaisonBundle
import LiaisonCore
import Synchronization

/// `liaison export`: one bundle to carry back to base.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: words.text("cli.export.abstract"),
        discussion: words.text("cli.export.discussion"))

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: helpText("cli.export.help.out", valueName: "folder")) var out: String?
    @Flag(help: helpText("cli.export.help.full")) var full = false
    @Flag(inversion: .prefixedNo, help: helpText("cli.export.help.seal")) var seal: Bool?
    @Flag(help: helpText("cli.export.help.include_protected")) var includeProtected = false
    @Flag(help: helpText("cli.export.help.in_clear")) var inClear = false
    @Flag(help: helpText("cli.export.help.withhold_free_text")) var withholdFreeText = false
    @OptionGroup var vaultOptions: VaultOptions

    func run() throws {
        try reporting {
            let store = try storeOptions.openForWriting()
            defer { store.close() }
            // The signing key is sealed to the vault once there is one.
            try vaultOptions.apply(to: store, storeOptions: storeOptions, required: true)
            let folder = URL(fileURLWithPath: ((out ?? FileManager.default.currentDirectoryPath) as NSString).expandingTildeInPath)
            Interruption.catchSignals()
            var options = ExportOptions(folder: folder, full: full, seal: seal, includeProtected: includeProtected,
                                        inClear: inClear, isCancelled: { Interruption.requested })
            options.withholdFreeText = withholdFreeText
            let bar = ProgressBar(label: words.text("cli.export.progress"))
            let result: ExportResult
            do {
                result = try BundleWriter.export(store, options, keys: try storeOptions.keys(store)) { bar.show($0) }
            } catch let refusal as ExportRefusal {
                bar.clear()
                emit(refusal.message(in: words))
                return
            } catch BundleError.interrupted {
                bar.clear()
                FileHandle.standardError.write(Data("liaison: \(BundleError.interrupted.message(in: words))\n".utf8))
                throw ExitCode(130)
            } catch {
                bar.clear()
                throw error
            }
            bar.clear()
            let plan = result.plan
            emit(words.text("cli.export.written", ["sequence": "\(plan.sequence)", "path": result.url.path]))
            let size = Figures.bytes(result.size)
            emit(result.sealed ? words.text("cli.export.size_sealed", ["size": size])
                               : words.text("cli.export.size", ["size": size]))
            if let fingerprint = result.baseFingerprint {
                emit(words.text("cli.export.sealed_to", ["fingerprint": fingerprint]))
            }
            emit(words.text("cli.export.records", ["counts": Figures.counts(plan.counts)]))
            let upTo = "\(plan.upTo)"
            if plan.full {
                emit(words.text("cli.export.covers.full", ["to": upTo]))
            } else if let previous = plan.previous {
                emit(words.text("cli.export.covers.changes", [
                    "previous": "\(previous.sequence)", "from": "\(plan.from)", "to": upTo,
                ]))
            } else {
                emit(words.text("cli.export.covers.first", ["to": upTo]))
            }
            emit("  sha256   \(result.sha256)")
            let protected = result.protectedInClear
            if protected > 0 {
                let arguments = ["n": figure(protected)]
                let warning = result.sealed ? words.plural("cli.export.protected", count: protected, arguments)
                                            : words.plural("cli.export.protected_unencrypted", count: protected, arguments)
                FileHandle.standardError.write(Data(("liaison: " + warning + "\n").utf8))
            }
        }
    }
}

/// `liaison verify BUNDLE`: checks a bundle without importing it.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: words.text("cli.verify.abstract"),
        discussion: words.text("cli.verify.discussion"))

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: helpText("cli.verify.help.bundle", valueName: "bundle")) var bundle: String
    @Option(help: helpText("cli.verify.help.base_key", valueName: "file")) var baseKey: String?
    @Flag(help: helpText("cli.verify.help.allow_untrusted")) var allowUntrusted = false
    /// Kept for scripts written before a trusted signer was the rule: it changes nothing.
    @Flag(help: .hidden) var requireTrusted = false

    func run() throws {
        /// Whether the bundle holds everything or what changed since the one before, in
        /// words; what another tool wrote there, as it is.
        func exportWord(_ value: String) -> String {
            ["full", "incremental"].contains(value) ? words.text("cli.verify.export.\(value)") : value
        }
        /// A moment the bundle names, as the language writes it; as it is when unreadable.
        func moment(_ value: String) -> String { Timestamp(parsing: value).map(words.instant) ?? value }
        try reporting {
            let report = try BundleVerifier.verify(
                URL(fileURLWithPath: bundle), baseKey: baseKey.map { URL(fileURLWithPath: $0) },
                // Without a store of its own here, no officer is trusted.
                keys: try? storeOptions.keys(), allowUntrusted: allowUntrusted)
            let info = report.info
            // What the bundle says of itself; "?" where it says nothing.
            func said(_ name: String) -> String { info[name] ?? "?" }
            emit(report.sealed ? words.text("cli.verify.verified_sealed", ["file": report.fileName])
                               : words.text("cli.verify.verified", ["file": report.fileName]))
            emit(words.text("cli.verify.bundle", [
                "sequence": said("Liaison-Sequence"), "prefix": said("Liaison-Device-Prefix"),
                "device": "\(report.signer.deviceId)", "export": exportWord(
                    // The first bundle of a device holds all it had, whichever it was asked to be.
                    info["Liaison-Previous-Sequence"] == "none" ? "full" : said("Liaison-Export")),
            ]))
            let previous = info["Liaison-Previous-Sequence"] ?? "none"
            emit(previous == "none" ? words.text("cli.verify.previous.none")
                                    : words.text("cli.verify.previous", [
                                        "previous": previous, "digest": said("Liaison-Previous-SHA256"),
                                    ]))
            emit(words.text("cli.verify.officer", [
                "officer": said("Contact-Name"), "organisation": said("Source-Organization"),
            ]))
            let fingerprint = report.signer.fingerprint
            if let officer = report.signer.trustedOfficer {
                emit(words.text("cli.verify.signed.trusted", ["fingerprint": fingerprint, "officer": officer]))
            } else {
                emit(words.text("cli.verify.signed.untrusted", ["fingerprint": fingerprint]))
            }
            emit(words.text("cli.verify.covers", ["from": moment(said("Liaison-Changes-From")),
                                                   "to": moment(said("Liaison-Changes-To"))]))
            emit(words.text("cli.verify.records", ["counts": Figures.counts(report.counts)]))
            emit(words.plural("cli.verify.payload", count: report.payloadFiles, [
                "n": figure(report.payloadFiles), "size": Figures.bytes(report.payloadOctets),
            ]))
            emit("  sha256     \(report.sha256)")
        }
    }
}

/// `liaison keys`: the device's signing key, the base's sealing key, trusted officers.
struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: words.text("cli.keys.abstract"),
        discussion: words.text("cli.keys.discussion"),
        subcommands: [ShowKeys.self, ExportPublicKey.self, NewDeviceKey.self, BaseInit.self, SetBase.self, Trust.self,
                      Revoke.self],
        defaultSubcommand: ShowKeys.self)
}

struct ShowKeys: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: words.text("cli.keys.show.abstract"))

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reporting {
            let keys = try storeOptions.keys()
            let profile = storeOptions.profileIfAny()
            let device = try keys.devicePublicKey(profile: profile, now: try commandClock().instant())
            emit(words.text("cli.keys.show.device"))
            emit(words.text("cli.keys.show.fingerprint", ["fingerprint": device.fingerprint]))
            emit(words.text("cli.keys.show.public_key", ["key": device.key]))
            if let profile {
                emit(words.text("cli.keys.show.device_line", [
                    "prefix": profile.prefix, "id": profile.deviceId.uuidString.lowercased(), "officer": profile.officer,
                ]))
            }
            emit(words.text("cli.keys.show.folder", ["folder": keys.folder.path]))
            if let base = try keys.baseKey() {
                if let name = base.name {
                    emit(words.text("cli.keys.show.base_named", ["fingerprint": base.fingerprint, "name": name]))
                } else {
                    emit(words.text("cli.keys.show.base", ["fingerprint": base.fingerprint]))
                }
            } else {
                emit(words.text("cli.keys.show.no_base"))
            }
            let trusted = keys.trusted()
            emit(trusted.isEmpty ? words.text("cli.keys.show.no_trusted")
                                 : words.text("cli.keys.show.trusted", ["n": figure(trusted.count)]))
            for file in trusted {
                let officer = file.officer ?? "?"
                if let prefix = file.prefix {
                    emit(words.text("cli.keys.show.trusted_device", [
                        "fingerprint": file.fingerprint, "officer": officer, "prefix": prefix,
                    ]))
                } else {
                    emit("  \(file.fingerprint)  \(officer)")
                }
            }
        }
    }
}

struct ExportPublicKey: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-public", abstract: words.text("cli.keys.export.abstract"))

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: helpText("cli.keys.export.help.file", valueName: "file")) var file: String

    func run() throws {
        try reporting {
            let written = try storeOptions.keys().exportDevicePublicKey(
                to: URL(fileURLWithPath: file), profile: storeOptions.profileIfAny(), now: try commandClock().instant())
            emit(words.text("cli.keys.export.done", ["file": file, "fingerprint": written.fingerprint]))
            emit(words.text("cli.keys.export.advice"))
        }
    }
}

/// `liaison keys new`: a signing key for a device that has none (after a wipe).
struct NewDeviceKey: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new", abstract: words.text("cli.keys.new.abstract"))

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reporting {
            let store = try storeOptions.openForWriting()
            defer { store.close() }
            let key = try storeOptions.keys(store).newDeviceKey()
            emit(words.text("cli.keys.new.done", ["fingerprint": Fingerprint.of(key.publicKey.rawRepresentation)]))
            emit(words.text("cli.keys.new.advice"))
        }
    }
}

/// `liaison keys revoke FINGERPRINT --reason TEXT`: at base, for a lost or seized laptop.
struct Revoke: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: words.text("cli.keys.revoke.abstract"))

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: helpText("cli.keys.revoke.help.fingerprint", valueName: "fingerprint")) var fingerprint: [String]
    @Option(help: helpText("cli.keys.revoke.help.reason")) var reason: String

    func run() throws {
        try reporting {
            let store = try storeOptions.openForWriting()
            defer { store.close() }
            let revocation = try storeOptions.keys(store).revoke(fingerprint.joined(separator: " "), reason: reason, now: store.now())
            try store.audit(.revoke, detail: revocation.fingerprint)
            emit(words.text("cli.keys.revoke.done", ["fingerprint": revocation.fingerprint]))
        }
    }
}

struct BaseInit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "base-init", abstract: words.text("cli.keys.base_init.abstract"),
        discussion: words.text("cli.keys.base_init.discussion"))

    @Argument(help: helpText("cli.keys.base_init.help.folder", valueName: "folder")) var folder: String
    @Option(help: helpText("cli.keys.base_init.help.name")) var name: String?

    func run() throws {
        try reporting {
            let made = try KeyRing.makeBase(in: URL(fileURLWithPath: folder), name: name,
                                            now: try commandClock().instant())
            emit(words.text("cli.keys.base_init.done", ["fingerprint": made.file.fingerprint]))
            emit(words.text("cli.keys.base_init.private", ["path": made.private.path]))
            emit(words.text("cli.keys.base_init.public", ["path": made.public.path]))
        }
    }
}

struct SetBase: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-base", abstract: words.text("cli.keys.set_base.abstract"))

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: helpText("cli.keys.set_base.help.file", valueName: "file")) var file: String
    @Flag(help: helpText("cli.keys.set_base.help.replace")) var replace = false

    func run() throws {
        try reporting {
            let base = try storeOptions.keys().setBase(from: URL(fileURLWithPath: file), replacing: replace)
            if let name = base.name {
                emit(words.text("cli.keys.set_base.done_named", ["fingerprint": base.fingerprint, "name": name]))
            } else {
                emit(words.text("cli.keys.set_base.done", ["fingerprint": base.fingerprint]))
            }
            emit(words.text("cli.keys.set_base.advice"))
        }
    }
}

struct Trust: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust", abstract: words.text("cli.keys.trust.abstract"))

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: helpText("cli.keys.trust.help.file", valueName: "file")) var file: String
    @Option(help: helpText("cli.keys.trust.help.officer")) var officer: String

    func run() throws {
        try reporting {
            let ring = try storeOptions.keys()
            let before = ring.trusted()
            let trusted = try ring.trust(URL(fileURLWithPath: file), officer: officer)
            let name = trusted.officer ?? officer
            // Trusting a key again under another name renames its officer: said, not passed over.
            if let earlier = before.first(where: { $0.fingerprint == trusted.fingerprint })?.officer, earlier != name {
                emit(words.text("cli.keys.trust.renamed", ["before": earlier, "officer": name]))
            }
            if let prefix = trusted.prefix {
                emit(words.text("cli.keys.trust.done_device", [
                    "fingerprint": trusted.fingerprint, "officer": name, "prefix": prefix,
                ]))
            } else {
                emit(words.text("cli.keys.trust.done", ["fingerprint": trusted.fingerprint, "officer": name]))
            }
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
    /// A size: Foundation's words in English, as always (`1.2 MB (1234567 bytes)`); the
    /// catalogue's units in other languages (`1,2 Mo (1 234 567 octets)`).
    static func bytes(_ count: Int64) -> String {
        let size = words.language == .en ? ByteCountFormatter.string(fromByteCount: count, countStyle: .file)
                                         : decimalSize(count)
        guard count >= 1000 else { return size }
        return words.text("cli.bytes.exact", ["size": size, "bytes": figure(Int(truncatingIfNeeded: count))])
    }

    /// A size in decimal units (1 kB = 1000 bytes, as the file style counts): whole kB,
    /// then one decimal for MB, two beyond.
    private static func decimalSize(_ count: Int64) -> String {
        guard count >= 1000 else {
            let whole = Int(truncatingIfNeeded: count)
            return words.plural("cli.bytes.count", count: whole, ["n": figure(whole)])
        }
        var value = Double(count) / 1000
        var unit = 0
        while value >= 999.5 && unit < 3 {
            value /= 1000
            unit += 1
        }
        let digits = switch unit {
        case 0: String(format: "%.0f", value)
        case 1: String(format: "%.1f", value)
        default: String(format: "%.2f", value)
        }
        let number = words.language == .en ? digits : digits.replacingOccurrences(of: ".", with: ",")
        return switch unit {
        case 0: words.text("cli.bytes.kb", ["value": number])
        case 1: words.text("cli.bytes.mb", ["value": number])
        case 2: words.text("cli.bytes.gb", ["value": number])
        default: words.text("cli.bytes.tb", ["value": number])
        }
    }

    /// Counts of records by kind: `3 contacts, 1 meeting, 0 grievances, 2 feedback`.
    static func counts(_ counts: [RecordKind: Int]) -> String {
        RecordKind.allCases.map { counted($0, counts[$0] ?? 0) }.joined(separator: ", ")
    }
}
