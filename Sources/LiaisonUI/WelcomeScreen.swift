import LiaisonCore
import TerminalKit

/// The first run: who works on this device, and whether to load demo data.
enum WelcomeScreen {
    /// Draws the screen and returns the cursor of the field being typed in.
    static func draw(_ welcome: WelcomeState, confirmingQuit: Bool, words: Catalogue = .standard(.en),
                     into buffer: inout ScreenBuffer) -> Point? {
        let width = buffer.size.width
        let height = buffer.size.height
        buffer.fill(Rect(x: 0, y: 0, width: width, height: 1), style: .statusBar)
        buffer.put(" " + words.text("ui.welcome.title"), x: 0, y: 0, style: Style(.statusBar, bold: true))
        var y = 2
        let intro = words.text("ui.welcome.intro")
        for row in DetailPage.wrap(intro, width: width - 4) where y < height - 8 {
            buffer.put(row, x: 2, y: y)
            y += 1
        }
        y += 1
        var cursor: Point?
        let fieldWidth = min(40, width - 16)
        let fields: [(WelcomeState.Focus, String, LineEditor)] = [
            (.officer, words.text("ui.welcome.officer"), welcome.officer), (.unit, words.text("ui.welcome.unit"), welcome.unit),
            (.prefix, words.text("ui.welcome.prefix"), welcome.prefix),
        ]
        for (focus, label, editor) in fields {
            let focused = welcome.focus == focus
            buffer.put(label, x: 2, y: y, style: focused ? .title : .text)
            let (text, cursorX) = editor.visible(width: fieldWidth)
            buffer.fill(Rect(x: 12, y: y, width: fieldWidth, height: 1), style: focused ? .selection : Style(.text, underline: true))
            buffer.put(text, x: 12, y: y, style: focused ? .selection : Style(.text, underline: true), limit: fieldWidth,
                       asTyped: focused)
            if focused { cursor = Point(x: 12 + cursorX, y: y) }
            y += 2
        }
        let language = welcome.language == .fr ? words.text("ui.language.fr") : words.text("ui.language.en")
        buffer.put(fitting: words.text("ui.welcome.language", ["language": language]), x: 2, y: y, width: width - 4,
                   style: welcome.focus == .language ? .selection : .text)
        y += 2
        let box = welcome.loadDemo ? "[x]" : "[ ]"
        buffer.put(fitting: box + " " + words.text("ui.welcome.demo"), x: 2, y: y, width: width - 4,
                   style: welcome.focus == .demo ? .selection : .text)
        y += 2
        buffer.put(" " + (welcome.working ? words.text("ui.welcome.setting_up") : words.text("ui.welcome.start")) + " ", x: 2, y: y,
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
            buffer.put(fitting: " " + words.text("ui.welcome.leave_question"), x: 0, y: footerY,
                       width: width, style: .warning)
        } else {
            Footer.drawKeys(KeyTable.footer(.welcome, words: words), y: footerY, into: &buffer)
        }
        return welcome.working ? nil : cursor
    }
}
