import Foundation
import Testing

/// The command line in French: from the locale variables, or from the device's choice.
struct LanguageTests {
    @Test func frenchLocaleVariablesGiveFrenchHelpStatsAndErrors() throws {
        let cli = try LiaisonProcess()
        let french = ["LANG": "fr_FR.UTF-8"]
        let help = try cli.run(["init", "--help"], environment: french)
        #expect(help.output.contains("Configurer cet appareil") || help.output.contains("configurer cet appareil"),
                "\(help.output)")
        #expect(try cli.run(["init", "--officer", "Amina Yusuf", "--unit", "CAU", "--prefix", "KDL"]).status == 0)
        let stats = try cli.run(["stats"], environment: french)
        #expect(stats.status == 0)
        #expect(stats.output.contains("Réunions") && stats.output.contains("Plaintes"), "\(stats.output)")
        let missing = try cli.run(["show", "NOPE"], environment: french)
        #expect(missing.status == 64)
        #expect(missing.error.contains("Aucun élément"), "\(missing.error)")
        let invalid = try cli.run(["add", "contact"], input: #"{"name": ""}"#, environment: french)
        #expect(invalid.status == 65)
        #expect(invalid.error.contains("Nom est obligatoire"), "\(invalid.error)")
        // Under LANG=C.UTF-8 (the tests' own) the same run is English.
        #expect(try cli.run(["show", "NOPE"]).error.contains("Nothing in the store"))
    }

    @Test func initLanguageFrMakesTheDeviceSpeakFrenchWhateverLang() throws {
        let cli = try LiaisonProcess()
        let setUp = try cli.run(["init", "--officer", "Amina Yusuf", "--unit", "CAU", "--prefix", "KDL", "--language", "fr"])
        #expect(setUp.status == 0)
        #expect(setUp.output.contains("Appareil configuré"), "\(setUp.output)")
        let stats = try cli.run(["stats"])
        #expect(stats.output.contains("Réunions"), "the device's language wins over LANG=C.UTF-8: \(stats.output)")
        // Changing the profile without naming a language keeps the one chosen.
        #expect(try cli.run(["init", "--officer", "Amina Yusuf", "--unit", "CAU", "--prefix", "BOR", "--force"]).status == 0)
        #expect(try cli.run(["stats"]).output.contains("Réunions"))
        #expect(try cli.run(["init", "--officer", "A", "--unit", "B", "--prefix", "BOR", "--force", "--language", "de"]).status == 64)
    }
}
