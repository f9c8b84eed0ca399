import Foundation
import LiaisonCore
import TerminalKit
import Testing
@testable import LiaisonUI

struct FormTests {
    @Test func scratch() throws {
        let fixture = try Fixture()
        let t = fixture.run([key(.character("n"))] + keys("Market day forum") + [key(.enter), key(.tab), key(.tab)] + keys("90m")
                            + [key(.tab), key(.tab), key(.tab), key(.tab), key(.tab)] + keys("am") )
        print(t.lines.joined(separator: "\n"))
        let t2 = fixture.run([key(.character("n"))] + [key(.control("s"))])
        print(t2.lines.joined(separator: "\n"))
    }
}
