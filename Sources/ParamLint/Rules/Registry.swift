/// Every rule, in catalogue order. Hand-listed on purpose: a test checks it against the rule files.
public enum Registry {
    public static let all: [any Rule.Type] = [
        ConfigSyntaxRule.self,
        DuplicateKeyRule.self,
        UnknownOptionRule.self,
        OptionTypeRule.self,
        PythonConfigHeaderRule.self,
        BackendSelectionRule.self,
        DynamicOptionRule.self,
        LoadContinuesTrainingRule.self,
        ImportOutsideTrainingRule.self,
        LoadShadowedByImportRule.self,
        MainCheckpointMissingRule.self,
        TorchLoadResumesOptimizerRule.self,
        StartEpochIgnoredRule.self,
        StartEpochOneDropsImportRule.self,
        RecognitionWithoutCheckpointRule.self,
        LatestEpochScanLimitedRule.self,
        MissingGlobalStepRule.self,
        TFOnlyOptionRule.self,
        CheckpointPathSuffixRule.self,
        PreloadInactiveRule.self,
        PreloadUnknownKeyRule.self,
        PreloadMissingFilenameRule.self,
        InitForTrainValueRule.self,
        PrefixMatchesNothingRule.self,
        PrefixSubstringMatchRule.self,
        PrefixSeparatorRule.self,
        IgnoreEntryUnusedRule.self,
        VarNameMappingIneffectiveRule.self,
        PreloadOverlapRule.self,
        PreloadOverridesMainRule.self,
        TorchCheckpointKeyRule.self,
        TorchPreloadPathRule.self,
        RandomInitEntryOrderRule.self,
        TorchPreloadSkippedAfterLoadRule.self,
        PreloadCheckpointMissingRule.self,
        MissingVariableRule.self,
        LeftUninitializedRule.self,
        ShapeMismatchRule.self,
        DTypeMismatchRule.self,
        UnusedCheckpointVariablesRule.self,
        EntryLoadsNothingRule.self,
        ModelVariablesUnknownRule.self,
        ParamImporterNestedRule.self,
        ParamImporterWithPreloadRule.self,
        ParamImporterModeRule.self,
        ReuseParamsTargetRule.self,
        LoadOnInitTrainableRule.self,
        LoadOnInitKeysRule.self,
        CheckpointUnreadableRule.self,
        CheckpointUnavailableRule.self,
        CheckpointBackendMismatchRule.self,
    ]

    public static var descriptions: [RuleDescription] { all.map { $0.description } }

    /// A rule by id (`PL001`) or name (`preload-inactive`), case-insensitively.
    public static func rule(named text: String) -> (any Rule.Type)? {
        let t = text.lowercased()
        return all.first { $0.description.id.lowercased() == t || $0.description.name == t }
    }

    /// Whether a selector (`PL`, `PL001`, `preload-inactive`, `all`) covers a rule.
    public static func selector(_ selector: String, matches description: RuleDescription) -> Bool {
        let s = selector.uppercased()
        if s == "ALL" { return true }
        if description.name == selector.lowercased() { return true }
        return description.id.hasPrefix(s)
    }

    /// Whether a selector names at least one rule, for refusing typos in `--select`/`--ignore`.
    public static func isKnownSelector(_ selector: String) -> Bool {
        descriptions.contains { self.selector(selector, matches: $0) }
    }
}
