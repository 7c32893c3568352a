import EscapeLab
import EscapeLabTestSupport
import Foundation
import Testing

/// The default --threads is the number of CPUs in the process's affinity mask
/// (taskset, numactl, a batch system's CPU binding), not every online core.
@Suite struct AffinityTests {
    /// taskset from util-linux, where there is one.
    static let taskset: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        .split(separator: ":").map { "\($0)/taskset" }
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static let run = ["run", "--trajectories", "20", "--max-steps", "1000", "--escape", "x0>=0.5",
                      "--seed", "3", "--quiet", "--format", "json"]

    @Test(.enabled(if: taskset != nil, "taskset is not installed"))
    func defaultThreadsFollowTheAffinityMask() throws {
        let r = try TestSupport.run(["-c", "0", TestSupport.escapelabBinary] + Self.run, executable: Self.taskset)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try JSONParser.parse(r.stdout)["threads"]?.intValue == 1, "\(r.stdout)")
    }

    @Test(.enabled(if: taskset != nil, "taskset is not installed"))
    func explicitThreadsWinOverTheMask() throws {
        let r = try TestSupport.run(["-c", "0", TestSupport.escapelabBinary] + Self.run + ["--threads", "3"],
                                    executable: Self.taskset)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try JSONParser.parse(r.stdout)["threads"]?.intValue == 3, "\(r.stdout)")
    }
}
