import ArgumentParser
import Foundation
import LiaisonCore

/// The words of this run. Every sentence the command line prints itself, and its `--help`,
/// comes from here by key (`Resources/strings/<code>/cli.json`). They start in the language
/// the locale variables name; once a store is open, the language its device chose wins.
var words: Catalogue { RunWords.shared.current }

/// The language of this run, which opening a store may change once.
final class RunWords: @unchecked Sendable {
    static let shared = RunWords()
    private let lock = NSLock()
    private var chosen = Catalogue.officer

    var current: Catalogue { lock.withLock { chosen } }

    /// Speaks the language a device's profile chose, when it chose one.
    func follow(_ profile: DeviceProfile?) {
        guard let language = profile?.language else { return }
        lock.withLock { chosen = .standard(language) }
    }
}

extension Language: ExpressibleByArgument {}

/// The help of an option, flag or argument, from the catalogue.
func helpText(_ key: String, valueName: String? = nil) -> ArgumentHelp {
    ArgumentHelp(words.text(key), valueName: valueName)
}

/// A whole number as the command line writes it: plain digits in English, as it always
/// has, so that scripts reading its output see no change; grouped in French (`1 234`).
func figure(_ value: Int) -> String {
    words.language == .en ? String(value) : words.number(value)
}

/// A count of records with its noun: `60 meetings`, `1 grievance`.
func counted(_ kind: RecordKind, _ count: Int) -> String {
    figure(count) + " " + words.noun(kind, count: count)
}
