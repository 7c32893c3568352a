import Dispatch
import EscapeLab
import Foundation
import Synchronization

/// SIGINT and SIGTERM during a run: the first asks the engine to stop at the
/// next trajectory boundary (the command then writes its checkpoint, prints
/// the partial summary and exits 130 or 143); a second one exits at once,
/// removing every temporary file.
final class Interruption: @unchecked Sendable {
    let stop = StopFlag()
    private let received = SignalRecord()
    private let sources: [any DispatchSourceSignal]

    /// The first signal that arrived (0 for none).
    final class SignalRecord: Sendable {
        let value = Atomic<Int32>(0)
    }

    init() {
        var sources: [any DispatchSourceSignal] = []
        let flag = stop, received = self.received
        for sig in [SIGINT, SIGTERM] {
            Foundation.signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                if received.value.exchange(sig, ordering: .relaxed) != 0 {
                    OutputFile.removeTemporaries()
                    _exit(128 + sig)
                }
                flag.request()
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    /// The signal that stopped the run, if one did.
    var signal: Int32? {
        let s = received.value.load(ordering: .relaxed)
        return s == 0 ? nil : s
    }

    /// Back to the default handlers.
    func end() {
        for s in sources { s.cancel() }
        Foundation.signal(SIGINT, SIG_DFL)
        Foundation.signal(SIGTERM, SIG_DFL)
    }
}
