/// ParamLint: a static linter for RETURNN configs and the checkpoints they import from.
public enum ParamLintInfo {
    public static let toolName = "lint"
    public static let productName = "ParamLint"
    public static let version = "0.1.0"
    /// The project's repository, as the README names it.
    public static let repositoryURL = "https://github.com/paramlint/paramlint"
    /// Where the rule pages are published (`BASE/rules/<ID>.md`); the settings key
    /// `documentation-url` replaces it.
    public static let documentationBase = repositoryURL + "/blob/main"
}
