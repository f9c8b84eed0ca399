import Foundation

/// Who reads a contact's name.
public enum NameReader: Sendable, Equatable {
    /// The officer, on this device: screens, lists, search and record pages.
    case officer
    /// Whoever gets what leaves the device: bundles, their calendar, cards and tables.
    /// `withIdentities` is the officer's explicit choice to send real names (sealed to base).
    case outside(withIdentities: Bool)
}

/// The one rule for how a contact is named, and to whom. Every screen, list, export and
/// calendar asks it rather than deciding for itself.
public struct ContactName: Sendable, Equatable {
    public var name: String
    public var codeName: String
    public var isProtected: Bool
    /// The name in the contact's own script, when it has one.
    public var localName: String

    /// What a protected contact without a code name is called outside the device.
    public static let unnamedProtected = "protected contact"

    public init(name: String, codeName: String, isProtected: Bool, localName: String = "") {
        self.name = name
        self.codeName = codeName
        self.isProtected = isProtected
        self.localName = localName
    }

    public init(_ contact: Contact) {
        self.init(name: contact.name, codeName: contact.codeName, isProtected: contact.sensitivity == .protected,
                  localName: contact.localName)
    }

    /// The name `reader` may see, and beside it the local name when the reader may see the
    /// real one: `Khadija Musa  خديجة موسى`.
    public func shownWithLocalName(to reader: NameReader) -> String {
        let shown = shown(to: reader)
        let seesRealName = switch reader {
        case .officer: true
        case .outside(let withIdentities): !isProtected || withIdentities
        }
        return seesRealName && !localName.isEmpty ? "\(shown)  \(localName)" : shown
    }

    /// The name `reader` may see. On the device the officer sees the real name, with the code
    /// name beside it for a protected contact so that it is never used by mistake; outside,
    /// a protected contact is only ever its code name, unless the officer sends identities.
    public func shown(to reader: NameReader) -> String {
        switch reader {
        case .officer:
            // A sealed contact, the vault locked, is its code name alone.
            isProtected && !codeName.isEmpty && name != codeName ? "\(name) (\(codeName))" : name
        case .outside(let withIdentities):
            isProtected && !withIdentities ? (codeName.isEmpty ? Self.unnamedProtected : codeName) : name
        }
    }
}
