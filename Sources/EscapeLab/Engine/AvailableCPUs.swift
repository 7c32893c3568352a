import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The number of CPUs this process may run on (the default thread count): the CPUs in its affinity mask
/// (what `taskset`, `numactl` and SLURM's CPU binding restrict), or, where the
/// mask cannot be read, `ProcessInfo.activeProcessorCount`, which on Linux
/// counts every online CPU whatever the mask.
public enum AvailableCPUs {
    public static var count: Int {
        #if os(Linux)
        if let n = affinityCount(), n >= 1 { return n }
        #endif
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    #if os(Linux)
    /// glibc's `int sched_getaffinity(pid_t, size_t, cpu_set_t *)`. Swift's
    /// Glibc module leaves it out (it is declared under _GNU_SOURCE only), so
    /// it is looked up by name in the already loaded libc.
    private typealias GetAffinity = @convention(c) (pid_t, Int, UnsafeMutableRawPointer?) -> Int32

    /// The set bits of `sched_getaffinity(0, ...)`, or nil when it is missing
    /// or fails. The mask grows from glibc's 1024-CPU `cpu_set_t` while the
    /// kernel answers EINVAL (more possible CPUs than the buffer holds).
    static func affinityCount() -> Int? {
        guard let libc = dlopen(nil, RTLD_NOW) else { return nil }
        defer { dlclose(libc) }
        guard let symbol = dlsym(libc, "sched_getaffinity") else { return nil }
        let getAffinity = unsafeBitCast(symbol, to: GetAffinity.self)
        var words = MemoryLayout<cpu_set_t>.size / MemoryLayout<UInt64>.size
        while words <= 1 << 17 {
            let mask = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
            defer { mask.deallocate() }
            mask.initialize(repeating: 0, count: words)
            if getAffinity(0, words * MemoryLayout<UInt64>.size, mask) == 0 {
                return UnsafeBufferPointer(start: mask, count: words).reduce(0) { $0 + $1.nonzeroBitCount }
            }
            guard errno == EINVAL else { return nil }
            words *= 2
        }
        return nil
    }
    #endif
}
