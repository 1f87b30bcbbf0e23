import DaemonikerPlatform

/// The launching process's end: waits for the daemon's word until a deadline.
struct ReadinessWaiter {
    /// The read end.
    let descriptor: Int32

    /// How the wait ended.
    enum Outcome: Equatable {
        case ready(pid: Int32)
        case failed(DaemonikerError, pid: Int32?)
        case execFailed(errno: Int32, pid: Int32?)
        case detachFailed(errno: Int32)
        case exited(pid: Int32?)
        case timedOut(pid: Int32?)
    }

    func wait(milliseconds: Int64) -> Outcome {
        let deadline = Platform.monotonicMilliseconds() + milliseconds
        var buffer: [UInt8] = []
        var pid: Int32?
        while true {
            do throws(DaemonikerError) {
                while let frame = try ReadinessFrame.next(from: &buffer) {
                    switch frame {
                    case .pid(let value): pid = value
                    case .ready(let value): return .ready(pid: value)
                    case .failure(let error): return .failed(error, pid: pid)
                    case .execFailed(let code): return .execFailed(errno: code, pid: pid)
                    case .detachFailed(let code): return .detachFailed(errno: code)
                    }
                }
            } catch {
                return .failed(error, pid: pid)
            }
            let left = deadline - Platform.monotonicMilliseconds()
            if left <= 0 { return .timedOut(pid: pid) }
            guard
                let readable = try? Platform.waitReadable(descriptor, milliseconds: Int32(min(left, 60_000)))
            else {
                return .exited(pid: pid)
            }
            if !readable { continue }
            guard let chunk = try? Platform.read(descriptor, upTo: 65536), !chunk.isEmpty else {
                return .exited(pid: pid)
            }
            buffer += chunk
        }
    }
}
