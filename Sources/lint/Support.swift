import ArgumentParser
import ParamLint
#if canImport(Glibc)
import Glibc
#endif

/// A problem that stops the linter (exit 2), reported as one line naming the file and the reason.
struct ToolError: Error {
    var message: String
}

enum Terminal {
    static func writeError(_ text: String) {
        writeAll(2, text)
    }

    static func write(_ text: String) {
        writeAll(1, text)
    }

    /// Raw write(2): the C stdio globals are not concurrency-safe in Swift 6.
    private static func writeAll(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; return }
            bytes = bytes.dropFirst(n)
        }
    }

    static var stdoutIsTerminal: Bool { isatty(1) == 1 }

    static var colorAllowed: Bool {
        if let v = getenv("NO_COLOR"), v.pointee != 0 { return false }
        return stdoutIsTerminal
    }
}

/// Ends the process once the output is written. A run's model, checkpoints and plan are tens of
/// thousands of small objects; the kernel takes the memory back at once, while releasing them one
/// by one would be the last millisecond or two of every run (compilers skip it for the same reason).
enum Finish {
    static func now(_ code: Int32) -> Never {
        Glibc.exit(code)
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif, github
}

enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case error, warning, info, never

    var threshold: Severity? {
        switch self {
        case .error: return .error
        case .warning: return .warning
        case .info: return .info
        case .never: return nil
        }
    }
}

/// `--select PL,CF001 --select preload-inactive`: comma lists, repeatable; unknown selectors are refused.
func parseSelectors(_ raw: [String], option: String) throws -> [String] {
    let items = raw.flatMap { $0.split(separator: ",").map { String($0).trimmingSpaces } }.filter { !$0.isEmpty }
    for item in items where !Registry.isKnownSelector(item) {
        let names = Registry.descriptions.flatMap { [$0.id, $0.name] }
        let hint = DidYouMean.best(for: item, among: names).map { " Did you mean '\($0)'?" } ?? ""
        throw ValidationError("\(option): '\(item)' is not a rule id, name or id prefix.\(hint)")
    }
    return items
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
