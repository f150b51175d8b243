public struct UnknownOptionRule: Rule {
    public static let description = RuleDescription(
        id: "CF003", name: "unknown-option", severity: .warning,
        summary: "A top-level key is not an option RETURNN reads, but is close to a loading option whose value it could be.",
        rationale: """
            RETURNN reads options by name and ignores every other key without a word. A misspelled \
            `preload_from_file` or `import_model_train_epoch_1` therefore leaves the job training from \
            random initialisation, and nobody notices until the scores come in. The known names are \
            every name RETURNN's own source reads from its config (see the README, "Options"). Names a \
            Python config binds for itself — with `def`, `class` or `import`, or starting with `_` — are \
            never options, and a near-miss is only reported when the value could be the option's \
            (a dict is no typo of `model`, a function no typo of `task`).
            """,
        returnnBehavior: "Unknown keys are ignored silently; the intended option keeps its default.",
        fix: "Rename the key to the option RETURNN reads (the finding proposes it).",
        references: ["M5"],
        examples: [
            .triggering("""
                {
                  "task": "train",
                  ↓"import_model_train_epoch_1": "base/net.080"
                }
                """),
            .triggering("""
                {
                  ↓"preload_from_file": {"base": {"filename": "base.003", "init_for_train": true}}
                }
                """),
            .triggering("""
                #!rnn.py
                backend = "tensorflow-net-dict"
                task = "search"
                ↓lod = "models/run1/net.080"
                """, fileName: "recog.config",
                explanation: "A string where `load` takes one:"),
            .clean("""
                {
                  "task": "train",
                  "import_model_train_epoch1": "base/net.080",
                  "my_own_helper_value": 3
                }
                """),
            .clean("""
                #!rnn.py
                import numpy as nmpy
                from returnn.tf.util.data import Dim as Model
                backend = "tensorflow-net-dict"
                task = "train"
                _task = "train" if True else "search"   # a private helper name
                _load = "base/net.080"

                def mask(source, **kwargs):
                    return source

                class Modle:
                    pass

                modes = {"enc": 512, "dec": 256}
                """, fileName: "train.config",
                explanation: """
                    Helpers the config defines for itself: a function `mask` (close to `task`), a class \\
                    `Modle` and an import `Model` (close to `model`), `_`-names, and a dict `modes` (close to \\
                    `model`, which takes a path, not a dict):
                    """),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let members = context.document.root?.members else { return [] }
        let loading = ReturnnOptions.loading
        let python = context.document.format == .python
        return members.compactMap { member in
            let key = member.key
            guard !key.hasPrefix("_"), !loading.contains(key), !ReturnnOptions.read.contains(key) else { return nil }
            if python, Self.boundByStatement(member, lines: context.document.lines) { return nil }
            let fitting = loading.filter { Self.valueFits(member.node, option: $0) }
            guard let best = DidYouMean.best(for: key, among: fitting) else { return nil }
            return Finding(
                "unknown option '\(key)': RETURNN ignores it silently; did you mean '\(best)'?",
                at: .key(member.node.pointer),
                notes: ["RETURNN reads options by exact name; '\(best)' keeps its default"],
                suggestions: [Suggestion("rename '\(key)' to '\(best)'", pointer: member.node.pointer)])
        }
    }

    /// A name bound by `def`, `class`, `import` or `from … import` (looked up in the source line of
    /// the name: the front end lists such names, but they are the config's own helpers).
    static func boundByStatement(_ member: ConfigMember, lines: LineIndex) -> Bool {
        let bytes = lines.bytes
        let offset = member.keyRange.start.offset
        guard offset <= bytes.count else { return false }
        var lineStart = offset
        while lineStart > 0, bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
        // The evaluator binds a `def`/`class` name at its header (or its first decorator).
        let at = bytes[offset..<min(bytes.count, offset + 6)]
        for word in ["def ", "class ", "async ", "@"] where at.starts(with: word.utf8) { return true }
        let before = String(decoding: bytes[lineStart..<offset], as: UTF8.self)
        let words = before.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if let last = words.last, last == "def" || last == "class" { return true }
        let statement = before.drop(while: { $0 == " " || $0 == "\t" })
        return statement.hasPrefix("import ") || statement.hasPrefix("from ")
    }

    /// Whether a value could be meant for the option: the option's type, or a value the linter does
    /// not know (dynamic), or a callable where RETURNN accepts one.
    static func valueFits(_ node: ConfigNode, option: String) -> Bool {
        switch node.value {
        case .dynamic: return true
        case .null: return true
        case .string(let s):
            switch option {
            case "load", "import_model_train_epoch1", "model", "task", "backend": return true
            case "start_epoch": return s == "auto"
            default: return false
            }
        case .int:
            return ["load_epoch", "start_epoch", "start_batch", "num_epochs", "behavior_version", "use_tensorflow",
                    "load_ignore_missing_vars", "allow_random_model_init"].contains(option)
        case .bool:
            return ["load_ignore_missing_vars", "allow_random_model_init", "use_tensorflow"].contains(option)
        case .double:
            return false
        case .object:
            return ["preload_from_files", "network", "extern_data"].contains(option)
        case .array:
            return option == "load_model_post_hooks"
        }
    }
}
