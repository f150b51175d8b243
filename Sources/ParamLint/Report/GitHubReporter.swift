/// GitHub Actions workflow commands, escaped as the Actions toolkit escapes them.
public enum GitHubReporter {
    public static func render(_ diagnostics: [Diagnostic]) -> String {
        var out = ""
        for d in diagnostics {
            let command: String
            switch d.severity {
            case .error: command = "error"
            case .warning: command = "warning"
            case .info: command = "notice"
            }
            var props = ["file=\(escapeProperty(d.file))"]
            if let r = d.range {
                props.append("line=\(r.start.line)")
                props.append("col=\(r.start.column)")
                props.append("endLine=\(r.end.line)")
                props.append("endColumn=\(r.end.column)")
            }
            props.append("title=\(escapeProperty("\(d.ruleId) \(d.ruleName)"))")
            out += "::\(command) \(props.joined(separator: ","))::\(escapeData(d.message))\n"
        }
        return out
    }

    /// `escapeData` of @actions/core: %, CR, LF.
    public static func escapeData(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// `escapeProperty` of @actions/core: also `:` and `,`.
    public static func escapeProperty(_ s: String) -> String {
        var out = ""
        for c in escapeData(s).unicodeScalars {
            switch c {
            case ":": out += "%3A"
            case ",": out += "%2C"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
