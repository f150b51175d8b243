/// Reads a Python config into the same tree as the JSON front end (issue: Python configs).
public enum PythonFrontEnd {
    public static func parse(file: String, bytes: [UInt8]) -> ConfigDocument {
        let lines = LineIndex(bytes: bytes)
        return ConfigDocument(file: file, format: .python, root: nil,
                              syntaxError: ConfigSyntaxError(message: "Python configs are not read yet", position: .start),
                              lines: lines)
    }
}

extension PythonFrontEnd {
    /// Whether a file RETURNN would read line-based is really Python (an assignment, import or def line).
    public static func looksLikePython(bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes.prefix(65536), as: UTF8.self)
        for line in text.split(separator: "\n") {
            let t = line.drop { $0 == " " || $0 == "\t" }
            if t.hasPrefix("import ") || t.hasPrefix("from ") || t.hasPrefix("def ") || t.hasPrefix("class ") { return true }
            if let eq = t.firstIndex(of: "="), t[..<eq].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == " " }),
               !t[..<eq].allSatisfy({ $0 == " " }) { return true }
        }
        return false
    }
}
