public struct ConfigSyntaxRule: Rule {
    public static let description = RuleDescription(
        id: "CF001", name: "config-syntax", severity: .error,
        summary: "The config does not parse.",
        rationale: """
            RETURNN reads a JSON config with `json.loads` after removing comments, and a Python config by \
            executing it. A syntax error stops the job at start-up, after it has waited in the queue; the \
            linter reports it before submission, at the line and column where parsing stopped.
            """,
        returnnBehavior: """
            JSON: `Exception("config looks like JSON but invalid json content, ...")` at start-up. Python: a \
            `SyntaxError` when the config is executed.
            """,
        fix: "Correct the syntax at the reported position (a missing comma, an unclosed bracket or string).",
        references: ["semantics §5"],
        examples: [
            .triggering("""
                {
                  "task": "train",
                  "num_epochs": 80
                  ↓"load": "model/net.080"
                }
                """),
            .clean("""
                {
                  // comments are fine: RETURNN removes them before parsing
                  "task": "train",
                  "num_epochs": 80 /* the schedule */
                }
                """),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let error = context.document.syntaxError else { return [] }
        let p = error.position
        let end = SourcePosition(line: p.line, column: p.column + 1, offset: p.offset + 1)
        return [Finding(error.message, at: .range(SourceRange(start: p, end: end), nil))]
    }
}
