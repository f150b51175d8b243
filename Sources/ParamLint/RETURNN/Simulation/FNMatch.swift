enum FNMatch {
    /// Python's fnmatch (`*`, `?`, `[...]`) on whole names, as torch's random-init `pattern` uses it.
    static func matches(_ name: String, _ pattern: String) -> Bool {
        let n = Array(name.unicodeScalars), p = Array(pattern.unicodeScalars)
        func match(_ i: Int, _ j: Int) -> Bool {
            if j == p.count { return i == n.count }
            switch p[j] {
            case "*":
                var k = i
                while true {
                    if match(k, j + 1) { return true }
                    if k == n.count { return false }
                    k += 1
                }
            case "?":
                return i < n.count && match(i + 1, j + 1)
            case "[":
                guard let close = p[(j + 1)...].firstIndex(of: "]"), i < n.count else {
                    return i < n.count && n[i] == "[" && match(i + 1, j + 1)
                }
                var set = Array(p[(j + 1)..<close])
                let negate = set.first == "!"
                if negate { set.removeFirst() }
                var hit = false
                var k = 0
                while k < set.count {
                    if k + 2 < set.count, set[k + 1] == "-" {
                        if set[k].value <= n[i].value && n[i].value <= set[k + 2].value { hit = true }
                        k += 3
                    } else {
                        if set[k] == n[i] { hit = true }
                        k += 1
                    }
                }
                return hit != negate && match(i + 1, close + 1)
            default:
                return i < n.count && n[i] == p[j] && match(i + 1, j + 1)
            }
        }
        return match(0, 0)
    }
}
