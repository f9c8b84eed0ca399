/// Where frames are shown and keys come from: the real terminal through curses, or a
/// memory terminal in tests.
public protocol Terminal: AnyObject {
    /// The size now, in cells.
    var size: Size { get }

    /// Shows a frame, sending only what differs from the frame shown before, and puts the
    /// cursor at `cursor` (hidden when nil).
    func present(_ frame: ScreenBuffer, cursor: Point?)

    /// The next event, waiting at most `timeout` (forever when nil); nil when the time ran
    /// out or, for a scripted terminal, when the script is over.
    func nextEvent(timeout: Duration?) -> InputEvent?

    /// Hands the terminal to another program (the officer's editor) while `body` runs,
    /// then takes it back and repaints everything.
    func runOutside(_ body: () -> Void)
}

extension Terminal {
    public func runOutside(_ body: () -> Void) { body() }
}

/// A terminal in memory for tests: it plays scripted events and keeps the last frame,
/// which reads back as lines of text.
public final class MemoryTerminal: Terminal {
    public private(set) var size: Size
    public private(set) var frame: ScreenBuffer
    public private(set) var cursor: Point?
    private let script: [InputEvent]
    private var next = 0

    public init(size: Size = Size(width: 80, height: 24), script: [InputEvent] = []) {
        self.size = size
        self.frame = ScreenBuffer(size: size)
        self.script = script
    }

    /// The scripted events not yet read.
    public var remaining: Int { script.count - next }

    /// The screen as a person would read it.
    public var lines: [String] { frame.lines }

    public func present(_ frame: ScreenBuffer, cursor: Point?) {
        self.frame = frame
        self.cursor = cursor
    }

    public func nextEvent(timeout: Duration?) -> InputEvent? {
        guard next < script.count else { return nil }
        let event = script[next]
        next += 1
        if case .resize(let newSize) = event { size = newSize }
        return event
    }
}
