import ArgumentParser
import Foundation
import LiaisonBundle
import LiaisonCore

/// Exit codes, as sysexits(3) names them.
enum ExitStatus: Int32 {
    case usage = 64, dataError = 65, noInput = 66, software = 70, cannotCreate = 73, ioError = 74, busy = 75, notTrusted = 77
}

/// A failure of the command line itself, with the exit code it ends with.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    let status: ExitStatus
}

/// Runs a command's body; any error becomes one sentence on stderr and a documented exit code.
func reporting(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        let (sentence, status) = explain(error)
        FileHandle.standardError.write(Data("liaison: \(TextSafety.cleaned(sentence, limit: 4000))\n".utf8))
        throw ExitCode(status.rawValue)
    }
}

func explain(_ error: any Error) -> (String, ExitStatus) {
    switch error {
    case let failure as CommandFailure:
        return (failure.description, failure.status)
    case let invalid as LiaisonCore.ValidationError:
        return (invalid.message(in: words), .dataError)
    case let workflow as WorkflowError:
        return (workflow.message(in: words), .dataError)
    case let decoding as DecodingError:
        return (RecordJSON.problem(decoding).message(in: words), .dataError)
    case let bundle as BundleError:
        switch bundle {
        case .cannotWrite, .cannotWriteKey: return (bundle.message(in: words), .cannotCreate)
        case .cannotRead: return (bundle.message(in: words), .noInput)
        case .badKey, .refused, .badLine: return (bundle.message(in: words), .dataError)
        case .noBaseKey, .sealedNeedsKey, .otherBaseKey, .protectedNeedsSeal: return (bundle.message(in: words), .usage)
        case .interrupted: return (bundle.message(in: words), .software)
        case .untrusted, .revoked: return (bundle.message(in: words), .notTrusted)
        }
    case let vault as VaultError:
        switch vault {
        case .wrongPassphrase, .damaged: return (vault.message(in: words), .dataError)
        default: return (vault.message(in: words), .usage)
        }
    case let refusal as ImportRefusal:
        return (refusal.message(in: words), .dataError)
    case let choice as ConflictChoiceError:
        return (choice.message(in: words), .usage)
    case let refusal as ExportRefusal:
        return (refusal.message(in: words), .usage)
    case let clock as ClockSettingError:
        return (clock.message(in: words), .usage)
    case let taxonomy as TaxonomyError:
        return (taxonomy.message(in: words), .software)
    case let store as StoreError:
        switch store {
        case .missing, .unreadable: return (store.message(in: words), .noInput)
        case .notAStore, .newerSchema, .damaged, .deleted, .alreadyDeleted, .notDeleted, .missingLink, .statusChangeNeedsMove, .clash:
            return (store.message(in: words), .dataError)
        case .busy: return (store.message(in: words), .busy)
        case .notInitialized, .alreadyInitialized, .notFound, .ambiguous: return (store.message(in: words), .usage)
        case .io: return (store.message(in: words), .ioError)
        }
    default:
        // Files the system could not read or write: a sentence, not Foundation's dump.
        if let code = BundleError.posixCode(of: error) {
            let status: ExitStatus = code == ENOENT || code == EACCES || code == EISDIR ? .noInput : .ioError
            return (words.text("cli.failure.file", ["reason": Reason.errno(code).text(in: words)]), status)
        }
        // Anything else is liaison's own bug.
        return (words.text("cli.failure.internal", ["error": "\(error)"]), .software)
    }
}

/// Writes a line to standard output (buffered), so long listings stream. Control
/// characters in it (from a record, a bundle or an argument) are shown as escapes, so they
/// cannot move the cursor, erase what was printed or forge a line.
func emit(_ line: String) {
    print(printable(line))
}

/// `text` with the control characters of every line shown as escapes; its line breaks stay.
func printable(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false)
        .map { TextSafety.cleaned($0, limit: Int.max) }.joined(separator: "\n")
}

/// Writes a line of JSON: JSON escapes control characters itself, and must stay as it is.
func emitJSON(_ line: String) {
    print(line)
}
