/// Which rules run, and at what severity a finding makes the run fail.
public struct RuleSelection: Sendable {
    public var select: [String]
    public var ignore: [String]

    public init(select: [String] = [], ignore: [String] = []) {
        self.select = select
        self.ignore = ignore
    }

    public func isEnabled(_ d: RuleDescription) -> Bool {
        if !select.isEmpty, !select.contains(where: { Registry.selector($0, matches: d) }) { return false }
        if ignore.contains(where: { Registry.selector($0, matches: d) }) { return false }
        return true
    }
}

/// Runs the rules over a context and turns their findings into diagnostics with resolved ranges.
public struct Linter: Sendable {
    public var selection: RuleSelection

    public init(selection: RuleSelection = RuleSelection()) {
        self.selection = selection
    }

    public func run(_ context: LintContext) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for ruleType in Registry.all {
            let d = ruleType.description
            guard selection.isEnabled(d) else { continue }
            for finding in ruleType.init().check(context) {
                out.append(Self.diagnostic(finding, rule: d, document: context.document))
            }
        }
        return Self.sorted(out)
    }

    public static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.sorted { a, b in
            if a.file != b.file { return a.file < b.file }
            let ao = a.range?.start.offset ?? -1, bo = b.range?.start.offset ?? -1
            if ao != bo { return ao < bo }
            if a.ruleId != b.ruleId { return a.ruleId < b.ruleId }
            return a.message < b.message
        }
    }

    static func diagnostic(_ f: Finding, rule: RuleDescription, document: ConfigDocument) -> Diagnostic {
        var file = document.file
        var pointer: JSONPointer?
        var range: SourceRange?
        switch f.location {
        case .value(let p):
            pointer = p
            range = document.node(at: p)?.range
        case .key(let p):
            pointer = p
            if let parent = p.parent, let last = p.last, let member = document.node(at: parent)?.member(last) {
                range = member.keyRange
            } else {
                range = document.node(at: p)?.range
            }
        case .range(let r, let p):
            range = r
            pointer = p
        case .file(let path):
            file = path
        case .document:
            pointer = .root
            if let start = document.root?.range.start {
                range = SourceRange(start: start, end: SourcePosition(line: start.line, column: start.column + 1, offset: start.offset + 1))
            }
        }
        return Diagnostic(ruleId: rule.id, ruleName: rule.name, severity: f.severity ?? rule.severity,
                          message: f.message, file: file, pointer: pointer, range: range, notes: f.notes,
                          suggestions: f.suggestions, url: rule.url, relatedFiles: f.relatedFiles)
    }
}
