/// "Did you mean …?" by edit distance with a cut-off: it proposes nothing rather than nonsense.
public enum DidYouMean {
    /// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, so `laod` → `load`
    /// is one edit), computed over UTF-8 bytes and abandoned once it exceeds `limit`.
    public static func distance(_ a: String, _ b: String, limit: Int = .max) -> Int {
        let x = Array(a.utf8), y = Array(b.utf8)
        if abs(x.count - y.count) > limit { return limit + 1 }
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prevPrev = [Int](repeating: 0, count: y.count + 1)
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            var rowMin = cur[0]
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var d = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { d = min(d, prevPrev[j - 2] + 1) }
                cur[j] = d
                rowMin = min(rowMin, d)
            }
            if rowMin > limit { return limit + 1 }
            swap(&prevPrev, &prev)
            swap(&prev, &cur)
        }
        return prev[y.count]
    }

    /// The edit budget a word of this length may use before a match is more likely chance than typo.
    public static func cutoff(for word: String) -> Int {
        let n = word.utf8.count
        if n <= 3 { return 1 }
        if n <= 6 { return 1 }
        if n <= 12 { return 2 }
        return 3
    }

    /// The closest candidate within the cut-off; ties go to the earlier candidate.
    public static func best(for word: String, among candidates: some Sequence<String>) -> String? {
        let limit = cutoff(for: word)
        var best: (String, Int)?
        for c in candidates where c != word {
            let d = distance(word, c, limit: best.map { min($0.1, limit) } ?? limit)
            if d <= limit, d < (best?.1 ?? Int.max) { best = (c, d) }
        }
        return best?.0
    }
}

/// Did-you-mean over many names (100 000 checkpoint variables): candidates are bucketed by length
/// and filtered by a character-count bound before any edit distance is computed.
public struct NameSuggester: Sendable {
    private let byLength: [Int: [String]]

    public init(_ names: some Sequence<String>) {
        var buckets: [Int: [String]] = [:]
        for n in names { buckets[n.utf8.count, default: []].append(n) }
        self.byLength = buckets
    }

    public func best(for word: String, limit: Int? = nil) -> String? {
        let budget = limit ?? DidYouMean.cutoff(for: word)
        let n = word.utf8.count
        var best: (String, Int)?
        var histogram = [Int](repeating: 0, count: 256)
        for b in word.utf8 { histogram[Int(b)] += 1 }
        for len in max(0, n - budget)...(n + budget) {
            guard let bucket = byLength[len] else { continue }
            for candidate in bucket where candidate != word {
                // Every byte one side has and the other lacks costs at least one edit: a cheap bound first.
                var h = histogram
                var diff = 0
                for b in candidate.utf8 {
                    if h[Int(b)] > 0 { h[Int(b)] -= 1 } else { diff += 1 }
                }
                let lowerBound = max(diff, n - (candidate.utf8.count - diff))
                let current = best?.1 ?? budget
                if lowerBound > current { continue }
                let d = DidYouMean.distance(word, candidate, limit: current)
                if d <= budget, d < (best?.1 ?? Int.max) { best = (candidate, d) }
            }
        }
        return best?.0
    }
}
