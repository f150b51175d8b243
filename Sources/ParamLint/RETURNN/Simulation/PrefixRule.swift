/// RETURNN's rule for one preload entry's `prefix`, per engine: the one place that knows that TF
/// treats the prefix as a substring (`name.replace(prefix, "")`, M8) while torch prepends it to every
/// checkpoint key (M10). The simulation and the rules both ask it, so the two engines' semantics
/// cannot drift apart between them.
public struct PrefixRule: Sendable, Hashable {
    public var backend: Backend
    public var prefix: String

    /// The separator a scope prefix ends with: `/` for TF variable names, `.` for torch keys.
    public var separator: String { backend == .tf ? "/" : "." }

    /// True when the prefix is non-empty and does not end with the engine's separator (PL007).
    public var lacksSeparator: Bool { !prefix.isEmpty && !prefix.hasSuffix(separator) }

    /// The same rule with the separator appended: what the author evidently meant.
    public var withSeparator: PrefixRule { PrefixRule(backend: backend, prefix: prefix + separator) }

    /// True when the entry considers this model variable: TF, the name contains the prefix;
    /// torch, the name starts with it. An empty prefix selects every name.
    public func selects(_ modelName: String) -> Bool {
        guard !prefix.isEmpty else { return true }
        return backend == .tf ? NameMatching.contains(modelName, prefix) : NameMatching.hasPrefix(modelName, prefix)
    }

    /// The checkpoint name RETURNN looks a selected model variable up by: TF removes every
    /// occurrence of the prefix, torch the leading one.
    public func checkpointName(forModel name: String) -> String {
        backend == .tf ? NameMatching.removingAll(prefix, from: name) : String(name.dropFirst(prefix.count))
    }

    /// An `ignore_params`, `ignore_params_prefixes` or `var_name_mapping` item as the model name it
    /// stands for: written with the prefix, or without it and read with it.
    public func modelName(forItem item: String) -> String {
        NameMatching.hasPrefix(item, prefix) ? item : prefix + item
    }

    /// Torch, a random-init entry (`filename: None`): true when it resets this model key, by its
    /// `pattern` (fnmatch) or else by its prefix; nil when it has neither (RETURNN's ValueError).
    static func randomInitResets(_ key: String, pattern: String?, prefix: String) -> Bool? {
        if let pattern { return FNMatch.matches(key, pattern) }
        guard !prefix.isEmpty else { return nil }
        return key.hasPrefix(prefix)
    }

    /// Where the prefix occurs in a name besides its start: inside a path component (`enc_main_l1`:
    /// evidently not meant), or only at the start of a component (`output/rec/lm_dec/W`: how LM
    /// fusion configs load an LM into a decoder scope, meant as long as the checkpoint agrees).
    public func occursInsideComponent(of name: String) -> Bool {
        let p = Array(prefix.utf8), n = Array(name.utf8)
        guard !p.isEmpty, n.count >= p.count else { return false }
        var i = 1
        while i + p.count <= n.count {
            if n[i] == p[0], n[i - 1] != UInt8(ascii: "/"), n[i..<(i + p.count)].elementsEqual(p) { return true }
            i += 1
        }
        return false
    }
}
