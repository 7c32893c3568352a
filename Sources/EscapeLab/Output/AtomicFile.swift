import Foundation

/// Writes files so that a reader never sees a partial one: each file goes to a
/// temporary sibling first and is renamed over its destination only when all
/// of a command's files have been written; on any failure every temporary is
/// removed and nothing is left behind.
public enum AtomicFile {
    /// Checks before a long run that `path` could be created (its directory
    /// exists and is writable, and it is not a directory itself).
    public static func checkWritable(_ path: String, flag: String) throws {
        let url = URL(fileURLWithPath: path)
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw SpecError.io(path: path, reason: "\(flag) names a directory; expected a file path")
        }
        let dir = url.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw SpecError.io(path: path, reason: "directory '\(dir)' does not exist")
        }
        guard FileManager.default.isWritableFile(atPath: dir) else {
            throw SpecError.io(path: path, reason: "directory '\(dir)' is not writable")
        }
    }

    /// The file a path names, however it is spelt: its directory resolved by
    /// `realpath` (`.`, `..` and symbolic links, as the system resolves them),
    /// then the last component, itself followed when it is a link.
    public static func canonical(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        let parent = url.deletingLastPathComponent().path
        var dir = parent
        if let r = realpath(parent, nil) {
            dir = String(cString: r)
            free(r)
        }
        let full = (dir == "/" ? "" : dir) + "/" + name
        if name != "..", name != ".", let target = try? FileManager.default.destinationOfSymbolicLink(atPath: full) {
            return canonical(target.hasPrefix("/") ? target : dir + "/" + target)
        }
        return full
    }

    /// Refuses two output flags that name one file (`a.json` and `./a.json`),
    /// since the second write would replace the first.
    public static func checkDistinct(_ outputs: [(flag: String, path: String)]) throws {
        for (i, a) in outputs.enumerated() {
            for b in outputs[..<i] where canonical(a.path) == canonical(b.path) {
                throw SpecError.conflict("\(b.flag) '\(b.path)' and \(a.flag) '\(a.path)' name the same file; give each its own path")
            }
        }
    }

    /// Writes every (path, contents) pair or none of them.
    public static func write(_ files: [(path: String, contents: String)]) throws {
        try checkDistinct(files.map { (flag: "output", path: $0.path) })
        var temporaries: [(tmp: String, path: String)] = []
        do {
            for (k, (path, contents)) in files.enumerated() {
                let tmp = URL(fileURLWithPath: path).deletingLastPathComponent()
                    .appendingPathComponent(".\(URL(fileURLWithPath: path).lastPathComponent).\(getpid()).\(k).tmp").path
                temporaries.append((tmp, path))
                guard FileManager.default.createFile(atPath: tmp, contents: Data(contents.utf8)) else {
                    throw SpecError.io(path: path, reason: "the file could not be created")
                }
            }
            for (tmp, path) in temporaries {
                guard rename(tmp, path) == 0 else {
                    throw SpecError.io(path: path, reason: String(cString: strerror(errno)))
                }
            }
        } catch {
            for (tmp, _) in temporaries { try? FileManager.default.removeItem(atPath: tmp) }
            throw error
        }
    }
}
