import Foundation

/// Writes a Swift source file that holds the text of each data file in Resources/,
/// keyed by its path below Resources/ (for example `taxonomies/contact-roles.json`).
///
/// Usage: `EmbedResourcesTool OUTPUT RESOURCES-DIR FILE...`
@main
struct EmbedResourcesTool {
    static func main() throws {
        let arguments = CommandLine.arguments.dropFirst()
        guard arguments.count >= 2 else {
            FileHandle.standardError.write(Data("usage: EmbedResourcesTool OUTPUT RESOURCES-DIR FILE...\n".utf8))
            exit(64)
        }
        let output = URL(fileURLWithPath: arguments[arguments.startIndex])
        let root = URL(fileURLWithPath: arguments[arguments.startIndex + 1]).standardizedFileURL.path
        var source = """
        // Generated at build time from Resources/ by EmbedResourcesTool. Do not edit.

        enum EmbeddedResources {
            /// The text of each data file, keyed by its path below Resources/.
            static let files: [String: String] = [

        """
        for path in arguments.dropFirst(2).sorted() {
            let url = URL(fileURLWithPath: path).standardizedFileURL
            let text = try String(contentsOf: url, encoding: .utf8)
            var key = url.path
            if key.hasPrefix(root + "/") { key.removeFirst(root.count + 1) }
            source += "        \(literal(key)): \(literal(text)),\n"
        }
        source += "    ]\n}\n"
        try Data(source.utf8).write(to: output, options: .atomic)
    }

    /// A Swift string literal for any text: each scalar outside printable ASCII is escaped.
    static func literal(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case " "..."~": out.unicodeScalars.append(scalar)
            default: out += "\\u{\(String(scalar.value, radix: 16))}"
            }
        }
        return out + "\""
    }
}
