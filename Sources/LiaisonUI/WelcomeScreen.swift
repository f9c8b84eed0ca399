import TerminalKit

/// The first run: who works on this device, and whether to load demo data.
enum WelcomeScreen {
    /// Draws the screen and returns the cursor of the field being typed in.
    static func draw(_ welcome: WelcomeState, confirmingQuit: Bool, into buffer: inout ScreenBuffer) -> Point? {
        let width = buffer.size.width
        let height = buffer.size.height
        buffer.fill(Rect(x: 0, y: 0, width: width, height: 1), style: .statusBar)
        buffer.put(" liaison: set up this device", x: 0, y: 0, style: Style(.statusBar, bold: true))
        var y = 2
        let intro = "Welcome. Before the first meeting, tell liaison who works on this device. "
            + "The prefix (2 to 6 letters) starts every grievance reference, such as KDL-2026-0042."
        for row in DetailPage.wrap(intro, width: width - 4) where y < height - 8 {
            buffer.put(row, x: 2, y: y)
            y += 1
        }
        y += 1
        var cursor: Point?
        let fieldWidth = min(40, width - 16)
        let fields: [(WelcomeState.Focus, String, LineEditor)] = [
            (.officer, "Officer", welcome.officer), (.unit, "Unit", welcome.unit), (.prefix, "Prefix", welcome.prefix),
        ]
        for (focus, label, editor) in fields {
            let focused = welcome.focus == focus
            buffer.put(label, x: 2, y: y, style: focused ? .title : .text)
            let (text, cursorX) = editor.visible(width: fieldWidth)
            buffer.fill(Rect(x: 12, y: y, width: fieldWidth, height: 1), style: focused ? .selection : Style(.text, underline: true))
            buffer.put(text, x: 12, y: y, style: focused ? .selection : Style(.text, underline: true), limit: fieldWidth)
            if focused { cursor = Point(x: 12 + cursorX, y: y) }
            y += 2
        }
        let box = welcome.loadDemo ? "[x]" : "[ ]"
        buffer.put(fitting: "\(box) Load demo data: made-up records to try the screens with", x: 2, y: y, width: width - 4,
                   style: welcome.focus == .demo ? .selection : .text)
        y += 2
        buffer.put(welcome.working ? " Setting up… " : " Start ", x: 2, y: y,
                   style: welcome.focus == .start ? .selection : Style(.text, bold: true))
        y += 2
        if let problem = welcome.problem {
            for row in DetailPage.wrap(problem, width: width - 4) where y < height - 1 {
                buffer.put(row, x: 2, y: y, style: .error)
                y += 1
            }
        }
        let footerY = height - 1
        buffer.fill(Rect(x: 0, y: footerY, width: width, height: 1), style: .statusBar)
        if confirmingQuit {
            buffer.put(fitting: " Leave without setting up? y leaves, any other key stays.", x: 0, y: footerY,
                       width: width, style: .warning)
        } else {
            Footer.drawKeys([("Tab", "Next field"), ("Space", "Tick"), ("Enter", "Next / Start"), ("Esc", "Leave")],
                            y: footerY, into: &buffer)
        }
        return welcome.working ? nil : cursor
    }
}
