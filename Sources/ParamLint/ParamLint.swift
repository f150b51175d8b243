/// ParamLint: a static linter for RETURNN configs and the checkpoints they import from.
public enum ParamLintInfo {
    public static let toolName = "lint"
    public static let version = "0.1.0"
}
