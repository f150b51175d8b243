/// PL012: the torch engine's `state[checkpoint_key]` on a file that has no such key. Which keys a
/// file has comes from the `.pt` reader (`TorchFileInfo`); a `.safetensors` file has none.
public struct TorchCheckpointKeyRule: Rule {
    public static let description = RuleDescription(
        id: "PL012", name: "torch-checkpoint-key", severity: .error,
        summary: "A torch preload of a file without a top-level `\"model\"` (a raw state dict, every `.safetensors` file) while `checkpoint_key` is not `null`.",
        rationale: """
            The torch engine indexes a preloaded file with `checkpoint_key` (default `"model"`, RETURNN's own \
            layout). A plain `torch.save(model.state_dict())`, a HuggingFace file or any safetensors file has \
            its tensors at the top level, so the lookup fails — after the model was built on the GPU node.
            """,
        returnnBehavior: "`KeyError: 'model'` in `Engine._load_model` (M19, verified P4a).",
        fix: "Set `\"checkpoint_key\": null` for a raw state dict or a safetensors file, or name the key the file has.",
        references: ["M19"],
        examples: [
            .triggering("""
                {
                  "backend": "torch",
                  "task": "train",
                  "preload_from_files": {
                    "lm": ↓{"filename": "lm.safetensors", "prefix": "lm.", "init_for_train": true}
                  }
                }
                """, files: ["lm.safetensors"], checkpoints: ["lm.safetensors": "lin.weight [6, 6] float32\n"],
                model: "lm.lin.weight [6, 6] float32\n"),
            .clean("""
                {
                  "backend": "torch",
                  "task": "train",
                  "preload_from_files": {
                    "lm": {"filename": "lm.safetensors", "prefix": "lm.", "init_for_train": true, "checkpoint_key": null}
                  }
                }
                """, files: ["lm.safetensors"], checkpoints: ["lm.safetensors": "lin.weight [6, 6] float32\n"],
                model: "lm.lin.weight [6, 6] float32\n"),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan, plan.backend == .torch, let config = context.config else { return [] }
        var findings: [Finding] = []
        for entry in config.preloadEntries {
            guard let key = entry.checkpointKey, let p = plan.entry(entry.name), p.error == .checkpointKey,
                  case .available(let c)? = p.lookup, case .keyError(let why) = TorchStoredState.select(c, key: key)
            else { continue }
            let node = entry.node["checkpoint_key"]
            findings.append(Finding(
                "preload entry '\(entry.name)': '\(c.path)' has no top-level '\(key)': RETURNN fails with KeyError: '\(key)'",
                at: .value(node?.pointer ?? entry.pointer),
                notes: [why],
                suggestions: [Suggestion("set \"checkpoint_key\": null", pointer: entry.pointer)]))
        }
        return findings
    }
}
