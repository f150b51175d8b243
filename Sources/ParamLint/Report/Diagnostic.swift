/// How bad a finding is; the order is what `--fail-on` compares.
public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
    case info
    case warning
    case error

    private var rank: Int {
        switch self {
        case .info: return 0
        case .warning: return 1
        case .error: return 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A proposed fix, never applied silently.
public struct Suggestion: Sendable, Hashable {
    public var message: String
    public var pointer: JSONPointer?

    public init(_ message: String, pointer: JSONPointer? = nil) {
        self.message = message
        self.pointer = pointer
    }
}

/// One finding, ready for any reporter.
public struct Diagnostic: Sendable, Hashable {
    public var ruleId: String
    public var ruleName: String
    public var severity: Severity
    public var message: String
    /// The config, or the checkpoint file the finding is about.
    public var file: String
    public var pointer: JSONPointer?
    /// nil for findings about a checkpoint file or the file as a whole.
    public var range: SourceRange?
    public var notes: [String]
    public var suggestions: [Suggestion]
    public var url: String
    /// Other files the finding is about: a checkpoint, while `file` is the config that names it.
    public var relatedFiles: [String]

    public init(ruleId: String, ruleName: String, severity: Severity, message: String, file: String,
                pointer: JSONPointer?, range: SourceRange?, notes: [String] = [], suggestions: [Suggestion] = [],
                url: String, relatedFiles: [String] = []) {
        self.relatedFiles = relatedFiles
        self.ruleId = ruleId
        self.ruleName = ruleName
        self.severity = severity
        self.message = message
        self.file = file
        self.pointer = pointer
        self.range = range
        self.notes = notes
        self.suggestions = suggestions
        self.url = url
    }
}
