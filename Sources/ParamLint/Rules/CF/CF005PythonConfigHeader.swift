public struct PythonConfigHeaderRule: Rule {
    public static let description = RuleDescription(
        id: "CF005", name: "python-config-header", severity: .error,
        summary: "A Python config without a `#!` first line and without a `.py` name.",
        rationale: """
            RETURNN treats a file as Python only when its first line starts with `#!` or its name ends in \
            `.py`. Anything else that does not start with `{` is read in the old line-based format: \
            `task = "train"` becomes the string `= "train"`, and typed options such as \
            `preload_from_files` vanish without an error.
            """,
        returnnBehavior: "Parsed as the line-based format; every typed option is lost (verified).",
        fix: "Add `#!rnn.py` as the first line, or give the file a `.py` name.",
        references: ["M37"],
        examples: [
            .triggering("""
                ↓import os
                task = "train"
                preload_from_files = {"base": {"filename": "base.003", "init_for_train": True}}
                """, fileName: "returnn.config"),
            .clean("""
                #!rnn.py
                import os
                task = "train"
                preload_from_files = {"base": {"filename": "base.003", "init_for_train": True}}
                """, fileName: "returnn.config"),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        let doc = context.document
        guard doc.format == .lineBased, PythonFrontEnd.looksLikePython(bytes: doc.lines.bytes) else { return [] }
        var offset = 0
        let bytes = doc.lines.bytes
        while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) { offset += 1 }
        var end = offset
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        let range = SourceRange(start: doc.lines.position(ofOffset: offset), end: doc.lines.position(ofOffset: end))
        return [Finding(
            "'\(doc.file)' looks like a Python config but has no '#!' first line and no '.py' name: RETURNN reads it in the line-based format and every typed option (preload_from_files, network, ...) vanishes",
            at: .range(range, nil),
            suggestions: [Suggestion("add '#!rnn.py' as the first line")])]
    }
}
