/// The contract's `--format json` envelope, schemaVersion 1 (schema: rules/lint-output.schema.json).
public enum JSONReporter {
    public static func render(_ diagnostics: [Diagnostic], fileCount: Int) -> String {
        let doc: JSONOutput = .object([
            ("schemaVersion", .int(1)),
            ("tool", .object([("name", .string(ParamLintInfo.toolName)), ("version", .string(ParamLintInfo.version))])),
            ("diagnostics", .array(diagnostics.map(encode))),
            ("summary", .object([
                ("files", .int(fileCount)),
                ("error", .int(diagnostics.filter { $0.severity == .error }.count)),
                ("warning", .int(diagnostics.filter { $0.severity == .warning }.count)),
                ("info", .int(diagnostics.filter { $0.severity == .info }.count)),
            ])),
        ])
        return doc.serialized(pretty: true) + "\n"
    }

    public static func encode(_ d: Diagnostic) -> JSONOutput {
        var fields: [(String, JSONOutput)] = [
            ("ruleId", .string(d.ruleId)),
            ("ruleName", .string(d.ruleName)),
            ("severity", .string(d.severity.rawValue)),
            ("message", .string(d.message)),
            ("file", .string(d.file)),
        ]
        if let p = d.pointer { fields.append(("pointer", .string(p.description))) }
        if let r = d.range { fields.append(("range", encode(r))) }
        fields.append(("notes", .array(d.notes.map { .string($0) })))
        fields.append(("suggestions", .array(d.suggestions.map { s in
            var f: [(String, JSONOutput)] = [("message", .string(s.message))]
            if let p = s.pointer { f.append(("pointer", .string(p.description))) }
            return .object(f)
        })))
        fields.append(("url", .string(d.url)))
        if !d.relatedFiles.isEmpty {
            fields.append(("related", .array(d.relatedFiles.map { .object([("file", .string($0))]) })))
        }
        return .object(fields)
    }

    public static func encode(_ r: SourceRange) -> JSONOutput {
        func pos(_ p: SourcePosition) -> JSONOutput {
            .object([("line", .int(p.line)), ("column", .int(p.column)), ("offset", .int(p.offset))])
        }
        return .object([("start", pos(r.start)), ("end", pos(r.end))])
    }
}
