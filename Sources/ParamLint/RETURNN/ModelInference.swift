/// The model's variables from the `network` dict, when no `--model` listing is given.
/// Until the layer catalogue lands, the linter does not guess: the model stays unknown.
enum ModelInference {
    static func infer(config: ReturnnConfig, network: ConfigNode) -> ModelVariables? {
        nil
    }
}
