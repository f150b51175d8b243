/// gcc/clang-style lines that editors' problem matchers parse; on a terminal each is followed by
/// the source line with a caret under the range, its notes and suggestions.
public struct TextReporter: Sendable {
    public var showSource: Bool
    public var color: Bool

    public init(showSource: Bool, color: Bool) {
        self.showSource = showSource
        self.color = color
    }

    public func render(_ diagnostics: [Diagnostic], documents: [String: ConfigDocument], fileCount: Int) -> String {
        var out = ""
        for d in diagnostics {
            out += line(d) + "\n"
            if showSource { out += excerpt(d, document: documents[d.file]) }
        }
        out += summary(diagnostics, fileCount: fileCount) + "\n"
        return out
    }

    public func line(_ d: Diagnostic) -> String {
        var location = d.file
        if let r = d.range { location += ":\(r.start.line):\(r.start.column)" }
        let severity = paint(d.severity.rawValue, code: Self.code(for: d.severity), bold: true)
        return "\(paint(location + ":", code: "", bold: true)) \(severity): \(d.message) \(paint("[\(d.ruleId) \(d.ruleName)]", code: "2", bold: false))"
    }

    func excerpt(_ d: Diagnostic, document: ConfigDocument?) -> String {
        var out = ""
        if let r = d.range, let doc = document {
            let text = doc.lines.lineText(r.start.line)
            let gutter = String(r.start.line)
            let pad = String(repeating: " ", count: gutter.count)
            out += " \(pad) |\n"
            out += " \(gutter) | \(text)\n"
            let lineLength = text.unicodeScalars.count
            let startColumn = min(r.start.column, lineLength + 1)
            let endColumn = r.end.line == r.start.line ? max(r.end.column, startColumn + 1) : lineLength + 1
            let width = max(1, min(endColumn, lineLength + 1) - startColumn)
            let prefix = String(text.unicodeScalars.prefix(startColumn - 1).map { $0 == "\t" ? "\t" : " " })
            out += " \(pad) | \(prefix)\(paint(String(repeating: "^", count: width), code: Self.code(for: d.severity), bold: true))\n"
        }
        for note in d.notes { out += "  = \(paint("note", code: "", bold: true)): \(note)\n" }
        for s in d.suggestions { out += "  = \(paint("help", code: "36", bold: true)): \(s.message)\n" }
        out += "  = see \(d.url)\n"
        return out
    }

    public func summary(_ diagnostics: [Diagnostic], fileCount: Int) -> String {
        let counts = Severity.allCases.reversed().map { s in (s, diagnostics.filter { $0.severity == s }.count) }
        let files = fileCount == 1 ? "1 file" : "\(fileCount) files"
        if diagnostics.isEmpty { return "No problems found in \(files)." }
        let parts = counts.map { s, n in "\(n) \(s.rawValue)\(n == 1 ? "" : "s")" }
        let total = diagnostics.count
        return "Found \(total) problem\(total == 1 ? "" : "s") (\(parts.joined(separator: ", "))) in \(files)."
    }

    static func code(for severity: Severity) -> String {
        switch severity {
        case .error: return "31"
        case .warning: return "33"
        case .info: return "34"
        }
    }

    func paint(_ text: String, code: String, bold: Bool) -> String {
        guard color else { return text }
        let codes = [bold ? "1" : nil, code.isEmpty ? nil : code].compactMap { $0 }.joined(separator: ";")
        if codes.isEmpty { return text }
        return "\u{1B}[\(codes)m\(text)\u{1B}[0m"
    }
}
