/// An error that says, in the officer's language, what went wrong and what to do.
public protocol WordedError: Error {
    func message(in words: Catalogue) -> String
}

extension ValidationError: WordedError {}
extension WorkflowError: WordedError {}
extension EditConflict: WordedError {}
extension ExportRefusal: WordedError {}
extension StoreError: WordedError {}
extension ConflictChoiceError: WordedError {}
extension ImportRefusal: WordedError {}
extension TaxonomyError: WordedError {}
extension ClockSettingError: WordedError {}
extension VaultError: WordedError {}
