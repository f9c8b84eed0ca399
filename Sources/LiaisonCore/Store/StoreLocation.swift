import Foundation

/// Where the store lives: `--store PATH`, else `LIAISON_STORE`, else the user's data
/// folder (`$XDG_DATA_HOME/liaison/` or `~/.local/share/liaison/`).
public enum StoreLocation {
    /// The file name of a store inside a folder.
    public static let fileName = "liaison.sqlite"

    /// The store file to use. A path that names an existing folder means the store in it.
    public static func resolve(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let path = option ?? environment["LIAISON_STORE"].flatMap({ $0.isEmpty ? nil : $0 }) {
            let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
                return url.appendingPathComponent(fileName)
            }
            return url
        }
        return dataFolder(environment: environment).appendingPathComponent(fileName)
    }

    /// The user's data folder for liaison.
    public static func dataFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("liaison")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/liaison")
    }
}
