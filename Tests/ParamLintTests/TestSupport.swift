import Testing
@testable import ParamLint

/// The package root, found from this file's path (tests read committed fixtures, never resources).
let packageRoot: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    while let last = parts.last, last != "Tests" { parts.removeLast() }
    parts.removeLast()
    return parts.joined(separator: "/")
}()

func readText(_ relativePath: String) throws -> String {
    String(decoding: try DiskFileSystem.read(packageRoot + "/" + relativePath), as: UTF8.self)
}

func parseJSON(_ text: String, file: String = "config.json") -> ConfigDocument {
    JSONFrontEnd.parse(file: file, bytes: Array(text.utf8))
}

#if canImport(Glibc)
import Glibc
#endif

func listDirectory(_ path: String) -> [String] {
    guard let dir = opendir(path) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafePointer(to: entry.pointee.d_name) {
            $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
}
