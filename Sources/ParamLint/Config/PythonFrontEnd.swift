/// Reads a Python config into the same tree as the JSON front end (issue: Python configs).
public enum PythonFrontEnd {
    public static func parse(file: String, bytes: [UInt8]) -> ConfigDocument {
        let lines = LineIndex(bytes: bytes)
        return ConfigDocument(file: file, format: .python, root: nil,
                              syntaxError: ConfigSyntaxError(message: "Python configs are not read yet", position: .start),
                              lines: lines)
    }
}
