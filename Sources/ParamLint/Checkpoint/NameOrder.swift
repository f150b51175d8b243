import Glibc

/// Byte order of variable names (what TensorFlow sorts by; Swift's `<` on String is not it),
/// shared by the readers and the model's listing so that a name list is sorted once per run.
///
/// The names are laid out in one buffer, so that a comparison is a plain byte compare (no
/// allocation or reference counting each), and most comparisons are settled by the first 16 bytes
/// read as two big-endian integers (zero-padded: where they differ, they order as the bytes do).
struct NameOrder {
    private var bytes: [UInt8] = []
    private var bounds: [Range<Int>] = []
    private var heads: [(UInt64, UInt64)] = []

    init(_ names: [String]) {
        bounds.reserveCapacity(names.count)
        heads.reserveCapacity(names.count)
        for var name in names {
            let start = bytes.count
            name.withUTF8 { bytes.append(contentsOf: $0) }
            bounds.append(start..<bytes.count)
            var head: (UInt64, UInt64) = (0, 0)
            var i = 0
            while i < 16, start + i < bytes.count {
                let b = UInt64(bytes[start + i])
                if i < 8 { head.0 |= b << (56 - 8 * i) } else { head.1 |= b << (56 - 8 * (i - 8)) }
                i += 1
            }
            heads.append(head)
        }
    }

    var count: Int { bounds.count }

    /// -1, 0 or 1 as name `a` sorts before, equal to or after name `b`.
    func compare(_ a: Int, _ b: Int) -> Int {
        if heads[a] != heads[b] { return heads[a] < heads[b] ? -1 : 1 }
        let x = bounds[a], y = bounds[b]
        let n = min(x.count, y.count)
        if n > 16 {
            let c = bytes.withUnsafeBytes { memcmp($0.baseAddress! + x.lowerBound + 16, $0.baseAddress! + y.lowerBound + 16, n - 16) }
            if c != 0 { return c < 0 ? -1 : 1 }
        }
        return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
    }

    /// The positions in byte order of the names, equal names in their original order (a stable sort).
    func stableOrder() -> [Int] {
        let n = count
        // Already in order (the usual case for a reader's output): one comparison per name.
        var i = 1
        while i < n, compare(i - 1, i) <= 0 { i += 1 }
        if i >= n { return Array(0..<n) }
        // Inferred variables come layer by layer from `output` back to the inputs: ascending
        // runs (a layer's variables) whose order is descending. Then the runs reversed are the
        // sorted order (no name is shared between runs, so it is the stable sort's). A listing
        // with `global_step` last is the same shape.
        var runStarts = [0]
        for i in 1..<n where compare(i - 1, i) > 0 { runStarts.append(i) }
        let runEnds = Array(runStarts.dropFirst()) + [n]
        if runStarts.indices.dropFirst().allSatisfy({ compare(runEnds[$0] - 1, runStarts[$0 - 1]) < 0 }) {
            var order: [Int] = []
            order.reserveCapacity(n)
            for (start, end) in zip(runStarts, runEnds).reversed() { order += start..<end }
            return order
        }
        // Otherwise a merge sort, which takes long ascending runs in linear time.
        return (0..<n).sorted { a, b in
            let c = compare(a, b)
            return c < 0 || (c == 0 && a < b)
        }
    }

    static func stableOrder(_ names: [String]) -> [Int] { NameOrder(names).stableOrder() }

    /// In `range` of a list sorted in byte order (name `i` read by `nameAt`), the first position
    /// whose name comes after `name` — or, with `orEqual`, at or after it. Every search for a name
    /// in a sorted list (checkpoint, model, plan, load map) is this one.
    @inline(__always)
    static func boundary(of name: String, in range: Range<Int>, orEqual: Bool = false, nameAt: (Int) -> String) -> Int {
        var lo = range.lowerBound
        var hi = range.upperBound
        let limit = orEqual ? 0 : 1  // compare < limit: still before the boundary
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if Checkpoint.compareBytes(nameAt(mid), name) < limit { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The position of `name` among `count` names sorted in byte order without repeats.
    @inline(__always)
    static func position(of name: String, count: Int, nameAt: (Int) -> String) -> Int? {
        let i = boundary(of: name, in: 0..<count, orEqual: true, nameAt: nameAt)
        return i < count && Checkpoint.compareBytes(nameAt(i), name) == 0 ? i : nil
    }

    /// `items` sorted by name in byte order, stably.
    static func sorted<T>(_ items: [T], name: (T) -> String) -> [T] {
        stableOrder(items.map(name)).map { items[$0] }
    }
}
