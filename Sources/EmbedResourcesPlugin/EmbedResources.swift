import Foundation
import PackagePlugin

/// Embeds the data files of the package's Resources/ folder into the target as Swift
/// source, so the taxonomies stay editable data and a copied binary needs no bundle.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let resources = context.package.directoryURL.appending(path: "Resources")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources.swift")
        let inputs = Self.dataFiles(below: resources)
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) resource files into \(target.name)",
                executable: try context.tool(named: "EmbedResourcesTool").url,
                arguments: [output.path, resources.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }

    static func dataFiles(below folder: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        var files: [URL] = []
        for case let url as URL in walker where ["json", "txt", "md"].contains(url.pathExtension) {
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }
}
