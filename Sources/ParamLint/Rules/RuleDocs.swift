/// Renders the rule pages under `rules/` from the declarations; a test fails when the committed
/// pages drift from what this produces.
public enum RuleDocs {
    /// File name → content, for `rules/`.
    public static func pages(_ rules: [RuleDescription] = Registry.descriptions) -> [(String, String)] {
        [("README.md", catalogue(rules))] + rules.map { ("\($0.id).md", page($0)) }
    }

    public static func catalogue(_ rules: [RuleDescription]) -> String {
        var out = """
            # Rule catalogue

            Generated from the rule declarations in `Sources/ParamLint/Rules/` by `lint rules --write-docs rules`;
            do not edit by hand. Ids are stable and never reused. Select or ignore rules by id, name or id
            prefix (`--select PL`, `--ignore preload-overlap`).

            The JSON output of `lint --format json` is described by [lint-output.schema.json](lint-output.schema.json),
            that of `lint plan --format json` by [plan-output.schema.json](plan-output.schema.json). The layer classes
            whose variables the linter infers are listed in [layers.md](layers.md).

            """
        for category in RuleDescription.Category.allCases {
            let inCategory = rules.filter { $0.category == category }
            guard !inCategory.isEmpty else { continue }
            out += "\n## \(category.rawValue) — \(category.title)\n\n"
            out += "| id | name | severity | summary |\n|---|---|---|---|\n"
            for r in inCategory {
                let severity = r.severityNote.map { "\(r.severity.rawValue) (\($0))" } ?? r.severity.rawValue
                out += "| [\(r.id)](\(r.id).md) | `\(r.name)` | \(severity) | \(escapeTable(r.summary)) |\n"
            }
        }
        return out
    }

    public static func page(_ r: RuleDescription) -> String {
        var out = "# \(r.id) `\(r.name)`\n\n"
        out += "\(r.summary)\n\n"
        out += "- **Default severity:** \(r.severity.rawValue)"
        if let note = r.severityNote { out += " (\(note))" }
        out += "\n"
        if let c = r.category { out += "- **Category:** \(c.rawValue) — \(c.title)\n" }
        if !r.references.isEmpty {
            out += "- **RETURNN semantics:** \(r.references.joined(separator: ", ")) (see `returnn-semantics.md`)\n"
        }
        out += "\n## Why\n\n\(r.rationale)\n\n"
        out += "## What RETURNN does\n\n\(r.returnnBehavior)\n\n"
        out += "## How to fix\n\n\(r.fix)\n\n"
        let triggering = r.examples.filter(\.triggers)
        let clean = r.examples.filter { !$0.triggers }
        if !triggering.isEmpty {
            out += "## Triggering examples\n\nThe finding starts at `↓`.\n\n"
            for e in triggering { out += example(e) }
        }
        if !clean.isEmpty {
            out += "## Clean examples\n\n"
            for e in clean { out += example(e) }
        }
        out += """
            ## Suppressing

            `lint --ignore \(r.id)` (or `--ignore \(r.name)`) turns the rule off for a run.

            """
        return out
    }

    static func example(_ e: RuleExample) -> String {
        var out = ""
        if let explanation = e.explanation { out += "\(explanation)\n\n" }
        var context: [String] = []
        if e.fileName != "config.json" { context.append("file `\(e.fileName)`") }
        if let task = e.task { context.append("`--task \(task)`") }
        if e.offline { context.append("`--offline`") }
        if let epochs = e.existingEpochs {
            context.append("existing epochs: \(epochs.isEmpty ? "none" : epochs.map(String.init).joined(separator: ", "))")
        }
        if !e.files.isEmpty { context.append("files on disk: " + e.files.map { "`\($0)`" }.joined(separator: ", ")) }
        if !context.isEmpty { out += "With " + context.joined(separator: "; ") + ":\n\n" }
        let lang = e.fileName.hasSuffix(".json") ? "jsonc" : "python"
        out += "```\(lang)\n\(e.config)\n```\n\n"
        for (ref, listing) in e.checkpoints.sorted(by: { $0.key < $1.key }) {
            out += "Checkpoint `\(ref)`:\n\n```\n\(listing.trimmingTrailingNewlines)\n```\n\n"
        }
        if let model = e.model {
            out += "Model variables (`--model`):\n\n```\n\(model.trimmingTrailingNewlines)\n```\n\n"
        }
        return out
    }

    static func escapeTable(_ s: String) -> String {
        var out = ""
        for c in s { out += c == "|" ? "\\|" : String(c) }
        return out
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var s = self
        while s.hasSuffix("\n") { s.removeLast() }
        return s
    }
}
