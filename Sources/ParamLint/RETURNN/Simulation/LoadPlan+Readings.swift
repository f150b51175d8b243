/// Questions the rules ask of a plan that need RETURNN's naming or the names' byte order. They live
/// here, next to the simulation that fixes those rules, so that a rule reads an answer and never
/// searches names itself; each is computed on demand because most runs ask none of them.
extension LoadPlan {
    /// True when the rule selects some model variable other than `global_step` (which preloads never
    /// consider), whether or not the entry applies in this task.
    public func selectsModelVariables(_ rule: PrefixRule) -> Bool {
        // The names are in byte order: those starting with the prefix (the usual match, and torch's
        // only one) are neighbours found by a binary search; only on TF, and only when that finds
        // none, is every name searched for the prefix as a substring.
        let names = SortedNames(variables)
        if names.range(withPrefix: rule.prefix).contains(where: { variables[$0].name != "global_step" }) { return true }
        guard rule.backend == .tf else { return false }
        return names.firstPosition(containing: rule.prefix, where: { $0 != "global_step" }) != nil
    }

    /// The model's scopes with as many components as the rule's prefix (`lm/`, or `lm/emb/` for a
    /// two-part prefix; `lm.` for torch), sorted: the candidates a mistyped prefix was meant to be.
    public func modelScopes(like rule: PrefixRule) -> [String] {
        let sep = rule.separator.utf8.first!
        let depth = max(1, rule.prefix.utf8.lazy.filter { $0 == sep }.count)
        var out = Set<String>()
        for v in variables where v.name != "global_step" {
            var count = 0
            var length = 0
            for b in v.name.utf8 {
                length += 1
                guard b == sep else { continue }
                count += 1
                if count == depth {
                    out.insert(String(v.name.utf8.prefix(length))!)
                    break
                }
            }
        }
        return out.sorted()
    }

    /// TF: the model variables whose name contains the entry's prefix other than (only) at its start
    /// (M8). The simulation notes them while matching; an entry it did not match is searched here.
    public func substringMatches(of entry: EntryPlan) -> [String] {
        if entry.simulated { return entry.substringMatches }
        guard entry.naming.backend == .tf, !entry.naming.prefix.isEmpty else { return [] }
        let needle = NameMatching.Needle(entry.naming.prefix)
        return variables.compactMap { v in v.name != "global_step" && needle.occursInside(v.name) ? v.name : nil }
    }

    /// True when the entry may load a variable of the layer scope `scope` (`enc/`): what it loads
    /// once simulated; before that, judged from the prefix, as far as the model is known.
    public func mayLoad(_ entry: EntryPlan, inScope scope: String) -> Bool {
        if entry.simulated { return entry.loads.keys.contains { NameMatching.hasPrefix($0, scope) } }
        let prefix = entry.naming.prefix
        if prefix.isEmpty { return true }
        return NameMatching.contains(scope, prefix) || NameMatching.hasPrefix(prefix, scope)
            || variables.contains { NameMatching.hasPrefix($0.name, scope) && NameMatching.contains($0.name, prefix) }
    }

    /// How much of a simulated entry's checkpoint the entry reads: what it loads and what an earlier
    /// entry took first (those names are not unused). `global_step` is left out of `unused`:
    /// preloads never load it. nil when the entry's checkpoint was not read.
    public func checkpointUse(of entry: EntryPlan) -> CheckpointUse? {
        guard let ckpt = entry.lookup?.checkpoint else { return nil }
        var used = [Bool](repeating: false, count: ckpt.variables.count)
        Self.mark(entry.loads, in: ckpt, &used)
        Self.mark(entry.preempted, in: ckpt, &used)
        return CheckpointUse(checkpoint: ckpt, used: used, skipping: "global_step")
    }

    /// How much of the main checkpoint the main load reads; a variable a preload filled is not read
    /// from it, but its name is not unused there either. nil when the main load read nothing.
    public func mainCheckpointUse() -> CheckpointUse? {
        guard let ckpt = main.lookup?.checkpoint, !main.loads.isEmpty else { return nil }
        var used = [Bool](repeating: false, count: ckpt.variables.count)
        Self.mark(main.loads, in: ckpt, &used)
        var cursor = ckpt.sortedNames.cursor()
        for v in variables {
            guard case .preload = v.source else { continue }
            if let i = cursor.position(of: v.name) { used[i] = true }
        }
        return CheckpointUse(checkpoint: ckpt, used: used, skipping: nil)
    }

    /// Marks the checkpoint variables a load reads, by position; a conversion marks each source.
    private static func mark(_ map: NameMap, in ckpt: Checkpoint, _ used: inout [Bool]) {
        for (k, p) in map.checkpointPositions.enumerated() {
            if p >= 0 { used[Int(p)] = true; continue }
            for name in map.checkpointNames(at: k) {
                if let i = ckpt.position(of: name) { used[i] = true }
            }
        }
    }

    /// Pairs of active, simulated entries where the later one (in RETURNN's sorted order) covers
    /// variables the earlier one loaded: the earlier wins, RETURNN never overwrites a preloaded
    /// variable. The names are in model order.
    public func preloadOverlaps() -> [PreloadOverlap] {
        let active = entries.filter { $0.active == true && $0.simulated }
        guard active.count > 1 else { return [] }
        // Variables by their position in the model (the plans record it): an entry's loads as a
        // bit per variable, and the overlap read off in model order, which is name order.
        let size = active.map { e in
            max(e.loads.modelPositions.max() ?? -1, e.candidates.modelPositions.max() ?? -1, e.preempted.modelPositions.max() ?? -1)
        }.max().map { Int($0) + 1 } ?? 0
        var overlaps: [PreloadOverlap] = []
        var loadedBy: [[Bool]] = []
        for (i, later) in active.enumerated() {
            // What the later entry covers: its candidates and what an earlier entry took first.
            var covered: [(position: Int32, name: String)] = []
            for map in [later.candidates, later.preempted] {
                for (k, p) in map.modelPositions.enumerated() { covered.append((p, map.keys[k])) }
            }
            covered.sort { $0.position < $1.position }
            for (j, earlier) in active[..<i].enumerated() {
                let both = covered.filter { loadedBy[j][Int($0.position)] }.map(\.name)
                guard !both.isEmpty else { continue }
                overlaps.append(PreloadOverlap(earlier: earlier, later: later, names: both))
            }
            var mine = [Bool](repeating: false, count: size)
            for p in later.loads.modelPositions { mine[Int(p)] = true }
            loadedBy.append(mine)
        }
        return overlaps
    }
}

extension EntryPlan {
    /// Torch, a random-init entry (`filename: None`): true when it resets this model key.
    public func randomInitResets(_ key: String) -> Bool {
        PrefixRule.randomInitResets(key, pattern: entry.pattern, prefix: entry.prefix) ?? false
    }
}

/// Which variables of a checkpoint a load reads.
public struct CheckpointUse: Sendable {
    public var checkpoint: Checkpoint
    /// How many of the checkpoint's variables are read.
    public var usedCount: Int
    /// The names not read, in the checkpoint's (byte) order.
    public var unused: [String]

    init(checkpoint: Checkpoint, used: [Bool], skipping skipped: String?) {
        self.checkpoint = checkpoint
        usedCount = used.lazy.filter { $0 }.count
        unused = checkpoint.variables.indices.compactMap { i in
            let name = checkpoint.variables[i].name
            return used[i] || name == skipped ? nil : name
        }
    }
}

/// Two preload entries that both cover the same model variables.
public struct PreloadOverlap: Sendable {
    public var earlier: EntryPlan
    public var later: EntryPlan
    public var names: [String]
}
