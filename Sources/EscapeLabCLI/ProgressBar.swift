import Foundation

/// A one-line progress bar on stderr, drawn only when stderr is a terminal.
enum ProgressBar {
    static func callbackIfTerminal() -> (@Sendable (Int, Int) -> Void)? {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        return { done, total in
            let width = 30
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            var line = "\r[\(bar)] \(done)/\(total)"
            if done == total { line += "\r" + String(repeating: " ", count: line.count + 2) + "\r" }
            FileHandle.standardError.write(Data(line.utf8))
        }
    }
}
