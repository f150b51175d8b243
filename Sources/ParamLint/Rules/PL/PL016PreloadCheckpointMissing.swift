public struct PreloadCheckpointMissingRule: Rule {
    public static let description = RuleDescription(
        id: "PL016", name: "preload-checkpoint-missing", severity: .error,
        summary: "TF: an active entry's `filename` does not exist on disk with any of RETURNN's suffixes (and `--offline` is not given).",
        rationale: """
            The TF engine opens an active entry's checkpoint with TensorFlow's reader, which looks for \
            `P.index` (or `P` itself). A path that does not resolve on the machine that runs RETURNN — a \
            typo, an epoch that was cleaned up, a directory that was never copied — fails the job when the \
            network is initialised. The file system is the truth here: with `--offline` (the checkpoints \
            live elsewhere) the same path is only unavailable (CK002). Torch preloads: PL013.
            """,
        returnnBehavior: "`NotFoundError: Unsuccessful TensorSliceReader constructor: Failed to find any matching files for P` when the entry is applied.",
        fix: "Point `filename` at a checkpoint prefix whose `.index` file exists, or drop the entry.",
        references: ["M20"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "lm": {"filename": ↓"lm/net.040", "prefix": "lm_", "init_for_train": true}
                  }
                }
                """, files: ["lm/net.020.index", "lm/net.020.meta"], model: "lm_emb/W [9, 5] float32\nglobal_step [] int64\n",
                explanation: "Epoch 40 of the LM was cleaned up; only epoch 20 is left:"),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "train",
                  "preload_from_files": {
                    "lm": {"filename": "/cluster/lm/net.040", "prefix": "lm_", "init_for_train": true}
                  }
                }
                """, model: "lm_emb/W [9, 5] float32\nglobal_step [] int64\n", offline: true,
                explanation: "With `--offline` a path that is not here is unavailable (CK002), not missing:"),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "task": "search",
                  "load": "model/net.080",
                  "preload_from_files": {
                    "lm": {"filename": "lm/net.040", "prefix": "lm_", "init_for_train": true}
                  }
                }
                """, files: ["model/net.080.meta", "model/net.080.index"],
                checkpoints: ["model/net.080": "lm_emb/W [9, 5] float32\nglobal_step [] int64\n"],
                model: "lm_emb/W [9, 5] float32\nglobal_step [] int64\n",
                explanation: "An entry for training only, in recognition: RETURNN never opens its file:"),
        ])

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let plan = context.plan, plan.backend == .tf else { return [] }
        var findings: [Finding] = []
        for entry in plan.entries where entry.error == .checkpointMissing {
            guard let ref = entry.checkpointReference else { continue }
            let prefix = MainCheckpoint.strip(ref.path)
            findings.append(Finding(
                "preload entry '\(entry.name)': checkpoint \(ref.path) does not exist (no \(prefix).index on this machine): RETURNN fails with NotFoundError: Unsuccessful TensorSliceReader constructor: Failed to find any matching files for \(prefix)",
                at: context.location(of: ref),
                notes: ["if the checkpoints live elsewhere (CI), run with --offline or give --ckpt preload_from_files/\(entry.name)=LISTING"]))
        }
        return findings
    }
}
