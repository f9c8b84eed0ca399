#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file, a key or a store cannot be used, said in the reader's language: a catalogue
/// key with the values its words name, or the system's own words for an error liaison does
/// not name itself (`strerror`), which stay as they are.
public struct Reason: Sendable, Equatable, CustomStringConvertible {
    /// The catalogue key; nil for the system's own words.
    public let key: String?
    /// The values the words name (a path, a version), which stay as they are.
    public let values: [String: String]
    private let said: String
    /// What lies behind it (an errno), worded in the same language as its `{why}`; at most one.
    private let causes: [Reason]

    /// The words of `key`; `cause`, when given, fills its `{why}`.
    public init(_ key: String, _ values: [String: String] = [:], because cause: Reason? = nil) {
        self.key = key
        self.values = values
        said = ""
        causes = cause.map { [$0] } ?? []
    }

    private init(said: String) {
        key = nil
        values = [:]
        self.said = said
        causes = []
    }

    /// The system's own words, for an error liaison does not name.
    public static func system(_ words: String) -> Reason { Reason(said: words) }

    /// Why a file could not be written (or, not `writing`, read), from errno: in the
    /// catalogue's words for those liaison names, the system's own for any other.
    public static func errno(_ code: Int32, writing: Bool = true) -> Reason {
        switch code {
        case ENOSPC: Reason("core.errno.no_space")
        case EDQUOT: Reason("core.errno.quota")
        case EACCES, EPERM: Reason(writing ? "core.errno.permission" : "core.errno.read_permission")
        case EROFS: Reason("core.errno.read_only")
        case ENOENT: Reason(writing ? "core.errno.no_folder" : "core.errno.no_such_file")
        case ENOTDIR: Reason("core.errno.not_a_folder")
        case EEXIST: Reason("core.errno.exists")
        case ELOOP: Reason("core.errno.link")
        default: .system(String(cString: strerror(code)))
        }
    }

    /// The words in the language of `words`.
    public func text(in words: Catalogue) -> String {
        guard let key else { return said }
        var filled = values
        if let cause = causes.first { filled["why"] = cause.text(in: words) }
        return words.text(key, filled)
    }

    public var description: String { text(in: .standard(.en)) }
}
