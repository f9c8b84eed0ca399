import Foundation

extension Contact {
    /// Kept sealed in the vault: a protected contact's fields that identify the person, as
    /// the schema marks them.
    public var isSealedInVault: Bool { sensitivity == .protected }

    /// What a contact's seal is bound to: its own id, so that one contact's sealed fields
    /// moved onto another's row do not open.
    static func sealPurpose(_ id: UUID) -> String { "contact \(id.uuidString)" }

    /// The identifying fields, as a JSON object of their values, for the vault to seal.
    func identity() -> Data {
        var object: [String: Any] = [:]
        for spec in Self.identifyingFields {
            switch spec.value(of: self) {
            case .text(let text): object[spec.json] = text
            case .texts(let texts): object[spec.json] = texts
            default: break
            }
        }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    /// Puts back the identifying fields an opened seal holds; false when it holds something else.
    mutating func reveal(_ identity: Data) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: identity) as? [String: Any] else { return false }
        var copy = self
        for spec in Self.identifyingFields {
            let value: FieldValue
            switch spec.type {
            case .list:
                guard let texts = object[spec.json] as? [String] else { return false }
                value = .texts(texts)
            default:
                guard let text = object[spec.json] as? String else { return false }
                value = .text(text)
            }
            guard (try? spec.set(value, in: &copy)) != nil else { return false }
        }
        copy.sealedAway = false
        self = copy
        return true
    }

    /// The contact as the store keeps it in clear while its identity is sealed: every
    /// identifying field empty, and its code name where its name was.
    public func sealedView() -> Contact {
        var copy = self
        for spec in Self.identifyingFields {
            switch spec.type {
            case .list: try? spec.set(.texts([]), in: &copy)
            default: try? spec.set(.text(""), in: &copy)
            }
        }
        copy.name = codeName.isEmpty ? ContactName.unnamedProtected : codeName
        copy.sealedAway = true
        return copy
    }
}
