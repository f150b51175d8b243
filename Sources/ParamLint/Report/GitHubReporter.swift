/// GitHub Actions workflow commands, escaped as the Actions toolkit escapes them.
public enum GitHubReporter {
    /// GitHub turns only the first 10 commands of each kind in a step into annotations.
    public static let annotationsPerKind = 10

    /// Errors first, then warnings, then notices (each in file and position order), so that the
    /// annotations GitHub shows are the worst ones; a last notice says how many it does not show.
    public static func render(_ diagnostics: [Diagnostic]) -> String {
        var out = ""
        let ordered = [Severity.error, .warning, .info].flatMap { s in diagnostics.filter { $0.severity == s } }
        for d in ordered {
            var props = ["file=\(escapeProperty(d.file))"]
            if let r = d.range {
                props.append("line=\(r.start.line)")
                // GitHub refuses columns on an annotation that spans several lines.
                if r.start.line == r.end.line { props.append("col=\(r.start.column)") }
                props.append("endLine=\(r.end.line)")
                if r.start.line == r.end.line { props.append("endColumn=\(r.end.column)") }
            }
            props.append("title=\(escapeProperty("\(d.ruleId) \(d.ruleName)"))")
            out += "::\(command(d.severity)) \(props.joined(separator: ","))::\(escapeData(d.message))\n"
        }
        if let overflow = overflowNotice(diagnostics) { out += "::notice::\(escapeData(overflow))\n" }
        return out
    }

    static func command(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "notice"
        }
    }

    static func kindName(_ s: Severity, _ n: Int) -> String {
        switch s {
        case .error: return n == 1 ? "error" : "errors"
        case .warning: return n == 1 ? "warning" : "warnings"
        case .info: return n == 1 ? "notice" : "notices"
        }
    }

    /// "ParamLint: ..." (the prefix tells it from a finding), or nil when GitHub shows every finding.
    public static func overflowNotice(_ diagnostics: [Diagnostic]) -> String? {
        var hidden: [String] = []
        for s in [Severity.error, .warning, .info] {
            let n = diagnostics.filter { $0.severity == s }.count
            if n > annotationsPerKind { hidden.append("\(n - annotationsPerKind) of \(n) \(kindName(s, n))") }
        }
        guard !hidden.isEmpty else { return nil }
        return "ParamLint: GitHub shows \(annotationsPerKind) annotations of each kind; \(hidden.joined(separator: ", ")) are not annotated. Every finding is in this step's log above, and in code scanning when the workflow uploads `lint --format sarif`."
    }

    /// The Markdown appended to `GITHUB_STEP_SUMMARY`: counts per rule, most severe first.
    public static func stepSummary(_ diagnostics: [Diagnostic], fileCount: Int) -> String {
        let files = fileCount == 1 ? "1 file" : "\(fileCount) files"
        guard !diagnostics.isEmpty else { return "### ParamLint\n\nNo problems in \(files).\n\n" }
        var counts: [String: (name: String, severity: Severity, count: Int)] = [:]
        for d in diagnostics {
            let key = d.ruleId + "\u{0}" + d.severity.rawValue
            counts[key, default: (d.ruleName, d.severity, 0)].count += 1
        }
        let rows = counts.map { ($0.key.split(separator: "\u{0}")[0], $0.value) }.sorted { a, b in
            if a.1.severity != b.1.severity { return a.1.severity > b.1.severity }
            if a.1.count != b.1.count { return a.1.count > b.1.count }
            return a.0 < b.0
        }
        let totals = [Severity.error, .warning, .info].map { s -> String in
            let n = diagnostics.filter { $0.severity == s }.count
            return "\(n) \(s == .info ? (n == 1 ? "info" : "infos") : kindName(s, n))"
        }
        var out = "### ParamLint\n\n\(diagnostics.count) \(diagnostics.count == 1 ? "problem" : "problems") (\(totals.joined(separator: ", "))) in \(files).\n\n"
        out += "| rule | name | severity | count |\n|---|---|---|---:|\n"
        for (id, row) in rows {
            out += "| \(id) | `\(row.name)` | \(row.severity.rawValue) | \(row.count) |\n"
        }
        return out + "\n"
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
