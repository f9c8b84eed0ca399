import Foundation
import LiaisonCore

/// Why a bundle could not be written, or why a bundle (or a key) is refused, in a sentence
/// for the officer or the analyst at base.
public enum BundleError: WordedError, Equatable, CustomStringConvertible {
    /// A folder or file could not be written: a full disk, a read-only stick.
    case cannotWrite(path: String, reason: Reason)
    /// A key file could not be written, or a file is in the way.
    case cannotWriteKey(path: String, reason: Reason)
    /// A file to read is missing or unreadable.
    case cannotRead(path: String, reason: Reason)
    /// A key file is not a liaison key of the expected kind.
    case badKey(path: String, reason: Reason)
    /// Sealing was asked for but no base key is set on this device.
    case noBaseKey
    /// A bundle failed a check: which file, which check.
    case refused(Refusal)
    /// A record line of a bundle cannot be taken, worded in the reader's language.
    case badLine(BadLine)
    /// A sealed bundle was given without the base's private key.
    case sealedNeedsKey(path: String)
    /// The export was stopped (Ctrl-C, a signal) before it finished.
    case interrupted
    /// Real names of protected contacts were asked for in a bundle that is not sealed.
    case protectedNeedsSeal
    /// Another base key is set already: replacing it must be asked for.
    case otherBaseKey(set: String, given: String)
    /// The bundle is sound but signed by a key base does not trust.
    case untrusted(bundle: String, fingerprint: String)
    /// The bundle is signed by a key base revoked (a lost or seized laptop).
    case revoked(bundle: String, fingerprint: String, reason: String)

    public var description: String { message(in: .standard(.en)) }

    /// The sentence in the language of `words`. Paths and the values of reasons stay as they are.
    public func message(in words: Catalogue) -> String {
        switch self {
        case .cannotWrite(let path, let reason): words.text("bundle.error.cannot_write", ["path": path, "reason": reason.text(in: words)])
        case .cannotWriteKey(let path, let reason): words.text("bundle.error.cannot_write_key", ["path": path, "reason": reason.text(in: words)])
        case .cannotRead(let path, let reason): words.text("bundle.error.cannot_read", ["path": path, "reason": reason.text(in: words)])
        case .badKey(let path, let reason): words.text("bundle.error.bad_key", ["path": path, "reason": reason.text(in: words)])
        case .noBaseKey: words.text("bundle.error.no_base_key")
        case .refused(let refusal): words.text("bundle.refused.\(refusal.code)", refusal.values)
        case .badLine(let bad): bad.message(in: words)
        case .interrupted: words.text("bundle.error.interrupted")
        case .protectedNeedsSeal: words.text("bundle.error.protected_needs_seal")
        case .otherBaseKey(let set, let given):
            words.text("bundle.error.other_base_key", ["set": set, "given": given])
        case .sealedNeedsKey(let path): words.text("bundle.error.sealed_needs_key", ["path": path])
        case .untrusted(let bundle, let fingerprint):
            words.text("bundle.error.untrusted", ["bundle": bundle, "fingerprint": fingerprint])
        case .revoked(let bundle, let fingerprint, let reason):
            words.text("bundle.error.revoked", ["bundle": bundle, "fingerprint": fingerprint, "reason": reason])
        }
    }

    /// A bundle refused for the check named by `code` (`bundle.refused.<code>` in the
    /// catalogue), with the values its sentence names.
    static func refused(_ code: String, _ values: [String: String]) -> BundleError {
        .refused(Refusal(code: code, values: values))
    }

    /// A failed write, whatever raised it: our own error as it is, an errno from the system,
    /// or Foundation's file errors (a full disk is `CocoaError` 640 there) in plain words.
    static func writing(_ path: String, _ error: any Error) -> BundleError {
        switch error {
        case let error as BundleError: return error
        case let error as POSIXError: return writing(path, errno: error.code.rawValue)
        default:
            if let code = posixCode(of: error) { return writing(path, errno: code) }
            // ZIPFoundation reports a failed write without its errno: a disk with almost
            // nothing left after the failure is the usual cause, and says so.
            if let free = freeBytes(near: path), free < 1 << 20 { return writing(path, errno: ENOSPC) }
            return .cannotWrite(path: path, reason: Reason("bundle.reason.write_failed"))
        }
    }

