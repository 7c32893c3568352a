import Dispatch
import Foundation
import Synchronization

/// Reports (done, total) to a callback five times a second from a background
/// queue while an ensemble runs, and once more when it stops.
@usableFromInline
final class ProgressPoller: Sendable {
    private let callback: (@Sendable (Int, Int) -> Void)?
    private let finished: AtomicCounter
    private let total: Int
    private let running = Atomic<Bool>(true)
    private let group = DispatchGroup()

    @usableFromInline
    init(_ callback: (@Sendable (Int, Int) -> Void)?, finished: AtomicCounter, total: Int) {
        self.callback = callback
        self.finished = finished
        self.total = total
        guard let callback else { return }
        group.enter()
        DispatchQueue.global().async { [self] in
            while running.load(ordering: .relaxed) {
                callback(finished.load(), total)
                Thread.sleep(forTimeInterval: 0.2)
            }
            group.leave()
        }
    }

    @usableFromInline
    func stop() {
        running.store(false, ordering: .relaxed)
        guard let callback else { return }
        group.wait()
        callback(finished.load(), total)
    }
}
