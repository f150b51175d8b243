/// codeql-action's `primaryLocationLineHash` (src/fingerprints.ts): a rolling hash over the next
/// 100 non-blank UTF-16 code units from the start of each line, `HEX:N` where N counts earlier lines
/// with the same hash. Providing it ourselves means upload-sarif need not re-read the file, and
/// the value does not depend on the checkout the action sees.
public enum LineHash {
    private static let block = 100
    private static let mod: UInt64 = 37
    private static let first: UInt64 = {
        var p: UInt64 = 1
        for _ in 0..<block { p = p &* mod }
        return p
    }()

    /// line (1-based) → hash, for every line that starts with something other than blanks.
    public static func lineHashes(_ bytes: [UInt8]) -> [Int: String] {
        var out: [Int: String] = [:]
        var window = [UInt64](repeating: 0, count: block)
        var lineNumbers = [Int](repeating: -1, count: block)
        var hash: UInt64 = 0
        var index = 0
        var lineNumber = 0
        var atLineStart = true
        var afterCR = false
        var counts: [UInt64: Int] = [:]

        func output() {
            counts[hash, default: 0] += 1
            out[lineNumbers[index]] = String(hash, radix: 16) + ":" + String(counts[hash]!)
            lineNumbers[index] = -1
        }
        func update(_ c: UInt64) {
            let begin = window[index]
            window[index] = c
            hash = mod &* hash &+ c &- first &* begin
            index = (index + 1) % block
        }
        func process(_ unit: UInt16) {
            var c = UInt64(unit)
            if c == 32 || c == 9 || (afterCR && c == 10) {
                afterCR = false
                return
            }
            if c == 13 {
                c = 10
                afterCR = true
            } else {
                afterCR = false
            }
            if lineNumbers[index] != -1 { output() }
            if atLineStart {
                atLineStart = false
                lineNumber += 1
                lineNumbers[index] = lineNumber
            }
            if c == 10 { atLineStart = true }
            update(c)
        }
        // As the action reads the file: UTF-8 decoded (invalid bytes become U+FFFD), hashed in UTF-16.
        for unit in String(decoding: bytes, as: UTF8.self).utf16 { process(unit) }
        process(0xFFFF)
        for _ in 0..<block {
            if lineNumbers[index] != -1 { output() }
            update(0)
        }
        return out
    }
}
