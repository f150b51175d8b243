/// One config through the whole flow: document → RETURNN view → simulation → rules.
public enum LintRun {
    public struct Result: Sendable {
        public var document: ConfigDocument
        public var context: LintContext
        public var diagnostics: [Diagnostic]
    }

    public static func check(file: String, bytes: [UInt8], selection: RuleSelection = RuleSelection()) -> Result {
        let document = ConfigDocument.parse(file: file, bytes: bytes)
        let config = ReturnnConfig(document: document)
        let context = LintContext(document: document, config: config, plan: nil)
        let diagnostics = Linter(selection: selection).run(context)
        return Result(document: document, context: context, diagnostics: diagnostics)
    }
}
