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

    /// Writes every (path, contents) pair or none of them.
    public static func write(_ files: [(path: String, contents: String)]) throws {
        var temporaries: [(tmp: String, path: String)] = []
        do {
            for (path, contents) in files {
                let tmp = URL(fileURLWithPath: path).deletingLastPathComponent()
                    .appendingPathComponent(".\(URL(fileURLWithPath: path).lastPathComponent).\(getpid()).tmp").path
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