    /// The bytes free to this user on the file system that holds `path` (or its folder).
    static func freeBytes(near path: String) -> UInt64? {
        var info = statvfs()
        let folder = (path as NSString).deletingLastPathComponent
        guard statvfs(FileManager.default.fileExists(atPath: path) ? path : folder, &info) == 0 else { return nil }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize)
    }

    /// The errno behind a Foundation error, when it carries one.
    public static func posixCode(of error: any Error) -> Int32? {
        let error = error as NSError
        if error.domain == NSPOSIXErrorDomain { return Int32(error.code) }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(underlying.code)
        }
        if error.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: error.code) {
            case .fileWriteOutOfSpace: return ENOSPC
            case .fileWriteNoPermission, .fileReadNoPermission: return EACCES
            case .fileWriteVolumeReadOnly: return EROFS
            case .fileNoSuchFile, .fileReadNoSuchFile: return ENOENT
            default: return nil
            }
        }
        return nil
    }

    /// A sentence for a failed write, from errno.
    static func writing(_ path: String, errno code: Int32) -> BundleError {
        .cannotWrite(path: path, reason: .errno(code))
    }

}

/// A record line of a bundle that cannot be taken: line `line` (counted from 1) of `path`
/// in `bundle`, and what is wrong with it.
public struct BadLine: Sendable, Equatable {
    public enum Fault: Sendable, Equatable {
        /// Read, it breaks the rules a store holds its records to.
        case breaksRules(ValidationError)
        /// It is not a record of the kind (a code such as `meeting`); the problem, when known.
        case notValid(kind: String, FieldProblem?)
        /// Longer than any record can be.
        case tooLong
        /// It claims another device than the one that signed the bundle.
        case otherDevice(String)
        /// Not in the one form liaison writes records in.
        case notCanonical
        /// A record the bundle holds already.
        case twice(String)
    }

    public let line: Int
    public let path: String
    public let bundle: String
    public let reason: Fault

    public init(line: Int, path: String, bundle: String, _ reason: Fault) {
        self.line = line
        self.path = path
        self.bundle = bundle
        self.reason = reason
    }

    public func message(in words: Catalogue) -> String {
        var values = ["line": String(line), "path": path, "bundle": bundle]
        switch reason {
        case .breaksRules(let error):
            values["problem"] = error.message(in: words)
            return words.text("bundle.line.breaks_rules", values)
        case .notValid(let kind, let problem):
            values["kind"] = kind
            values = words.nouns(values)
            guard let problem else { return words.text("bundle.line.not_valid", values) }
            values["problem"] = problem.message(in: words)
            return words.text("bundle.line.not_valid_because", values)
        case .tooLong:
            return words.text("bundle.line.too_long", values)
        case .otherDevice(let device):
            values["device"] = device
            return words.text("bundle.line.other_device", values)
        case .notCanonical:
            return words.text("bundle.line.not_canonical", values)
        case .twice(let id):
            values["id"] = id
            return words.text("bundle.line.twice", values)
        }
    }
}

extension BundleError {
    /// The catalogue key the sentence is worded from, the same in every language: what a
    /// script reading `liaison import --json` matches rather than the words.
    public var key: String {
        switch self {
        case .cannotWrite: "bundle.error.cannot_write"
        case .cannotWriteKey: "bundle.error.cannot_write_key"
        case .cannotRead: "bundle.error.cannot_read"
        case .badKey: "bundle.error.bad_key"
        case .noBaseKey: "bundle.error.no_base_key"
        case .refused(let refusal): "bundle.refused.\(refusal.code)"
        case .badLine(let bad):
            switch bad.reason {
            case .breaksRules: "bundle.line.breaks_rules"
            case .notValid(_, let problem): problem == nil ? "bundle.line.not_valid" : "bundle.line.not_valid_because"
            case .tooLong: "bundle.line.too_long"
            case .otherDevice: "bundle.line.other_device"
            case .notCanonical: "bundle.line.not_canonical"
            case .twice: "bundle.line.twice"
            }
        case .sealedNeedsKey: "bundle.error.sealed_needs_key"
        case .interrupted: "bundle.error.interrupted"
        case .protectedNeedsSeal: "bundle.error.protected_needs_seal"
        case .otherBaseKey: "bundle.error.other_base_key"
        case .untrusted: "bundle.error.untrusted"
        case .revoked: "bundle.error.revoked"
        }
    }
}

/// Why a bundle is refused as a whole: the catalogue code of its sentence
/// (`bundle.refused.<code>`) and the values the sentence names (the bundle, a path, a
/// count), which stay as they are in every language.
public struct Refusal: Sendable, Equatable {
    public let code: String
    public let values: [String: String]
}
