import Foundation
import LiaisonBundle
import LiaisonCore

extension EffectRunner {
    /// The vault's effects: reading whether there is one, unlocking, making, locking and
    /// wiping it.
    func performVaultEffect(_ effect: Effect) throws -> [Message] {
        do {
            // Before the device is set up it has no keys, and so no vault.
            guard let keys = try? keyFolders.ring(for: store) else {
                return effect == .loadVault ? [.vaultLoaded(.none)] : [.vaultRefused(StoreError.notInitialized.message(in: words))]
            }
            switch effect {
            case .loadVault:
                return [.vaultLoaded(try status(keys))]
            case .unlock(let passphrase):
                try store.useVault(try keys.unlockVault(passphrase: passphrase))
                try store.audit(.unlock)
                let status = try status(keys)
                return [.vaultChanged(status, sentence: words.plural("ui.vault.unlocked", count: status.lockAfterMinutes ?? 0))]
            case .createVault(let passphrase):
                let vault = try keys.createVault(passphrase: passphrase, now: store.now())
                try store.bindVault(vault)
                let sealed = try store.sealProtectedContacts()
                try store.audit(.vault, detail: "\(sealed)")
                return [.vaultChanged(try status(keys), sentence: words.plural("ui.vault.made", count: sealed))]
            case .lockVault(let idle):
                store.lockVault()
                try store.audit(.lock, detail: idle ? "idle" : "")
                let status = try status(keys)
                let sentence = idle ? words.plural("ui.vault.locked_idle", count: status.lockAfterMinutes ?? 0)
                                    : words.text("ui.vault.locked")
                return [.vaultChanged(status, sentence: sentence)]
            case .wipe:
                let destroyed = try keys.wipe()
                try store.useVault(nil)
                try store.audit(.wipe, detail: destroyed.map(\.lastPathComponent).joined(separator: " "))
                return [.vaultChanged(.none, sentence: destroyed.isEmpty ? words.text("ui.wipe.nothing")
                                                                         : words.text("ui.wipe.done"))]
            default:
                return []
            }
        } catch let refusal as VaultError {
            return [.vaultRefused(refusal.message(in: words))]
        } catch let refusal as BundleError {
            return [.vaultRefused(refusal.message(in: words))]
        }
    }

    private func status(_ keys: KeyRing) throws -> VaultStatus {
        guard let file = try keys.vaultFile() else { return .none }
        return store.vault?.isUnlocked == true ? .unlocked(lockAfterMinutes: file.lockAfterMinutes)
                                               : .locked(lockAfterMinutes: file.lockAfterMinutes)
    }
}
