public struct LoadOnInitKeysRule: Rule {
    public static let description = RuleDescription(
        id: "LY006", name: "load-on-init-keys", severity: .error,
        summary: "A `load_on_init` dict with keys that `CustomCheckpointLoader` does not take (e.g. `prefix`, `init_for_train`).",
        rationale: """
            A `load_on_init` dict is passed as keyword arguments to `CustomCheckpointLoader`, whose names \
            differ from `preload_from_files`: the prefix is `load_if_prefix`, and there is no \
            `init_for_train`. An unknown key fails the network construction.
            """,
        returnnBehavior: "`TypeError: __init__() got an unexpected keyword argument` (M33).",
        fix: "Use the loader's names: `filename`, `load_if_prefix`, `ignore_missing`, `ignore_params`, `ignore_params_prefixes`, `var_name_mapping`.",
        references: ["M33"],
        examples: [
            .triggering("""
                {
                  "backend": "tensorflow-net-dict",
                  "network": {
                    "lm": {"class": "subnetwork", "from": "data", "trainable": false,
                           "load_on_init": {"filename": "lm/net.020", ↓"prefix": "lm/"}, "subnetwork": {
                      "output": {"class": "linear", "n_out": 4, "from": "data"}
                    }},
                    "output": {"class": "softmax", "loss": "ce", "from": "lm"}
                  }
                }
                """),
            .clean("""
                {
                  "backend": "tensorflow-net-dict",
                  "network": {
                    "lm": {"class": "subnetwork", "from": "data", "trainable": false,
                           "load_on_init": {"filename": "lm/net.020", "load_if_prefix": "lm/"}, "subnetwork": {
                      "output": {"class": "linear", "n_out": 4, "from": "data"}
                    }},
                    "output": {"class": "softmax", "loss": "ce", "from": "lm"}
                  }
                }
                """),
        ])

    /// `CustomCheckpointLoader.__init__`'s keyword arguments (RETURNN b46ff5f, `tf/network.py:4481`).
    static let loaderKeys = [
        "filename", "saveable_params", "params_prefix", "load_if_prefix", "ignore_missing", "ignore_params",
        "ignore_params_prefixes", "var_name_mapping", "network", "custom_missing_load_func",
    ]

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for layer in context.layers(withOption: "load_on_init") {
            guard let option = layer.node["load_on_init"], let members = option.members else { continue }
            for m in members where !Self.loaderKeys.contains(m.key) {
                let hint = m.key == "prefix" ? "load_if_prefix" : DidYouMean.best(for: m.key, among: Self.loaderKeys)
                findings.append(Finding(
                    "load_on_init key '\(m.key)' of '\(layer.path.joined(separator: "/"))' is not an argument of CustomCheckpointLoader: RETURNN fails with TypeError" +
                        (hint.map { "; did you mean '\($0)'?" } ?? ""),
                    at: .key(m.node.pointer),
                    notes: m.key == "init_for_train" ? ["load_on_init applies at every start; there is no init_for_train"] : [],
                    suggestions: hint.map { [Suggestion("rename '\(m.key)' to '\($0)'", pointer: m.node.pointer)] } ?? []))
            }
            if option.member("filename") == nil {
                findings.append(Finding(
                    "load_on_init of '\(layer.path.joined(separator: "/"))' has no 'filename': RETURNN fails with TypeError",
                    at: .value(option.pointer)))
            }
        }
        return findings
    }
}
