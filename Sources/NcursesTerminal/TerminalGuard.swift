@preconcurrency import CNcursesw
import Glibc

/// State the signal handlers read. Written before the handlers are installed, or by the
/// handlers themselves (a single word), so no lock is needed.
nonisolated(unsafe) private var pendingSignal: Int32 = 0
nonisolated(unsafe) private var savedModes = termios()
nonisolated(unsafe) private var haveSavedModes = false
nonisolated(unsafe) private var restoreSequence: UnsafeMutablePointer<CChar>?
nonisolated(unsafe) private var restoreSequenceLength = 0

/// Makes sure the terminal is given back whatever ends the process.
///
/// SIGINT, SIGTERM, SIGHUP and SIGQUIT only set a flag that the input loop turns into an
/// event, so the interface leaves through its normal path. A crash (a Swift runtime trap
/// is SIGILL or SIGTRAP) restores the saved terminal modes and leaves the alternate
/// screen with calls that are safe in a signal handler, then dies of the same signal.
enum TerminalGuard {
    private static let endingSignals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
    private static let crashSignals = [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE]

    static func installSignalHandlers() {
        if tcgetattr(STDIN_FILENO, &savedModes) == 0 { haveSavedModes = true }
        for signal in endingSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { pendingSignal = $0 }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0 // no SA_RESTART: a signal wakes a waiting read
            sigaction(signal, &action, nil)
        }
    }

    static func installCrashHandlers() {
        for signal in crashSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signal in
                if haveSavedModes { tcsetattr(STDIN_FILENO, TCSAFLUSH, &savedModes) }
                if let restoreSequence { _ = write(STDOUT_FILENO, restoreSequence, restoreSequenceLength) }
                Glibc.signal(signal, SIG_DFL)
                raise(signal)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, nil)
        }
    }

    static func removeSignalHandlers() {
        for signal in endingSignals + crashSignals { Glibc.signal(signal, SIG_DFL) }
    }

    /// Remembers the terminal's own sequences to leave the alternate screen, show the
    /// cursor and reset attributes, for the crash handler.
    static func saveRestoreSequence() {
        var text = ""
        for capability in ["sgr0", "cnorm", "rmcup"] {
            if let value = tigetstr(capability), Int(bitPattern: value) != -1 { text += String(cString: value) }
        }
        restoreSequence = strdup(text)
        restoreSequenceLength = text.utf8.count
    }

    /// The ending signal received since the last call, if any.
    static func takePendingSignal() -> Int32? {
        let signal = pendingSignal
        guard signal != 0 else { return nil }
        pendingSignal = 0
        return signal
    }
}
