import ParamLint
print(ParamLintInfo.version)
