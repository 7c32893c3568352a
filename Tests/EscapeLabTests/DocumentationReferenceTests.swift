import Foundation
import Testing

/// Everything the code, tests, scripts and committed results cite ships with
/// the package (the DocC articles in Sources/EscapeLab/EscapeLab.docc): no
/// tracked text file may point at the design notes that lived outside the
/// repository. The patterns are assembled here so that this file does not
/// match itself.
@Suite struct DocumentationReferenceTests {
    static let forbidden = ["THEORY" + ".md", "DESIGN" + ".md", ".." + "/shared"]

    /// The repository root: three levels above this file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The tracked files (git ls-files), else every file outside build and VCS folders.
    static func trackedFiles() throws -> [String] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", root.path, "ls-files", "-z"]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        if (try? p.run()) != nil {
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            if p.terminationStatus == 0 {
                return String(decoding: data, as: UTF8.self).split(separator: "\0").map(String.init)
            }
        }
        var files: [String] = []
        let walker = FileManager.default.enumerator(atPath: root.path)
        while let path = walker?.nextObject() as? String {
            let top = path.split(separator: "/").first.map(String.init) ?? path
            if top == ".git" || top == ".swiftpm" || top.hasPrefix(".build") {
                walker?.skipDescendants()
                continue
            }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory),
               !isDirectory.boolValue {
                files.append(path)
            }
        }
        return files
    }

    @Test func noReferenceToNotesOutsideTheRepository() throws {
        let this = URL(fileURLWithPath: #filePath).standardizedFileURL.path
        var offenders: [String] = []
        let files = try Self.trackedFiles()
        #expect(files.count > 50, "found only \(files.count) files under \(Self.root.path)")
        for file in files where !file.hasPrefix(".build") {
            let url = Self.root.appendingPathComponent(file)
            if url.standardizedFileURL.path == this { continue }
            guard let data = FileManager.default.contents(atPath: url.path), !data.contains(0),
                  let text = String(data: data, encoding: .utf8) else { continue }  // binary (PNG) or absent
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where Self.forbidden.contains(where: { line.contains($0) }) {
                offenders.append("\(file):\(n + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(offenders.isEmpty, """
            these lines cite notes outside the repository; cite the shipped DocC \
            article instead (e.g. "Theory article, § Exact mean first-passage time"):
            \(offenders.joined(separator: "\n"))
            """)
    }
}
