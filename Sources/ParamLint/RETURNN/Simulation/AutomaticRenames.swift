/// CustomCheckpointLoader's automatic conversions on TF's slow path (semantics 3.2): which obsolete
/// checkpoint variables RETURNN reads a missing model variable from, after a cell or BatchNorm
/// implementation changed names.
enum AutomaticRenames {
    /// `(old checkpoint suffix, new model suffix)` pairs of CustomCheckpointLoader's `map_list`.
    static let suffixRenames: [(old: String, new: String)] = [
        ("lstm_cell/biases", "lstm_cell/bias"),
        ("lstm_cell/weights", "lstm_cell/kernel"),
        ("lstm_cell/bias", "rnn/lstm_cell/bias"),
        ("lstm_cell/kernel", "rnn/lstm_cell/weights"),
        ("rnn/lstm_cell/bias", "lstm_cell/bias"),
        ("rnn/lstm_cell/kernel", "lstm_cell/kernel"),
        ("cudnn_compatible_lstm_cell/bias", "lstm_fused_cell/bias"),
        ("cudnn_compatible_lstm_cell/kernel", "lstm_fused_cell/kernel"),
    ]

    /// The slow path's automatic conversions: for each missing name, the obsolete checkpoint
    /// names RETURNN would read it from (several when it concatenates or converts).
    static func sources(missing: [String], obsolete: Set<String>) -> [String: [String]] {
        var map: [String: [String]] = [:]
        for name in missing {
            for (old, new) in suffixRenames where name.hasSuffix("/" + new) || name == new {
                let candidate = String(name.dropLast(new.count)) + old
                if obsolete.contains(candidate) { map[name] = [candidate]; break }
            }
            if map[name] != nil { continue }
            // NativeLSTM checkpoint (W, W_re, b) → BasicLSTM model (lstm_cell/kernel, bias).
            for cell in ["/rnn/lstm_cell/", "/lstm_cell/", "/rnn/basic_lstm_cell/", "/basic_lstm_cell/"] {
                for (param, sources) in [("kernel", ["W", "W_re"]), ("bias", ["b"])] where name.hasSuffix(cell + param) {
                    let p = String(name.dropLast((cell + param).count))
                    let names = sources.map { p + "/" + $0 }
                    if names.allSatisfy(obsolete.contains) { map[name] = names }
                }
            }
            if map[name] != nil { continue }
            // BasicLSTM checkpoint → NativeLSTM model (rec/W, rec/W_re, rec/b).
            for (param, source) in [("W", "kernel"), ("W_re", "kernel"), ("b", "bias")] where name.hasSuffix("/rec/" + param) {
                let p = String(name.dropLast(param.count))
                for cell in ["rnn/lstm_cell/", "lstm_cell/"] where obsolete.contains(p + cell + source) {
                    map[name] = [p + cell + source]
                    break
                }
            }
            if map[name] != nil { continue }
            // BatchNorm param renames (v0 → v1, v0/v1 → v2).
            if let r = name.firstRange(of: "/batch_norm/") {
                let p = String(name[..<r.upperBound])
                var param = String(name[r.upperBound...])
                var allowPlain = false
                if param.hasPrefix("v2_") { param = String(param.dropFirst(3)); allowPlain = true }
                let matches = obsolete.filter { o in
                    guard o.hasPrefix(p) else { return false }
                    let rest = o.dropFirst(p.count)
                    return rest.hasSuffix("_" + param) || (allowPlain && rest == param)
                }
                if matches.count == 1 { map[name] = [matches.first!] }
            }
        }
        return map
    }
}
