import Foundation

// Output files are never seen half-written and never replace what they must
// not. A regular (or new) file is written to a temporary sibling named after
// it (`.NAME.escapelab-PID.tmp`) and renamed over its destination only when
// the command has written every output; a failure or a SIGINT/SIGTERM removes
// every temporary. A destination that exists and is not a regular file (a
// device such as /dev/null or /dev/full, a FIFO) is written in place, never
// replaced by a regular file. Errors carry the system's reason (errno).

/// One output of a command, streamed to and committed at the end.
public final class OutputFile {
    public let path: String
    /// Where the bytes go while the command runs (the temporary, or `path` itself).
    public let writingPath: String
    public let isInPlace: Bool
    private var fd: Int32
    private var buffer: [UInt8] = []
    private var committed = false

    /// Temporaries not yet committed, removed on SIGINT/SIGTERM.
    nonisolated(unsafe) private static var pending: Set<String> = []
    private static let lock = NSLock()

    /// Opens the output (checks before a long run that it can be written).
    public init(_ path: String) throws {
        self.path = path
        var st = stat()
        let exists = stat(path, &st) == 0
        let kind = st.st_mode & S_IFMT
        if exists, kind == S_IFDIR {
            throw SpecError.io(path: path, reason: "it is a directory; expected a file path")
        }
        if exists, kind == S_IFCHR || kind == S_IFIFO || kind == S_IFBLK {
            // A device or FIFO: written in place, never replaced.
            isInPlace = true
            writingPath = path
            fd = open(path, O_WRONLY)
        } else if exists, kind != S_IFREG, kind != S_IFLNK {
            throw SpecError.io(path: path, reason: "it is neither a regular file, a device nor a FIFO")
        } else {
            isInPlace = false
            let url = URL(fileURLWithPath: path)
            let dir = url.deletingLastPathComponent().path
            writingPath = (dir == "/" ? "" : dir) + "/." + url.lastPathComponent + ".escapelab-\(getpid()).tmp"
            fd = open(writingPath, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL, 0o644)
            if fd < 0, errno == EEXIST {
                unlink(writingPath)
                fd = open(writingPath, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL, 0o644)
            }
            if fd >= 0 { Self.register(writingPath) }
        }
        guard fd >= 0 else { throw SpecError.io(path: path, reason: Self.reason()) }
    }

    deinit {
        if fd >= 0 { close(fd) }
        if !committed, !isInPlace { Self.unregister(writingPath); unlink(writingPath) }
    }

    /// The system's text for errno ("No space left on device").
    static func reason() -> String { String(cString: strerror(errno)) }

    /// Appends bytes (buffered).
    public func write<S: Sequence>(_ bytes: S) throws where S.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    public func write(_ text: String) throws { try write(text.utf8) }

    /// Writes the buffer out.
    public func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SpecError.io(path: path, reason: Self.reason())
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes; the temporary is renamed by ``commit(_:)``.
    func finishWriting() throws {
        try flush()
        if close(fd) != 0 {
            fd = -1
            throw SpecError.io(path: path, reason: Self.reason())
        }
        fd = -1
    }

    /// Finishes every output and renames each temporary over its destination:
    /// all of them, or (on an error before the renames) none.
    public static func commit(_ files: [OutputFile]) throws {
        for f in files { try f.finishWriting() }
        for f in files where !f.isInPlace {
            guard rename(f.writingPath, f.path) == 0 else { throw SpecError.io(path: f.path, reason: reason()) }
            f.committed = true
            unregister(f.writingPath)
        }
        for f in files { f.committed = true }
    }

    /// Writes whole texts to their paths, all or none.
    public static func write(_ contents: [(path: String, contents: String)]) throws {
        try checkDistinct(contents.map { (label: "output", path: $0.path) })
        let files = try contents.map { try OutputFile($0.path) }
        for (f, c) in zip(files, contents) { try f.write(c.contents) }
        try commit(files)
    }

    // MARK: - Temporaries and signals

    static func register(_ path: String) {
        lock.lock(); defer { lock.unlock() }
        pending.insert(path)
    }

    static func unregister(_ path: String) {
        lock.lock(); defer { lock.unlock() }
        pending.remove(path)
    }

    /// Removes every temporary not yet committed (SIGINT/SIGTERM, before exiting).
    public static func removeTemporaries() {
        lock.lock(); defer { lock.unlock() }
        for p in pending { unlink(p) }
        pending.removeAll()
    }

    // MARK: - Paths

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

    /// Refuses two paths that name one file (`a.json` and `./a.json`): the
    /// second write would replace the first, or an output would replace an input.
    /// A character device (`/dev/null`) may be named twice: it is written in
    /// place and nothing is replaced.
    public static func checkDistinct(_ paths: [(label: String, path: String)]) throws {
        func isCharacterDevice(_ path: String) -> Bool {
            var st = stat()
            return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFCHR
        }
        for (i, a) in paths.enumerated() where !isCharacterDevice(a.path) {
            for b in paths[..<i] where canonical(a.path) == canonical(b.path) {
                throw SpecError.conflict("\(b.label) '\(b.path)' and \(a.label) '\(a.path)' name the same file; give each its own path")
            }
        }
    }
}
